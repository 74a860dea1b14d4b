// grafana/: an overview dashboard, one dashboard per service, and Grafana's provisioning file. Pure.
// 10,000 services mean 10,000 files inside a one-second budget for the whole generate run, so
// dashboards hold only what differs from Grafana's defaults, and service dashboards are rendered once
// per shape and filled in per service (see ServiceDashboards).
// JSON has no comments, so each dashboard's `description` carries the do-not-edit notice.
import { createHash } from 'node:crypto';
import type { Service } from '../registry/model';
import { NAME_RE } from '../registry/schema';
import { cmp } from './alert-rules';
import { GENERATED_NOTICE_TEXT } from './header';
import { matcher } from './instantiate';
import { INFRA_JOBS } from './prometheus';
import { SLO_RECORDS } from './slo';
import type { GenerateSettings } from './settings';
import { entryName, type GeneratedFile, type Generator } from './types';
import { oneByte, yamlFile } from './yaml';

export const OVERVIEW_UID = 'awoooi-monitor-overview';
/** Only the overview has this tag: service dashboards link to it by tag, which works under any Grafana sub-path. */
export const OVERVIEW_TAG = 'awoooi-monitor-overview';
/** Grafana 11's dashboard JSON model. */
export const SCHEMA_VERSION = 39;
const UID_MAX = 40;

// ---------------------------------------------------------------- JSON model (the parts we write)

export interface Datasource {
  type: 'prometheus';
  uid: string;
}

interface Target {
  refId: string;
  expr: string;
  legendFormat?: string;
  instant?: boolean;
  range?: boolean;
  format?: 'table';
}

/** Only what differs from Grafana's panel defaults: options, overrides and legends are filled in on load. */
export interface Panel {
  id: number;
  type: 'stat' | 'timeseries' | 'table';
  title: string;
  gridPos: { h: number; w: number; x: number; y: number };
  datasource: Datasource;
  targets: Target[];
  fieldConfig?: { defaults: Record<string, unknown> };
  transformations?: { id: string; options: Record<string, unknown> }[];
}

export interface Dashboard {
  uid: string;
  title: string;
  description: string;
  tags: string[];
  id: null;
  version: 1;
  schemaVersion: number;
  editable: false;
  graphTooltip: 1;
  time: { from: string; to: string };
  refresh: string;
  links: Record<string, unknown>[];
  panels: Panel[];
}

// ---------------------------------------------------------------- panel factories

type Unit = 'reqps' | 'percentunit' | 's';

/** Lays panels out left to right in rows of 24 columns, in the order they are added; ids count from 1. */
class Layout {
  readonly panels: Panel[] = [];
  private x = 0;
  private y = 0;
  private rowHeight = 0;

  constructor(private readonly datasource: Datasource) {}

  private add(type: Panel['type'], title: string, w: number, h: number, targets: Target[], extra: Pick<Panel, 'fieldConfig' | 'transformations'>): void {
    if (this.x + w > 24) {
      this.x = 0;
      this.y += this.rowHeight;
      this.rowHeight = 0;
    }
    this.panels.push({ id: this.panels.length + 1, type, title, gridPos: { h, w, x: this.x, y: this.y }, datasource: this.datasource, targets, ...extra });
    this.x += w;
    this.rowHeight = Math.max(this.rowHeight, h);
  }

  stat(title: string, w: number, expr: string, defaults?: Record<string, unknown>): void {
    this.add('stat', title, w, 4, [{ refId: 'A', expr }], defaults ? { fieldConfig: { defaults } } : {});
  }

  timeseries(title: string, w: number, expr: string, legendFormat: string, unit: Unit): void {
    this.add('timeseries', title, w, 8, [{ refId: 'A', expr, legendFormat }], { fieldConfig: { defaults: { unit } } });
  }

  /** Instant queries merged into one row per label set, their values renamed to `columns`. */
  table(title: string, w: number, h: number, columns: Record<string, string>, unit?: Unit): void {
    const entries = Object.entries(columns);
    const targets = entries.map(([expr], i): Target => ({ refId: String.fromCharCode(65 + i), expr, instant: true, range: false, format: 'table' }));
    const renameByName: Record<string, string> = {};
    // Grafana names the value field `Value` for one query, `Value #<refId>` for several
    entries.forEach(([, name], i) => (renameByName[entries.length > 1 ? `Value #${targets[i]!.refId}` : 'Value'] = name));
    this.add('table', title, w, h, targets, {
      ...(unit ? { fieldConfig: { defaults: { unit } } } : {}),
      transformations: [
        ...(entries.length > 1 ? [{ id: 'merge', options: {} }] : []),
        { id: 'organize', options: { excludeByName: { Time: true }, renameByName } },
      ],
    });
  }
}

const UP_DOWN = { mappings: [{ type: 'value', options: { '0': { text: 'DOWN', color: 'red' }, '1': { text: 'UP', color: 'green' } } }] };
/** Zero is green, one or more red: counts of bad things. */
const ZERO_GOOD = { thresholds: { mode: 'absolute', steps: [{ color: 'green', value: null }, { color: 'red', value: 1 }] } };
/** Zero is red, one or more green: counts of good things (Grafana's default would turn red at 80). */
const ZERO_BAD = { thresholds: { mode: 'absolute', steps: [{ color: 'red', value: null }, { color: 'green', value: 1 }] } };

// ---------------------------------------------------------------- PromQL

const RATE = '5m';

/** Request rate, 5xx ratio and p95 latency over `matchers`, summed over everything or `by` some labels. */
export function httpQueries(matchers: readonly string[], by?: string) {
  const sum = (x: string, extra = '') => (by || extra ? `sum by (${[by, extra].filter(Boolean).join(', ')}) (${x})` : `sum(${x})`);
  const sel = (more: readonly string[] = []) => (matchers.length + more.length > 0 ? `{${[...matchers, ...more].join(', ')}}` : '');
  const total = sum(`rate(http_requests_total${sel()}[${RATE}])`);
  const errors = sum(`rate(http_requests_total${sel(['status=~"5.."'])}[${RATE}])`);
  return {
    rate: total,
    // `or ... * 0`: without any 5xx there is no error series; the ratio should read 0, not vanish
    errorRatio: `(${errors} or ${total} * 0) / ${total}`,
    p95: `histogram_quantile(0.95, ${sum(`rate(http_request_duration_seconds_bucket${sel()}[${RATE}])`, 'le')})`,
  };
}

/** Per endpoint and SLO kind (availability, latency), from slo.ts's recording rules. */
const sloByEndpoint = (record: string) => `min by (endpoint, slo) (${record})`;

// ---------------------------------------------------------------- dashboards

function dashboard(uid: string, title: string, tags: string[], links: Record<string, unknown>[], panels: Panel[]): Dashboard {
  return {
    uid,
    title,
    description: GENERATED_NOTICE_TEXT,
    tags,
    id: null,
    version: 1,
    schemaVersion: SCHEMA_VERSION,
    editable: false,
    graphTooltip: 1,
    time: { from: 'now-6h', to: 'now' },
    refresh: '1m',
    links,
    panels,
  };
}

/**
 * A Grafana uid for a service dashboard: `svc-<name>` when the name is short, lower case and has only
 * [a-z0-9_-]; otherwise `svch-<readable prefix>-<hash>`. Lower case only, because Grafana on MySQL
 * compares uids case-insensitively; the two prefixes differ, so the forms cannot collide.
 */
export function serviceDashboardUid(name: string): string {
  const plain = `svc-${name}`;
  if (/^[a-z0-9_-]+$/.test(name) && plain.length <= UID_MAX) return plain;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 12);
  const prefix = name.toLowerCase().replace(/[^a-z0-9_-]+/g, '-').slice(0, UID_MAX - 'svch--'.length - digest.length);
  return `svch-${prefix}-${digest}`;
}

/** The file name of a service's dashboard; undefined when the name could leave the dashboards folder. */
export function dashboardFileName(name: string): string | undefined {
  // NAME_RE (letters, digits, . _ -, no leading dot) already rules out separators, `.` and `..`; checked again
  // here because a path is built from it
  if (!NAME_RE.test(name) || /[/\\]/.test(name)) return undefined;
  return `${name}.json`;
}

/** What a service dashboard is made of; `prometheus` decides its shape, the rest are plain strings. */
export interface ServiceView {
  name: string;
  uid: string;
  type: string;
  owner: string;
  prometheus: boolean;
}

export function serviceDashboard(view: ServiceView, datasource: Datasource): Dashboard {
  const layout = new Layout(datasource);
  const bySvc = matcher('service', view.name);
  const http = httpQueries([bySvc]);
  const statWidth = view.prometheus ? 8 : 12;
  if (view.prometheus) layout.stat('Targets up', statWidth, `sum(up{${matcher('job', view.name)}})`, ZERO_BAD);
  layout.stat('Blackbox probe', statWidth, `min(probe_success{${bySvc}})`, UP_DOWN);
  layout.stat('Alerts firing', statWidth, `count(ALERTS{alertstate="firing", ${bySvc}}) or vector(0)`, ZERO_GOOD);
  if (view.prometheus) {
    layout.timeseries('Request rate', 12, `sum by (status) (rate(http_requests_total{${bySvc}}[${RATE}]))`, '{{status}}', 'reqps');
    layout.timeseries('5xx error ratio', 12, http.errorRatio, '5xx', 'percentunit');
    layout.timeseries('p95 latency', 24, http.p95, 'p95', 's');
  }
  // SLO budgets: API endpoints name no service in the registry, so which ones belong here is unknown, and
  // guessing from paths would show wrong budgets. The link leads to the overview's per-endpoint table.
  const links = [{ type: 'dashboards', title: 'Overview (SLO error budgets)', tags: [OVERVIEW_TAG], asDropdown: false, keepTime: true }];
  return dashboard(view.uid, view.name, ['awoooi-monitor', view.type, view.owner], links, layout.panels);
}

export function overviewDashboard(datasource: Datasource): Dashboard {
  const layout = new Layout(datasource);
  const firing = 'ALERTS{alertstate="firing"}';
  // the services' own jobs: Blackbox targets carry a service label too, but their `up` is the exporter's
  const serviceUp = `up{service!="", job!="${INFRA_JOBS.blackbox}"}`;
  const http = httpQueries([], 'service');

  layout.stat('Alerts firing', 6, `count(${firing}) or vector(0)`, ZERO_GOOD);
  layout.stat('Service targets down', 6, `count(${serviceUp} == 0) or vector(0)`, ZERO_GOOD);
  layout.stat('Blackbox probes failing', 6, 'count(probe_success == 0) or vector(0)', ZERO_GOOD);
  layout.stat('Endpoints over error budget', 6, `count(${SLO_RECORDS.periodBudgetRemaining} < 0) or vector(0)`, ZERO_GOOD);
  layout.table('Firing alerts', 24, 8, { [`sum by (alertname, severity, service, owner, page) (${firing})`]: 'Series' });
  layout.table('Services', 24, 10, {
    [`min by (service) (${serviceUp})`]: 'Up (all targets)',
    [http.rate]: 'Requests/s',
    [http.errorRatio]: '5xx ratio',
    [http.p95]: 'p95 latency (s)',
  });
  layout.timeseries('Request rate (top 10 services)', 8, `topk(10, ${http.rate})`, '{{service}}', 'reqps');
  layout.timeseries('5xx ratio (top 10 services)', 8, `topk(10, ${http.errorRatio})`, '{{service}}', 'percentunit');
  layout.timeseries('p95 latency (top 10 services)', 8, `topk(10, ${http.p95})`, '{{service}}', 's');
  layout.table('Blackbox probe success', 12, 10, { 'min by (service, instance) (probe_success)': 'Success' });
  layout.table(
    'SLO error budget remaining (SLO window)',
    12,
    10,
    { [sloByEndpoint(SLO_RECORDS.objective)]: 'Objective', [sloByEndpoint(SLO_RECORDS.periodBudgetRemaining)]: 'Budget left' },
    'percentunit',
  );
  return dashboard(OVERVIEW_UID, 'awoooi-monitor overview', ['awoooi-monitor', OVERVIEW_TAG], [], layout.panels);
}

/**
 * JSON laid out like `JSON.stringify(value, null, 2)` down to the panels, with everything deeper (a gridPos,
 * a datasource, the targets) on one line: about 40 % fewer bytes than indenting everything, still one
 * panel property per line for diffs. Lengths never decide the layout, so filling in names later (see
 * ServiceDashboards) gives the same text as rendering directly.
 */
export function formatJson(value: unknown, indent = '', depth = 0): string {
  if (value === null || typeof value !== 'object' || depth >= INLINE_DEPTH) return JSON.stringify(value);
  const inner = indent + '  ';
  if (Array.isArray(value)) {
    if (value.every((v) => v === null || typeof v !== 'object')) return JSON.stringify(value);
    return `[\n${value.map((v) => inner + formatJson(v, inner, depth + 1)).join(',\n')}\n${indent}]`;
  }
  const entries = Object.entries(value).filter(([, v]) => v !== undefined);
  if (entries.length === 0) return '{}';
  return `{\n${entries.map(([k, v]) => `${inner}${JSON.stringify(k)}: ${formatJson(v, inner, depth + 1)}`).join(',\n')}\n${indent}}`;
}

/** dashboard (0) > panels (1) > panel (2) > its properties' values (3): inline from here on */
const INLINE_DEPTH = 3;

const json = (value: unknown) => formatJson(value) + '\n';

export function serviceView(service: Service): ServiceView {
  return { name: service.name, uid: serviceDashboardUid(service.name), type: service.type, owner: service.owner, prometheus: service.monitoring.prometheus };
}

/** The JSON text of a service dashboard, built and serialised directly (the reference for the fast path). */
export function renderServiceDashboard(view: ServiceView, datasource: Datasource): string {
  return json(serviceDashboard(view, datasource));
}

// An invisible separator (U+2063) that neither JSON nor PromQL escaping touches and no registry name contains.
const MARK = '\u2063';
const FIELDS = ['name', 'uid', 'type', 'owner'] as const;
type Field = (typeof FIELDS)[number];
const MARKED_FIELD = new RegExp(`${MARK}(${FIELDS.join('|')})${MARK}`);

/**
 * Service dashboards differ only in name, uid, type and owner (and `prometheus`, which picks one of two
 * shapes). Each shape is rendered once with markers in place of those strings, then per service the
 * markers are replaced: the same text as renderServiceDashboard, about ten times faster.
 * Valid for names matching NAME_RE, which need no escaping in JSON or in a PromQL string.
 */
export class ServiceDashboards {
  private readonly shapes = new Map<boolean, string[]>();

  constructor(private readonly datasource: Datasource) {}

  render(view: ServiceView): string {
    if (!NAME_RE.test(view.name) || this.datasource.uid.includes(MARK)) return renderServiceDashboard(view, this.datasource);
    let parts = this.shapes.get(view.prometheus);
    if (!parts) {
      const marked = (f: Field) => `${MARK}${f}${MARK}`;
      const template = renderServiceDashboard({ name: marked('name'), uid: marked('uid'), type: marked('type'), owner: marked('owner'), prometheus: view.prometheus }, this.datasource);
      parts = template.split(MARKED_FIELD).map((part, i) => (i % 2 === 0 ? oneByte(part) : part)); // literal, field, literal, field, ..., literal
      this.shapes.set(view.prometheus, parts);
    }
    // owner and type come from the registry; escape them anyway (JSON.stringify is a no-op for plain names)
    const values: Record<Field, string> = { name: view.name, uid: view.uid, type: jsonInner(view.type), owner: jsonInner(view.owner) };
    // join() builds one flat string; `+=` would build a rope that is slow to flatten when written out
    const out = parts.slice();
    for (let i = 1; i < out.length; i += 2) out[i] = values[out[i] as Field];
    return out.join('');
  }
}

const jsonInner = (s: string) => JSON.stringify(s).slice(1, -1);

function provisioning(settings: GenerateSettings): string {
  const provider = {
    name: 'awoooi-monitor',
    orgId: 1,
    folder: settings.grafana.folder,
    type: 'file',
    // generated files are the source of truth: UI edits would be lost at the next generate
    disableDeletion: false,
    allowUiUpdates: false,
    updateIntervalSeconds: 30,
    // the provider reads sub-folders too (dashboards/services/); every dashboard goes into `folder`
    options: { path: settings.grafana.dashboards_path, foldersFromFilesStructure: false },
  };
  return yamlFile({ apiVersion: 1, providers: [provider] }, ['Grafana dashboard provisioning: copy grafana/dashboards/ to options.path.']);
}

export const generateGrafana: Generator = ({ registry, settings, report }) => {
  const datasource: Datasource = { type: 'prometheus', uid: settings.grafana.datasource_uid };
  const files: GeneratedFile[] = [
    { path: 'grafana/provisioning/dashboards.yml', content: provisioning(settings) },
    { path: 'grafana/dashboards/overview.json', content: json(overviewDashboard(datasource)) },
  ];
  const dashboards = new ServiceDashboards(datasource);
  for (const service of [...registry.services].sort((a, b) => cmp(a.name, b.name))) {
    const entry = entryName.service(service.name);
    const fileName = dashboardFileName(service.name);
    if (!fileName) {
      report.skip(entry, 'the service name cannot be used as a file name; no dashboard generated', 'grafana');
      continue;
    }
    if (!service.monitoring.prometheus) {
      report.note(entry, 'monitoring.prometheus is off: its dashboard shows only the Blackbox probe and firing alerts', 'grafana');
    }
    files.push({ path: `grafana/dashboards/services/${fileName}`, content: dashboards.render(serviceView(service)) });
  }
  return files;
};
