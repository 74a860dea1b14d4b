// Grafana dashboards and the provisioning file: structure Grafana needs, PromQL that parses and is scoped to
// its service, deterministic uids and files, and the fast per-service path giving the same bytes.
import type { SyntaxNode } from '@lezer/common';
import { parser } from '@prometheus-io/lezer-promql';
import jsyaml from 'js-yaml';
import { describe, expect, it } from 'vitest';
import {
  dashboardFileName,
  formatJson,
  generateGrafana,
  OVERVIEW_TAG,
  OVERVIEW_UID,
  renderServiceDashboard,
  ServiceDashboards,
  serviceDashboardUid,
  serviceView,
  type Dashboard,
} from '../../lib/generate/grafana';
import { GENERATED_NOTICE_TEXT, yamlHeader } from '../../lib/generate/header';
import { generateContext } from '../../lib/generate/index';
import { defaultSettings, parseSettings, type GenerateSettings } from '../../lib/generate/settings';
import type { Finding, GenerateContext, GeneratedFile } from '../../lib/generate/types';
import type { Registry, Service } from '../../lib/registry/model';
import { checkTemplateExpr } from '../../lib/registry/promql';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { defaultTemplates, registryFromYaml, seedRegistry } from '../helpers/seed';

function context(registry: Registry, settings: GenerateSettings = defaultSettings()): { ctx: GenerateContext; findings: Finding[] } {
  const findings: Finding[] = [];
  const report = {
    skip: (entry: string, message: string, item?: string) => findings.push({ kind: 'skipped', entry, item, message }),
    note: (entry: string, message: string, item?: string) => findings.push({ kind: 'note', entry, item, message }),
  };
  return { ctx: generateContext(registry, settings, report), findings };
}

const dashboards = (files: GeneratedFile[]) =>
  files.filter((f) => f.path.endsWith('.json')).map((f) => ({ path: f.path, dashboard: JSON.parse(f.content) as Dashboard }));

/** Every vector selector's matchers, as `label="value"` pairs (values unquoted; names match NAME_RE, no escapes). */
function selectors(expr: string): { metric: string; matchers: Map<string, string> }[] {
  const found: { metric: string; matchers: Map<string, string> }[] = [];
  parser.parse(expr).topNode.cursor().iterate((ref) => {
    if (ref.name !== 'VectorSelector') return;
    const node: SyntaxNode = ref.node;
    const name = node.getChild('Identifier');
    const matchers = new Map<string, string>();
    for (const m of node.getChild('LabelMatchers')?.getChildren('UnquotedLabelMatcher') ?? []) {
      const label = m.getChild('LabelName')!;
      const value = m.getChild('StringLiteral')!;
      matchers.set(expr.slice(label.from, label.to), expr.slice(value.from + 1, value.to - 1));
    }
    found.push({ metric: name ? expr.slice(name.from, name.to) : '', matchers });
  });
  return found;
}

/** What Grafana needs of every dashboard and panel, and PromQL that Prometheus's own grammar accepts. */
function expectWellFormed(d: Dashboard, settings: GenerateSettings): void {
  expect(d.uid).toMatch(/^[a-zA-Z0-9_-]{1,40}$/);
  expect(d).toMatchObject({ id: null, version: 1, editable: false });
  expect(d.schemaVersion).toBeGreaterThanOrEqual(39);
  expect(d.description).toContain(GENERATED_NOTICE_TEXT);
  expect(d.tags[0]).toBe('awoooi-monitor');
  expect(d.panels.length).toBeGreaterThan(0);
  const ids = d.panels.map((p) => p.id);
  expect(new Set(ids).size, 'duplicate panel ids').toBe(ids.length);
  const cells = new Set<string>();
  for (const p of d.panels) {
    expect(p.datasource, p.title).toEqual({ type: 'prometheus', uid: settings.grafana.datasource_uid });
    expect(['stat', 'timeseries', 'table']).toContain(p.type);
    expect(p.title).not.toBe('');
    const { x, y, w, h } = p.gridPos;
    expect(x >= 0 && w > 0 && x + w <= 24 && h > 0 && y >= 0, `${p.title} gridPos`).toBe(true);
    for (let cx = x; cx < x + w; cx++) {
      for (let cy = y; cy < y + h; cy++) {
        expect(cells.has(`${cx},${cy}`), `${p.title} overlaps another panel`).toBe(false);
        cells.add(`${cx},${cy}`);
      }
    }
    expect(p.targets.length).toBeGreaterThan(0);
    const refIds = p.targets.map((t) => t.refId);
    expect(new Set(refIds).size).toBe(refIds.length);
    for (const t of p.targets) {
      expect(t.expr, `${p.title} ${t.refId}`).toMatch(/\S/);
      expect(checkTemplateExpr(t.expr), t.expr).toEqual([]);
    }
  }
}

describe('grafana/ from the seed registry', () => {
  const registry = seedRegistry();
  const settings = defaultSettings();
  const { ctx, findings } = context(registry, settings);
  const files = generateGrafana(ctx);
  const byPath = new Map(files.map((f) => [f.path, f.content]));

  it('writes the provisioning file, the overview and one dashboard per service', () => {
    expect(files.map((f) => f.path)).toEqual([
      'grafana/provisioning/dashboards.yml',
      'grafana/dashboards/overview.json',
      ...registry.services.map((s) => `grafana/dashboards/services/${s.name}.json`).sort(),
    ]);
    for (const f of files) expect(f.content.endsWith('\n'), f.path).toBe(true);
  });

  it('provisions the dashboards folder read-only, with the do-not-edit header', () => {
    const text = byPath.get('grafana/provisioning/dashboards.yml')!;
    expect(text.startsWith(yamlHeader())).toBe(true);
    expect(jsyaml.load(text)).toEqual({
      apiVersion: 1,
      providers: [
        {
          name: 'awoooi-monitor',
          orgId: 1,
          folder: 'awoooi-monitor',
          type: 'file',
          disableDeletion: false,
          allowUiUpdates: false,
          updateIntervalSeconds: 30,
          options: { path: '/var/lib/grafana/dashboards/awoooi-monitor', foldersFromFilesStructure: false },
        },
      ],
    });
  });

  it('gives every dashboard what Grafana needs, and PromQL that parses', () => {
    for (const { path, dashboard } of dashboards(files)) {
      try {
        expectWellFormed(dashboard, settings);
      } catch (e) {
        throw new Error(`${path}: ${(e as Error).message}`);
      }
    }
  });

  it('scopes every selector of a service dashboard to that service (by service or by job)', () => {
    for (const service of registry.services) {
      const d = JSON.parse(byPath.get(`grafana/dashboards/services/${service.name}.json`)!) as Dashboard;
      expect(d.title).toBe(service.name);
      expect(d.uid).toBe(serviceDashboardUid(service.name));
      expect(d.tags).toEqual(['awoooi-monitor', service.type, service.owner]);
      for (const p of d.panels) {
        for (const t of p.targets) {
          for (const s of selectors(t.expr)) {
            const own = s.matchers.get('service') ?? s.matchers.get('job');
            expect(own, `${service.name} / ${p.title}: ${t.expr}`).toBe(service.name);
          }
        }
      }
    }
  });

  it('shows request rate, 5xx ratio, p95 latency, up, probe success and firing alerts of a service', () => {
    const d = JSON.parse(byPath.get('grafana/dashboards/services/awoooi-api.json')!) as Dashboard;
    const exprOf = (title: string) => d.panels.find((p) => p.title === title)?.targets[0]?.expr;
    expect(exprOf('Targets up')).toBe('sum(up{job="awoooi-api"})');
    expect(exprOf('Blackbox probe')).toBe('min(probe_success{service="awoooi-api"})');
    expect(exprOf('Alerts firing')).toBe('count(ALERTS{alertstate="firing", service="awoooi-api"}) or vector(0)');
    expect(exprOf('Request rate')).toBe('sum by (status) (rate(http_requests_total{service="awoooi-api"}[5m]))');
    expect(exprOf('5xx error ratio')).toBe(
      '(sum(rate(http_requests_total{service="awoooi-api", status=~"5.."}[5m])) or sum(rate(http_requests_total{service="awoooi-api"}[5m])) * 0)' +
        ' / sum(rate(http_requests_total{service="awoooi-api"}[5m]))',
    );
    expect(exprOf('p95 latency')).toBe('histogram_quantile(0.95, sum by (le) (rate(http_request_duration_seconds_bucket{service="awoooi-api"}[5m])))');
    // SLO budgets live on the overview (endpoints name no service): linked by the overview's own tag
    expect(d.links).toEqual([expect.objectContaining({ type: 'dashboards', tags: [OVERVIEW_TAG] })]);
  });

  it('builds the overview on the SLO recording rules that slo.ts really writes', () => {
    const overview = JSON.parse(byPath.get('grafana/dashboards/overview.json')!) as Dashboard;
    expect(overview.uid).toBe(OVERVIEW_UID);
    expect(overview.tags).toContain(OVERVIEW_TAG);
    const records = new Set(ctx.rules.slo.flatMap((g) => g.rules.map((r) => r.record)).filter(Boolean));
    const used = overview.panels.flatMap((p) => p.targets.flatMap((t) => selectors(t.expr).map((s) => s.metric))).filter((m) => m.startsWith('slo:'));
    expect(used.length).toBeGreaterThan(0);
    for (const m of used) expect(records, m).toContain(m);
    // the per-endpoint labels the table groups by exist on those records
    const budget = ctx.rules.slo[0]!.rules.find((r) => r.record === 'slo:period_error_budget_remaining:ratio')!;
    expect(Object.keys(budget.labels ?? {})).toEqual(expect.arrayContaining(['endpoint', 'slo']));
    const titles = overview.panels.map((p) => p.title);
    expect(titles).toEqual(expect.arrayContaining(['Alerts firing', 'Firing alerts', 'Services', 'Blackbox probe success', 'SLO error budget remaining (SLO window)']));
    const alertsTable = overview.panels.find((p) => p.title === 'Firing alerts')!;
    expect(alertsTable.targets[0]!.expr).toContain('ALERTS{alertstate="firing"}');
  });

  it('reports nothing for the seed (every service has a safe name and Prometheus on)', () => {
    expect(findings.filter((f) => f.item === 'grafana')).toEqual([]);
  });

  it('is deterministic: the same registry gives the same bytes', () => {
    expect(generateGrafana(context(seedRegistry(), settings).ctx)).toEqual(files);
  });
});

describe('grafana/ edge cases', () => {
  const yaml = (services: string) => `owners:\n  - name: team-a\nservices:\n${services}`;
  const svc = (name: string, extra = '') =>
    `  - name: ${name}\n    type: docker\n    host: 10.0.0.1\n    port: 8080\n    monitoring:\n      prometheus: ${extra === 'off' ? 'false' : 'true'}\n    owner: team-a\n`;

  it('gives odd and long names a valid, unique, lower-case uid', () => {
    const names = ['Api.V2', 'api.v2', 'API_v2', 'a'.repeat(36), 'a'.repeat(37), `${'x'.repeat(100)}.y`, 'svc-00001', 'svch-abc'];
    const uids = names.map(serviceDashboardUid);
    for (const uid of uids) expect(uid).toMatch(/^[a-z0-9_-]{1,40}$/);
    expect(new Set(uids.map((u) => u.toLowerCase())).size).toBe(names.length);
    expect(serviceDashboardUid('awoooi-api')).toBe('svc-awoooi-api');
    expect(serviceDashboardUid('Api.V2')).toMatch(/^svch-api-v2-[0-9a-f]{12}$/);
  });

  it('refuses file names that could leave the dashboards folder', () => {
    expect(dashboardFileName('ollama')).toBe('ollama.json');
    expect(dashboardFileName('a..b')).toBe('a..b.json');
    for (const bad of ['../x', 'a/b', 'a\\b', '..', '.', '.hidden', '']) expect(dashboardFileName(bad), bad).toBeUndefined();
    // a registry built around the schema: skipped and reported, the rest still generated
    const registry = registryFromYaml(yaml(svc('good')));
    registry.services.push({ ...registry.services[0]!, name: '../escape' });
    const { ctx, findings } = context(registry);
    expect(generateGrafana(ctx).map((f) => f.path)).not.toContain('grafana/dashboards/services/../escape.json');
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'skipped', entry: 'services/../escape', item: 'grafana' }));
  });

  it('leaves scrape panels out when Prometheus does not scrape the service, and says so', () => {
    const { ctx, findings } = context(registryFromYaml(yaml(svc('quiet', 'off'))));
    const d = dashboards(generateGrafana(ctx)).find((x) => x.path.endsWith('/quiet.json'))!.dashboard;
    expect(d.panels.map((p) => p.title)).toEqual(['Blackbox probe', 'Alerts firing']);
    expectWellFormed(d, ctx.settings);
    expect(findings).toContainEqual(expect.objectContaining({ kind: 'note', entry: 'services/quiet', item: 'grafana' }));
  });

  it('uses the datasource, folder and path from the settings', () => {
    const parsed = parseSettings({ grafana: { datasource_uid: 'prom "main" ü', folder: 'Ops', dashboards_path: '/srv/dash' } });
    if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
    const files = generateGrafana(context(registryFromYaml(yaml(svc('web'))), parsed.value).ctx);
    for (const { dashboard } of dashboards(files)) expectWellFormed(dashboard, parsed.value);
    expect(jsyaml.load(files[0]!.content)).toMatchObject({ providers: [{ folder: 'Ops', options: { path: '/srv/dash' } }] });
  });

  it('fills in names on the fast path with exactly the bytes of a direct render', () => {
    const registry = registryFromYaml(yaml(['web', 'Api.V2', 'x_y-z.1', `${'n'.repeat(120)}`].map((n) => svc(n)).join('') + svc('off-svc', 'off')));
    for (const uid of ['prometheus', 'with "quotes" \\ and ü', 'x\u2063name\u2063y']) {
      const datasource = { type: 'prometheus' as const, uid };
      const fast = new ServiceDashboards(datasource);
      for (const s of registry.services) {
        const view = serviceView(s);
        expect(fast.render(view), `${s.name} / ${uid}`).toBe(renderServiceDashboard(view, datasource));
      }
    }
  });

  it('formats JSON that parses back to the same value, indented down to the panels', () => {
    const value = { a: 1, b: [{ c: { d: [1, 2] }, e: 'x"y' }], f: [], g: {}, h: null, i: undefined, j: ['p', 'q'] };
    const text = formatJson(value);
    expect(JSON.parse(text)).toEqual(JSON.parse(JSON.stringify(value)));
    expect(text).toBe('{\n  "a": 1,\n  "b": [\n    {\n      "c": {"d":[1,2]},\n      "e": "x\\"y"\n    }\n  ],\n  "f": [],\n  "g": {},\n  "h": null,\n  "j": ["p","q"]\n}');
  });
});

describe('grafana/ for 10,000 services', () => {
  const registry = syntheticRegistry({ services: 10_000, templates: defaultTemplates() });
  const noop = () => {};
  const ctx: GenerateContext = generateContext(registry, defaultSettings(), { skip: noop, note: noop });
  const files = generateGrafana(ctx);

  it('writes one compact dashboard per service with a unique uid', () => {
    const services = files.filter((f) => f.path.startsWith('grafana/dashboards/services/'));
    expect(services).toHaveLength(10_000);
    const uids = new Set<string>();
    for (const f of services) {
      // compact: a handful of panels, no template clones
      expect(f.content.length, f.path).toBeLessThan(4_000);
      const uid = /"uid": "([^"]+)"/.exec(f.content)![1]!;
      uids.add(uid.toLowerCase());
    }
    expect(uids.size).toBe(10_000);
  });

  it('renders a sample of them exactly as the direct path would', () => {
    const datasource = { type: 'prometheus' as const, uid: ctx.settings.grafana.datasource_uid };
    const byName = new Map(files.map((f) => [f.path, f.content]));
    for (const s of registry.services.filter((_, i) => i % 997 === 0) as Service[]) {
      expect(byName.get(`grafana/dashboards/services/${s.name}.json`)).toBe(renderServiceDashboard(serviceView(s), datasource));
    }
  });
});
