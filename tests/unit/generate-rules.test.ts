// Alert rules and prometheus.yml from the seed registry and from hostile corners (pure; promtool checks are
// in tests/promtool and tests/unit/generate-check.test.ts).
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import { generate, resolveHostNames } from '../../lib/generate/index';
import { escapeRegex, instantiate } from '../../lib/generate/instantiate';
import { prometheusConfig, prometheusYaml } from '../../lib/generate/prometheus';
import { defaultSettings, parseSettings } from '../../lib/generate/settings';
import { yamlFile } from '../../lib/generate/yaml';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import type { Registry } from '../../lib/registry/model';
import { defaultTemplates, registryFromYaml, seedRegistry } from '../helpers/seed';

type Doc = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const file = (out: ReturnType<typeof generate>, path: string) => {
  const f = out.files.find((x) => x.path === path);
  if (!f) throw new Error(`no ${path} in ${out.files.map((x) => x.path).join(', ')}`);
  return f.content;
};
const load = (out: ReturnType<typeof generate>, path: string) => jsyaml.load(file(out, path)) as Doc;
const rulesOf = (doc: Doc, group: string) => doc.groups.find((g: Doc) => g.name === group)?.rules as Doc[];

describe('instantiate', () => {
  it('fills placeholders, escaping for regex matchers and for the string quote', () => {
    const r = instantiate('m{instance=~"${host}:.*", name="${service}", s=\'${job}\'} > 0', {
      host: '10.0.0.1',
      service: 'a"b\\c',
      job: "it's",
    });
    expect(r).toEqual({ ok: true, scoped: true, expr: 'm{instance=~"10\\\\.0\\\\.0\\\\.1:.*", name="a\\"b\\\\c", s=\'it\\\'s\'} > 0' });
    expect(escapeRegex('a.b+c(d)|e')).toBe('a\\.b\\+c\\(d\\)\\|e');
  });

  it('scopes a template without placeholders to the entry: every selector, once', () => {
    expect(instantiate('probe_success == 0', {}, { label: 'service', value: 'ollama' })).toMatchObject({
      ok: true,
      expr: 'probe_success{service="ollama"} == 0',
    });
    expect(
      instantiate('sum(rate(x{a="b",}[5m])) / sum(rate(x{service="keep"}[5m])) > {__name__="y"}', {}, { label: 'service', value: 's' }),
    ).toMatchObject({ expr: 'sum(rate(x{a="b",service="s"}[5m])) / sum(rate(x{service="keep"}[5m])) > {__name__="y", service="s"}' });
    expect(instantiate('vector(1)', {}, { label: 'service', value: 's' })).toMatchObject({ ok: false, reason: /selects no series/ });
  });

  it('explains what an entry lacks instead of writing a half-filled expression', () => {
    expect(instantiate('x{ns="${namespace}"}', { service: 's' })).toEqual({
      ok: false,
      reason: 'the template needs ${namespace}, which only k8s-deployment services have',
    });
    expect(instantiate('x > ${service}', { service: 's' })).toMatchObject({ ok: false, reason: /must stand inside a quoted string/ });
    expect(instantiate('x{a=`${service}`}', { service: 'a`b' })).toMatchObject({ ok: false, reason: /backquote/ });
  });
});

describe('alert rules from the seed registry', () => {
  const out = generate(seedRegistry());
  const services = load(out, 'prometheus/rules/services.yml');
  const pages = load(out, 'prometheus/rules/pages.yml');

  it('scopes each rule to its service and labels it with service, owner and severity', () => {
    const ollama = rulesOf(services, 'service:ollama');
    expect(ollama.map((r) => r.alert)).toEqual(['ServiceDown', 'InferenceTimeout']);
    expect(ollama[0]).toEqual({
      alert: 'ServiceDown',
      expr: 'probe_success{service="ollama"} == 0',
      for: '1m',
      labels: { service: 'ollama', owner: 'ai-team', severity: 'critical' },
      annotations: {
        summary: '{{ $labels.service }} is down: the health probe of {{ $labels.instance }} has failed for 1m',
        auto_repair: 'restart_container',
      },
    });
    const crash = rulesOf(services, 'service:awoooi-api')[0]!;
    expect(crash.expr).toContain('namespace="awoooi-prod", pod=~"awoooi-api-[a-z0-9]+-[a-z0-9]+"');
    const runner = rulesOf(services, 'service:github-runner')[0]!;
    expect(runner.expr).toContain('instance=~"192\\\\.168\\\\.0\\\\.110:.*"');
  });

  it('turns page alerts into rules over the per-page real-user metrics', () => {
    const dashboard = rulesOf(pages, 'page:/');
    expect(dashboard.map((r) => r.alert)).toEqual(['SlowPageLoad', 'PageJsErrors']);
    expect(dashboard[0]!.expr).toContain('web_vitals_lcp_seconds_bucket{page="/"}');
    expect(dashboard[0]!.labels).toEqual({ page: '/', severity: 'warning' });
    expect(pages.groups.map((g: Doc) => g.name)).toEqual(['page:/', 'page:/action-logs', 'page:/authorizations', 'page:/errors']);
  });

  it('leaves out and reports what cannot be filled, and generates the rest', () => {
    expect(out.findings).toContainEqual({
      kind: 'skipped',
      entry: 'services/awoooi-web',
      item: 'slow_page_load',
      message: 'the template needs ${page}, which only pages have; no rule generated',
    });
    expect(rulesOf(services, 'service:awoooi-web').map((r) => r.alert)).toEqual(['PodCrashLoopBackOff']);
  });

  it('is deterministic: the same registry gives byte-identical files', () => {
    const again = generate(seedRegistry());
    expect(again).toEqual(out);
    const shuffled = seedRegistry();
    shuffled.services.reverse();
    shuffled.pages.reverse();
    expect(generate(shuffled).files).toEqual(out.files);
  });

  it('starts every YAML file with the do-not-edit notice', () => {
    for (const f of out.files.filter((x) => /\.ya?ml$/.test(x.path))) {
      expect(f.content, f.path).toMatch(/^# Generated by awoooi-monitor from the service registry\. Do not edit/);
    }
  });
});

describe('prometheus.yml', () => {
  const seed = seedRegistry();
  const config = load(generate(seed), 'prometheus/prometheus.yml');
  const job = (name: string) => config.scrape_configs.find((j: Doc) => j.job_name === name);

  it('scrapes Kubernetes workloads through pod discovery in their namespace, without a host', () => {
    const api = job('awoooi-api');
    expect(api.kubernetes_sd_configs).toEqual([{ role: 'pod', namespaces: { names: ['awoooi-prod'] } }]);
    expect(api.relabel_configs[0]).toEqual({
      source_labels: ['__meta_kubernetes_pod_controller_kind', '__meta_kubernetes_pod_controller_name'],
      regex: 'ReplicaSet;awoooi-api-[a-z0-9]+',
      action: 'keep',
    });
    expect(api.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: '8000', action: 'keep' });
    expect(api.relabel_configs).toContainEqual({ target_label: 'service', replacement: 'awoooi-api' });
    expect(api.relabel_configs).toContainEqual({ source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' });
  });

  it('scrapes docker services as static targets with service, owner and type labels', () => {
    expect(job('ollama').static_configs).toEqual([
      { targets: ['192.168.0.188:11434'], labels: { service: 'ollama', owner: 'ai-team', type: 'docker' } },
    ]);
  });

  it('has the Blackbox job with the standard relabelling, the host exporters and the app itself', () => {
    expect(job('blackbox')).toMatchObject({
      metrics_path: '/probe',
      file_sd_configs: [{ files: ['../blackbox/targets.json'] }],
      relabel_configs: [
        { source_labels: ['__address__'], target_label: '__param_target' },
        { source_labels: ['__param_target'], target_label: 'instance' },
        { target_label: '__address__', replacement: '127.0.0.1:9115' },
      ],
    });
    expect(job('node-exporter').static_configs[0].targets).toEqual(['192.168.0.110:9100', '192.168.0.188:9100']);
    expect(job('awoooi-monitor').static_configs[0].targets).toEqual(['127.0.0.1:3000']);
    expect(config.rule_files).toEqual(['rules/services.yml', 'rules/pages.yml', 'rules/slo.yml']);
  });

  it('follows the settings', () => {
    const settings = parseSettings({ host_exporters: { cadvisor_port: null }, blackbox: { exporter_address: 'bb:9115' } });
    if (!settings.ok) throw new Error(settings.problems.join('\n'));
    const custom = load(generate(seed, settings.value), 'prometheus/prometheus.yml');
    expect(custom.scrape_configs.map((j: Doc) => j.job_name)).not.toContain('cadvisor');
    expect(custom.scrape_configs.find((j: Doc) => j.job_name === 'blackbox').relabel_configs[2].replacement).toBe('bb:9115');
  });

  it('is written from skeletons exactly as the general writer writes the config object', () => {
    const SILENT = { skip() {}, note() {} };
    const odd: Registry = registryFromYaml(
      'owners: [{name: "yes"}, {name: t}]\nservices:\n' +
        '  - {name: "on", type: k8s-deployment, namespace: n1, monitoring: {prometheus: true}, owner: "yes"}\n' +
        '  - {name: a.b, type: k8s-deployment, namespace: n2, port: 9, monitoring: {prometheus: true}, owner: t}\n' +
        '  - {name: c, type: docker, host: "::1", port: 80, monitoring: {prometheus: true}, owner: "yes"}\n' +
        '  - {name: d, type: systemd, host: "1.5", port: 9100, service_name: d.service, monitoring: {prometheus: true}, owner: t}\n',
    );
    const synthetic = syntheticRegistry({ services: 300, templates: defaultTemplates() });
    for (const registry of [seed, odd, synthetic]) {
      expect(prometheusYaml(registry, defaultSettings(), SILENT)).toBe(yamlFile(prometheusConfig(registry, defaultSettings(), SILENT)));
    }
    expect(load(generate(odd), 'prometheus/prometheus.yml').scrape_configs.map((j: Doc) => j.job_name)).toEqual(
      expect.arrayContaining(['on', 'a.b', 'c', 'd']),
    );
  });

  it('reports a systemd unit without a port as covered by node_exporter, and a docker one as skipped', () => {
    const reg: Registry = registryFromYaml(
      'owners: [{name: t}]\nservices:\n' +
        '  - {name: unit, type: systemd, host: h1, service_name: u.service, monitoring: {prometheus: true}, owner: t}\n' +
        '  - {name: box, type: docker, host: h2, monitoring: {prometheus: true}, owner: t}\n' +
        '  - {name: blackbox, type: docker, host: h3, port: 1, monitoring: {prometheus: true}, owner: t}\n',
    );
    const out = generate(reg);
    expect(out.findings.filter((f) => f.item === 'scrape')).toEqual([
      { kind: 'skipped', entry: 'services/blackbox', item: 'scrape', message: expect.stringMatching(/job name "blackbox" is taken/) },
      { kind: 'skipped', entry: 'services/box', item: 'scrape', message: expect.stringMatching(/no port to scrape/) },
      { kind: 'note', entry: 'services/unit', item: 'scrape', message: expect.stringMatching(/node_exporter on h1/) },
    ]);
  });
});

describe('settings', () => {
  it('default to a complete, valid set', () => {
    expect(defaultSettings().slo.window).toBe('30d');
  });
  it('say where and what is wrong', () => {
    expect(parseSettings({ slo: { window: 'soon', extra: 1 } })).toEqual({
      ok: false,
      problems: ['slo.window: expected a Prometheus duration such as 30s, 5m, 1h or 30d', 'slo: unknown field "extra"'],
    });
  });
});

describe('services that name a registered host', () => {
  const reg = registryFromYaml(`services:
  - name: shop
    type: docker
    host: edge-1
    port: 8080
    monitoring: { prometheus: true }
    alerts: [storage_full]
    owner: web
hosts:
  - name: edge-1
    address: 10.0.0.5
`);

  it("are scraped, probed and alerted at the host's address, not its name", () => {
    const out = generate(reg);
    const prometheus = file(out, 'prometheus/prometheus.yml');
    expect(prometheus).toContain('10.0.0.5:8080');
    expect(prometheus).not.toContain('edge-1');
    const rules = out.files.filter((f) => f.path.startsWith('prometheus/rules/')).map((f) => f.content).join('\n');
    expect(rules).toContain('instance=~"10\\\\.0\\\\.0\\\\.5:.*"');
    expect(rules).not.toContain('edge-1');
  });

  it('leave a registry without hosts as it is', () => {
    const seed = seedRegistry();
    expect(resolveHostNames(seed)).toBe(seed);
  });
});
