// The pure comparisons behind a push's confirmation: what Prometheus/Alertmanager report against what was pushed.
import { describe, expect, it } from 'vitest';
import {
  compareBlackboxModules,
  alertmanagerConfigHash,
  compareRuleGroups,
  configContains,
  expectedRuleGroups,
  metricValue,
  scrapeJobNames,
  type ExpectedGroup,
  type ReportedGroup,
} from '../../lib/deploy/files-confirm';
import { generate } from '../../lib/generate';
import type { GeneratedFile } from '../../lib/generate/types';
import { seedRegistry } from '../helpers/seed';

/** What Prometheus's /api/v1/rules would say after loading `groups` from a tree at `root`. */
function reportedFrom(groups: readonly ExpectedGroup[], root: string): ReportedGroup[] {
  return groups.map((g) => ({
    name: g.name,
    file: `${root}/prometheus/${g.tail}`,
    rules: g.rules.map((r) => ({
      type: r.type,
      name: r.name,
      ...(r.type === 'alerting' ? { duration: r.forSeconds } : {}),
      labels: { ...r.labels },
      annotations: { ...r.annotations },
    })),
  }));
}

const tree = (config: string, rules: Record<string, string>): GeneratedFile[] => [
  { path: 'prometheus/prometheus.yml', content: config },
  ...Object.entries(rules).map(([p, content]) => ({ path: p, content })),
];

describe('expectedRuleGroups', () => {
  it('reads the groups of every rule file prometheus.yml names, resolved against its folder', () => {
    const { files } = generate(seedRegistry());
    const { groups, outside } = expectedRuleGroups(files);
    expect(outside).toEqual([]);
    expect(new Set(groups.map((g) => g.file))).toEqual(new Set(['prometheus/rules/services.yml', 'prometheus/rules/pages.yml', 'prometheus/rules/slo.yml']));
    expect(groups.find((g) => g.file === 'prometheus/rules/services.yml')?.tail).toBe('rules/services.yml');
    const ollama = groups.find((g) => g.rules.some((r) => r.labels.service === 'ollama' && r.type === 'alerting'));
    expect(ollama, 'a group with the seed service ollama').toBeDefined();
    expect(groups.some((g) => g.rules.some((r) => r.type === 'recording'))).toBe(true);
  });

  it('follows globs and ../ paths, loads a file named twice once, and sets absolute ones aside', () => {
    const files = tree('rule_files: [rules/*.yml, rules/a.yml, ../shared/x.yml, /etc/prometheus/extra.yml]\n', {
      'prometheus/rules/a.yml': 'groups:\n  - name: a\n    rules:\n      - alert: A\n        expr: up == 0\n        for: 5m\n',
      'prometheus/rules/b.yml': 'groups:\n  - name: b\n    rules:\n      - record: job:up:sum\n        expr: sum by (job) (up)\n',
      'prometheus/rules/sub/c.yml': 'groups:\n  - name: c\n    rules: []\n',
      'shared/x.yml': 'groups:\n  - name: x\n    rules: []\n',
    });
    const { groups, outside } = expectedRuleGroups(files);
    expect(groups.map((g) => [g.file, g.tail, g.name])).toEqual([
      ['prometheus/rules/a.yml', 'rules/a.yml', 'a'],
      ['prometheus/rules/b.yml', 'rules/b.yml', 'b'],
      ['shared/x.yml', 'shared/x.yml', 'x'],
    ]);
    expect(groups[0]!.rules).toEqual([{ type: 'alerting', name: 'A', forSeconds: 300, labels: {}, annotations: {} }]);
    expect(outside).toEqual(['/etc/prometheus/extra.yml']);
  });

  it('says which file is not YAML, and when there is no prometheus.yml', () => {
    expect(() => expectedRuleGroups(tree('rule_files: [r.yml]\n', { 'prometheus/r.yml': 'groups: [' }))).toThrow(/prometheus\/r\.yml is not valid YAML/);
    expect(() => expectedRuleGroups([])).toThrow(/no prometheus\/prometheus\.yml/);
  });
});

describe('compareRuleGroups', () => {
  const { files } = generate(seedRegistry());
  const { groups } = expectedRuleGroups(files);

  it('finds nothing when Prometheus reports exactly the pushed groups, wherever it sees the folder', () => {
    expect(compareRuleGroups(groups, reportedFrom(groups, '/srv/monitoring/current'))).toEqual([]);
    expect(compareRuleGroups(groups, reportedFrom(groups, '/etc'))).toEqual([]); // a container mounting the tree at /etc
  });

  it('names a missing group, a group nobody pushed, and a different rule', () => {
    const reported = reportedFrom(groups, '/d');
    const [first, second] = [reported[0]!, reported[1]!];
    reported.splice(1, 1);
    reported.push({ name: 'old-group', file: '/d/prometheus/rules/services.yml', rules: [] });
    first.rules[0] = { ...first.rules[0]!, labels: { ...first.rules[0]!.labels, severity: 'info' } };
    const problems = compareRuleGroups(groups, reported);
    expect(problems).toContain(`rule group ${JSON.stringify(second.name)} of ${groups[1]!.file} is not loaded`);
    expect(problems).toContain('Prometheus has rule group "old-group" from /d/prometheus/rules/services.yml, which the push does not contain');
    expect(problems.some((p) => p.startsWith(`group ${JSON.stringify(first.name)}`) && /labels differ at severity \(pushed "\w+", loaded "info"\)/.test(p))).toBe(true);
  });

  it('compares each rule by type, name and for', () => {
    const expected: ExpectedGroup[] = [
      {
        file: 'prometheus/rules/a.yml',
        tail: 'rules/a.yml',
        name: 'a',
        rules: [
          { type: 'alerting', name: 'Down', forSeconds: 120, labels: {}, annotations: { summary: 's' } },
          { type: 'recording', name: 'job:up:sum', forSeconds: 0, labels: {}, annotations: {} },
        ],
      },
    ];
    const rules = (downFor: number, second: ReportedGroup['rules'][number]) => [
      { name: 'a', file: '/x/rules/a.yml', rules: [{ type: 'alerting', name: 'Down', duration: downFor, annotations: { summary: 's' } }, second] },
    ];
    expect(compareRuleGroups(expected, rules(120, { type: 'recording', name: 'job:up:sum' }))).toEqual([]);
    expect(compareRuleGroups(expected, rules(60, { type: 'recording', name: 'job:up:sum' }))).toEqual([
      'group "a" (prometheus/rules/a.yml), rule 1 "Down": for is 60 s loaded, 120 s pushed',
    ]);
    expect(compareRuleGroups(expected, rules(120, { type: 'alerting', name: 'job:up:sum' }))).toEqual([
      'group "a" (prometheus/rules/a.yml), rule 2 "job:up:sum": loaded alerting rule "job:up:sum", pushed recording rule',
    ]);
    expect(compareRuleGroups(expected, [{ name: 'a', file: '/x/rules/a.yml', rules: [] }])).toEqual(['group "a" (prometheus/rules/a.yml): 0 rules loaded, 2 pushed']);
  });

  it('ignores groups from rule files outside the tree', () => {
    expect(compareRuleGroups([], [{ name: 'theirs', file: '/etc/prometheus/extra.yml', rules: [] }], ['/etc/prometheus/extra.yml'])).toEqual([]);
  });
});

describe('configContains', () => {
  const pushed = [
    'global:',
    '  scrape_interval: 60s',
    '  external_labels: {site: lab}',
    'rule_files: [rules/services.yml]',
    'scrape_configs:',
    '  - job_name: blackbox',
    '    honor_labels: false',
    '    file_sd_configs: [{files: [../blackbox/targets.json]}]',
    '    basic_auth: {username: u, password: p}',
    '    static_configs: [{targets: ["127.0.0.1:9115"]}]',
  ].join('\n');
  // As Prometheus re-serialises it: defaults added, durations normalised, paths absolute, secrets hidden.
  const loaded = (target: string, rulesPath = '/srv/mon/prometheus/rules/services.yml') =>
    [
      'global:',
      '  scrape_interval: 1m',
      '  scrape_timeout: 10s',
      '  external_labels:',
      '    site: lab',
      'rule_files:',
      `- ${rulesPath}`,
      'scrape_configs:',
      '- job_name: blackbox',
      '  honor_timestamps: true',
      '  file_sd_configs:',
      '  - files:',
      '    - /srv/mon/blackbox/targets.json',
      '    refresh_interval: 5m',
      '  basic_auth:',
      '    username: u',
      '    password: <secret>',
      '  static_configs:',
      '  - targets:',
      `    - ${target}`,
    ].join('\n');

  it('accepts the server adding defaults, normalising durations, making paths absolute and hiding secrets', () => {
    expect(configContains(pushed, loaded('127.0.0.1:9115'), 'prometheus')).toEqual([]);
  });

  it('names what differs, by its path in the config', () => {
    expect(configContains(pushed, loaded('127.0.0.1:9116'), 'prometheus')).toEqual([
      'scrape_configs[0].static_configs[0].targets[0]: pushed "127.0.0.1:9115", loaded "127.0.0.1:9116"',
    ]);
    expect(configContains(pushed, loaded('127.0.0.1:9115', '/srv/mon/prometheus/rules/other.yml'), 'prometheus')).toEqual([
      'rule_files[0]: pushed "rules/services.yml", loaded "/srv/mon/prometheus/rules/other.yml"',
    ]);
    expect(configContains('scrape_configs: [{job_name: a}, {job_name: b}]', 'scrape_configs: [{job_name: a}]', 'prometheus')).toEqual([
      'scrape_configs: pushed 2 items, loaded 1 items (pushed only: b)',
    ]);
    expect(configContains('global: {external_labels: {site: lab}}', 'global: {}', 'prometheus')).toEqual([
      'global.external_labels: pushed {"site":"lab"}, loaded nothing',
    ]);
  });

  it('lists the scrape jobs of a config', () => {
    expect(scrapeJobNames(pushed)).toEqual(['blackbox']);
  });
});

describe('alertmanagerConfigHash and metricValue', () => {
  it('hashes as Alertmanager does: the first 48 bits of the MD5, little-endian', () => {
    // md5 bdee17bf9179fda9...: bytes bd ee 17 bf 91 79 read little-endian
    expect(alertmanagerConfigHash('route:\n  receiver: default\nreceivers:\n  - name: default\n')).toBe(133666883235517);
  });

  it('reads an unlabelled sample, in any float notation, and not a longer name or a labelled one', () => {
    const text = [
      '# HELP alertmanager_config_hash Hash of the currently loaded alertmanager configuration.',
      '# TYPE alertmanager_config_hash gauge',
      'alertmanager_config_hash_other 7',
      'alertmanager_config_hash 1.33666883235517e+14',
      'prometheus_config_last_reload_successful{instance="x"} 0',
      'prometheus_config_last_reload_successful 1',
    ].join('\n');
    expect(metricValue(text, 'alertmanager_config_hash')).toBe(133666883235517);
    expect(metricValue(text, 'prometheus_config_last_reload_successful')).toBe(1);
    expect(metricValue(text, 'absent_metric')).toBeUndefined();
  });
});

describe('compareBlackboxModules', () => {
  const pushed = 'modules:\n  http_2xx:\n    prober: http\n    timeout: 5s\n  tcp_connect:\n    prober: tcp\n';
  it('accepts the exporter\'s re-serialised config with the same modules, probers and timeouts (defaults added)', () => {
    const loaded = 'modules:\n    http_2xx:\n        prober: http\n        timeout: 5000ms\n        http:\n            follow_redirects: true\n    tcp_connect:\n        prober: tcp\n        timeout: 0s\n';
    expect(compareBlackboxModules(pushed, loaded)).toEqual([]);
  });
  it('names a missing, an extra and a changed module', () => {
    const loaded = 'modules:\n  http_2xx:\n    prober: tcp\n    timeout: 10s\n  icmp:\n    prober: icmp\n';
    expect(compareBlackboxModules(pushed, loaded)).toEqual([
      'module http_2xx: prober tcp, pushed http',
      'module http_2xx: timeout 10s, pushed 5s',
      'module tcp_connect is not loaded',
      'module icmp is loaded but was not pushed',
    ]);
  });
});
