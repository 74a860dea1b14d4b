// checkGenerated with the real promtool and amtool (installed by scripts/tools/install-prometheus-tools.mjs).
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { checkGenerated, findTool, INSTALL_COMMAND, type CheckReport, type FileCheck } from '@/lib/generate/check';
import { generate } from '@/lib/generate';
import type { GeneratedFile } from '@/lib/generate/types';
import { loadDefaultTemplates } from '@/lib/registry/default-templates';
import { parseRegistryYaml } from '@/lib/registry/parse';
import { syntheticRegistry } from '@/lib/registry/synthetic';
import { requireTool } from '../helpers/prometheus-tools';

const PROMETHEUS_YML = `# generated
global:
  scrape_interval: 30s
  evaluation_interval: 30s
rule_files:
  - rules/services.yml
alerting:
  alertmanagers:
    - static_configs:
        - targets: [alertmanager:9093]
scrape_configs:
  - job_name: awoooi-api
    kubernetes_sd_configs:
      - role: pod
        namespaces:
          names: [awoooi]
    relabel_configs:
      - source_labels: [__meta_kubernetes_pod_controller_kind, __meta_kubernetes_pod_controller_name]
        regex: ReplicaSet;awoooi-api-[a-z0-9]+
        action: keep
      - target_label: service
        replacement: awoooi-api
  - job_name: blackbox
    metrics_path: /probe
    file_sd_configs:
      - files: [../blackbox/targets.json]
    relabel_configs:
      - source_labels: [__param_target]
        target_label: instance
      - target_label: __address__
        replacement: blackbox-exporter:9115
`;

const rulesYml = (expr: string) => `groups:
  - name: ollama
    rules:
      - alert: ServiceDown
        expr: ${JSON.stringify(expr)}
        for: 1m
        labels: {service: ollama, owner: ai-team, severity: critical}
        annotations: {summary: ollama is down}
`;

const ALERTMANAGER_YML = `route:
  receiver: default
  group_by: [alertname, service]
  routes:
    - matchers: ['owner="ai-team"']
      receiver: ai-team
receivers:
  - name: default
  - name: ai-team
    webhook_configs:
      - url: http://awoooi-api.awoooi.svc:8000/api/v1/alertmanager
inhibit_rules:
  - source_matchers: ['alertname="ServiceDown"']
    target_matchers: ['alertname!="ServiceDown"']
    equal: [service]
`;

const prometheusRule = (name: string, expr: string) => `apiVersion: monitoring.coreos.com/v1
kind: PrometheusRule
metadata:
  name: ${name}
spec:
  groups:
    - name: ${name}
      rules:
        - alert: ServiceDown
          expr: ${JSON.stringify(expr)}
---
apiVersion: monitoring.coreos.com/v1
kind: ServiceMonitor
metadata:
  name: ${name}
spec:
  selector: {matchLabels: {app: ${name}}}
`;

const TARGETS_JSON = JSON.stringify([
  { targets: ['ollama'], labels: { __param_target: 'http://ollama:11434/', __param_module: 'http_2xx', service: 'ollama' } },
]);

function validTree(): GeneratedFile[] {
  return [
    { path: 'alertmanager/alertmanager.yml', content: ALERTMANAGER_YML },
    { path: 'blackbox/blackbox.yml', content: 'modules:\n  http_2xx:\n    prober: http\n' },
    { path: 'blackbox/targets.json', content: TARGETS_JSON },
    { path: 'grafana/dashboards/overview.json', content: '{"title":"Overview","panels":[]}' },
    { path: 'kubernetes/prometheus-rules.yaml', content: prometheusRule('ollama', 'up{service="ollama"} == 0') },
    { path: 'prometheus/prometheus.yml', content: PROMETHEUS_YML },
    { path: 'prometheus/rules/services.yml', content: rulesYml('up{service="ollama"} == 0') },
  ];
}

/** The tree with one file's content replaced. */
function withFile(files: GeneratedFile[], filePath: string, content: string): GeneratedFile[] {
  return [...files.filter((f) => f.path !== filePath), { path: filePath, content }];
}

function byPath(report: CheckReport, filePath: string): FileCheck {
  const found = report.files.find((f) => f.path === filePath);
  if (!found) throw new Error(`no result for ${filePath}`);
  return found;
}

const statuses = (report: CheckReport) => Object.fromEntries(report.files.map((f) => [f.path, f.status]));

let scratch: string;
beforeAll(() => {
  // Tests never skip for a missing tool: they fail and say how to install it.
  requireTool('promtool');
  requireTool('amtool');
  scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'check-test-'));
});
afterAll(() => fs.rmSync(scratch, { recursive: true, force: true }));

describe('findTool', () => {
  it('prefers PROMTOOL from the environment when it names an executable', () => {
    const saved = process.env.PROMTOOL;
    process.env.PROMTOOL = process.execPath; // any executable file
    try {
      expect(findTool('promtool')).toBe(process.execPath);
      process.env.PROMTOOL = path.join(scratch, 'no-such-promtool');
      expect(findTool('promtool')).not.toBe(process.env.PROMTOOL);
      expect(findTool('promtool')).toMatch(/promtool$/);
    } finally {
      if (saved === undefined) delete process.env.PROMTOOL;
      else process.env.PROMTOOL = saved;
    }
  });
});

describe('checkGenerated', () => {
  it('passes a valid tree, kubernetes_sd_configs included, with both tools versions', async () => {
    const report = await checkGenerated(validTree());
    expect(report.files.map((f) => f.path)).toEqual(validTree().map((f) => f.path));
    for (const f of report.files) expect(f.status, `${f.path}: ${f.output}`).toBe('ok');
    expect(report.tools.promtool).toMatch(/^2\.(5[3-9]|[6-9]\d)\./);
    expect(report.tools.amtool).toMatch(/^0\.\d+/);
    const config = byPath(report, 'prometheus/prometheus.yml');
    expect(config.tool).toBe('promtool check config');
    expect(config.output).toContain('is valid prometheus config file syntax');
    // check config loads the rule file it names; it is not checked twice
    expect(byPath(report, 'prometheus/rules/services.yml').tool).toBe('promtool check config');
    expect(byPath(report, 'alertmanager/alertmanager.yml').output).toContain('SUCCESS');
    expect(byPath(report, 'kubernetes/prometheus-rules.yaml').tool).toContain('promtool check rules');
    expect(byPath(report, 'grafana/dashboards/overview.json').tool).toBe('json');
  });

  it('fails the rules file with bad PromQL, with promtool\'s message, and not prometheus.yml', async () => {
    const report = await checkGenerated(withFile(validTree(), 'prometheus/rules/services.yml', rulesYml('rate(up[5m) > 1')));
    const rules = byPath(report, 'prometheus/rules/services.yml');
    expect(rules.status).toBe('failed');
    expect(rules.output).toMatch(/prometheus\/rules\/services\.yml: \d+:\d+: group "ollama", rule 1, "ServiceDown": could not parse expression/);
    expect(rules.output).not.toContain(os.tmpdir());
    expect(byPath(report, 'prometheus/prometheus.yml').status).toBe('ok');
    expect(byPath(report, 'alertmanager/alertmanager.yml').status).toBe('ok');
  });

  it('checks rule files that prometheus.yml does not load with promtool check rules', async () => {
    const files = [
      ...validTree(),
      { path: 'prometheus/rules/extra.yml', content: rulesYml('up{service="ollama"} ==') },
      { path: 'prometheus/rules/twice.yml', content: rulesYml('up == 0').replace(/^groups:\n/, 'groups:\n' + rulesYml('up == 0').slice('groups:\n'.length)) },
    ];
    const report = await checkGenerated(files);
    const extra = byPath(report, 'prometheus/rules/extra.yml');
    expect(extra).toMatchObject({ status: 'failed', tool: 'promtool check rules' });
    expect(extra.output).toContain('prometheus/rules/extra.yml: ');
    // Two groups of the same name: promtool rejects the file.
    expect(byPath(report, 'prometheus/rules/twice.yml').status).toBe('failed');
    expect(byPath(report, 'prometheus/rules/twice.yml').output).toContain('groupname: "ollama" is repeated in the same file');
    expect(byPath(report, 'prometheus/prometheus.yml').status).toBe('ok');
  });

  it('reports promtool lint findings (duplicate rules) without failing the file', async () => {
    const rule = rulesYml('up == 0').split('rules:\n')[1]!;
    const duplicate = rulesYml('up == 0') + rule;
    const report = await checkGenerated(withFile(validTree(), 'prometheus/rules/services.yml', duplicate));
    const rules = byPath(report, 'prometheus/rules/services.yml');
    expect(rules.status, rules.output).toBe('ok');
    expect(rules.output).toContain('duplicate rule(s) found');
  });

  it('fails prometheus.yml itself when its own settings are wrong', async () => {
    const broken = PROMETHEUS_YML.replace('scrape_interval: 30s', 'scrape_interval: 30 seconds');
    const report = await checkGenerated(withFile(validTree(), 'prometheus/prometheus.yml', broken));
    const config = byPath(report, 'prometheus/prometheus.yml');
    expect(config.status).toBe('failed');
    expect(config.output).toContain('unknown unit " seconds" in duration "30 seconds"');
    // promtool stopped before the rule files: they are checked on their own
    expect(byPath(report, 'prometheus/rules/services.yml')).toMatchObject({ status: 'ok', tool: 'promtool check rules' });
  });

  it('blames the file_sd targets file for what promtool rejects in it', async () => {
    const badLabel = JSON.stringify([{ targets: ['ollama'], labels: { 'service-name': 'ollama' } }]);
    const report = await checkGenerated(withFile(validTree(), 'blackbox/targets.json', badLabel));
    const targets = byPath(report, 'blackbox/targets.json');
    expect(targets.status, targets.output).toBe('failed');
    expect(targets.output).toContain('checking SD file "blackbox/targets.json": "service-name" is not a valid label name');
    expect(byPath(report, 'prometheus/prometheus.yml').status).toBe('ok');
  });

  it('blames the only file_sd file for a target address promtool rejects without naming the file', async () => {
    // Without the relabelling to the exporter's address, a URL is not a valid scrape address.
    const noExporter = PROMETHEUS_YML.replace(/\n {6}- target_label: __address__\n {8}replacement: blackbox-exporter:9115/, '');
    expect(noExporter).not.toContain('blackbox-exporter');
    let files = withFile(validTree(), 'prometheus/prometheus.yml', noExporter);
    files = withFile(files, 'blackbox/targets.json', JSON.stringify([{ targets: ['http://ollama:11434/'], labels: {} }]));
    const report = await checkGenerated(files);
    const targets = byPath(report, 'blackbox/targets.json');
    expect(targets.status, targets.output).toBe('failed');
    expect(targets.output).toContain('"http://ollama:11434/" is not a valid hostname');
  });

  it('fails alertmanager.yml whose route names an unknown receiver', async () => {
    const broken = ALERTMANAGER_YML.replace('receiver: ai-team', 'receiver: nobody');
    const report = await checkGenerated(withFile(validTree(), 'alertmanager/alertmanager.yml', broken));
    const am = byPath(report, 'alertmanager/alertmanager.yml');
    expect(am.status).toBe('failed');
    expect(am.tool).toBe('amtool check-config');
    expect(am.output).toContain('undefined receiver "nobody" used in route');
    expect(statuses(report)['prometheus/prometheus.yml']).toBe('ok');
  });

  it('checks the spec.groups of each PrometheusRule and names the manifest, batched or not', async () => {
    const files = [
      ...validTree(),
      { path: 'kubernetes/a.yaml', content: prometheusRule('a', 'up == 0') },
      { path: 'kubernetes/b.yaml', content: prometheusRule('b', 'sum by (x (up)') },
      { path: 'kubernetes/c.yaml', content: prometheusRule('c', 'up == 1') },
    ];
    const report = await checkGenerated(files);
    expect(statuses(report)).toMatchObject({ 'kubernetes/a.yaml': 'ok', 'kubernetes/b.yaml': 'failed', 'kubernetes/c.yaml': 'ok' });
    const b = byPath(report, 'kubernetes/b.yaml');
    expect(b.output).toContain('kubernetes/b.yaml [PrometheusRule b');
    expect(b.output).toContain('could not parse expression');
    expect(b.output).not.toContain('extracted/');
  });

  it('fails broken JSON and YAML with the parser\'s message', async () => {
    let files = withFile(validTree(), 'grafana/dashboards/overview.json', '{"title": ');
    files = withFile(files, 'blackbox/blackbox.yml', 'modules: [\n');
    const report = await checkGenerated(files);
    expect(byPath(report, 'grafana/dashboards/overview.json')).toMatchObject({ status: 'failed', tool: 'json' });
    expect(byPath(report, 'blackbox/blackbox.yml')).toMatchObject({ status: 'failed', tool: 'yaml' });
  });

  it('marks what a missing tool would check as not-checked, saying how to install it', async () => {
    const report = await checkGenerated(validTree(), { tools: { promtool: null, amtool: null } });
    expect(statuses(report)).toEqual({
      'alertmanager/alertmanager.yml': 'not-checked',
      'blackbox/blackbox.yml': 'ok',
      'blackbox/targets.json': 'ok',
      'grafana/dashboards/overview.json': 'ok',
      'kubernetes/prometheus-rules.yaml': 'not-checked',
      'prometheus/prometheus.yml': 'not-checked',
      'prometheus/rules/services.yml': 'not-checked',
    });
    expect(byPath(report, 'prometheus/prometheus.yml').output).toContain(INSTALL_COMMAND);
    expect(report.tools).toEqual({});
  });

  it('refuses paths outside the output folder and removes its temp folder', async () => {
    const parent = fs.mkdtempSync(path.join(scratch, 'parent-'));
    const report = await checkGenerated([...validTree(), { path: '../escaped.yml', content: 'a: 1\n' }], { tempParent: parent });
    expect(byPath(report, '../escaped.yml').status).toBe('failed');
    expect(fs.readdirSync(parent)).toEqual([]);
    expect(fs.existsSync(path.join(scratch, 'escaped.yml'))).toBe(false);
  });

  it('caps a long output at about 20 KB', async () => {
    const manyBad = `groups:\n  - name: g\n    rules:\n${Array.from({ length: 600 }, (_, i) => `      - {alert: A${i}, expr: "rate(up[5m) > ${i}"}\n`).join('')}`;
    const report = await checkGenerated([{ path: 'prometheus/rules/services.yml', content: manyBad }]);
    const rules = byPath(report, 'prometheus/rules/services.yml');
    expect(rules.status).toBe('failed');
    expect(rules.output.length).toBeLessThan(21_000);
    expect(rules.output).toMatch(/more characters cut\)$/);
  });
});

describe('checkGenerated on the generators\' output', () => {
  const templates = loadDefaultTemplates(process.cwd());

  /** Every file ok; on failure the message lists each bad file with the tools' words. */
  function expectAllOk(report: CheckReport): void {
    const bad = report.files.filter((f) => f.status !== 'ok');
    expect(bad.map((f) => `${f.status} ${f.path} (${f.tool ?? 'no tool'}):\n${f.output.slice(0, 2000)}`).join('\n\n')).toBe('');
  }

  it('passes every file generated from the seed registry', async () => {
    const parsed = parseRegistryYaml(fs.readFileSync('registry/service-registry.yaml', 'utf8'), { defaultTemplates: templates });
    if (!parsed.ok) throw new Error(`seed registry does not parse: ${JSON.stringify(parsed.problems)}`);
    const { files } = generate(parsed.value);
    expect(files.map((f) => f.path)).toContain('prometheus/prometheus.yml');
    const report = await checkGenerated(files);
    expect(report.files).toHaveLength(files.length);
    expectAllOk(report);
  });

  // promtool needs about 1 ms per rule: tens of seconds for the ~50,000 rules of 10,000 services.
  it('passes every file generated from a 10,000-service registry', { timeout: 600_000 }, async () => {
    const { files } = generate(syntheticRegistry({ services: 10_000, templates }));
    const report = await checkGenerated(files, { timeoutMs: 540_000 });
    expectAllOk(report);
  });
});
