// Coverage figures (pure): the seed's dimensions, plus the two that matter more, discovery coverage (running
// workloads that are registered) and alert coverage (services with at least one alert whose template exists),
// per dimension and per owner. What a snapshot stores, and what the board shows.
import { editHref } from '../registry/entry-href';
import { entryKey, type Registry, type Service } from '../registry/model';
import { coverageReport, coverageStatus, type CoverageRatio } from './report';
import { GAPS_SHOWN, type Dimension, type DimensionKey, type Gap, type GapKind, type TeamRow } from './board-types';

/** What the latest discovery run says, reconciled with this registry; null when discovery never ran. */
export interface DiscoveryCounts {
  /** running workloads that matched a registry entry */
  matched: number;
  /** keys ("source/location/name") of running workloads nobody registered (ignored ones left out) */
  unregistered: string[];
  runAt: Date;
}

export type Counts = Record<DimensionKey, { covered: number; total: number }>;
export type Figures = { dimensions: Omit<Dimension, 'change7d'>[]; teams: TeamRow[]; counts: Counts; teamCounts: TeamCounts[] };

export interface TeamCounts {
  owner: string;
  displayName: string | null;
  services: number;
  covered: Record<keyof TeamRow['ratios'], number>;
}

const LABELS: Record<DimensionKey, { label: string; description: string }> = {
  overall: { label: 'Overall', description: "the mean of the seed's eight ratios (services, pages, API endpoints)" },
  discovery: { label: 'Discovery', description: 'running workloads that are registered, of all running workloads (latest scan)' },
  alerts: { label: 'Alerts', description: 'services with at least one alert whose template exists' },
  'services.prometheus': { label: 'Prometheus', description: 'services scraped by Prometheus' },
  'services.sentry': { label: 'Sentry', description: 'services reporting errors to Sentry' },
  'services.otel': { label: 'OpenTelemetry', description: 'services sending traces' },
  'services.langfuse': { label: 'Langfuse', description: 'services with LLM tracing' },
  'pages.sentry_session': { label: 'Page sessions', description: 'pages with Sentry session tracking' },
  'pages.web_vitals': { label: 'Web Vitals', description: 'pages measuring Web Vitals' },
  'api_endpoints.slo': { label: 'SLOs', description: 'API endpoints with a latency or availability SLO' },
};

export const dimensionLabel = (key: DimensionKey) => LABELS[key];

export function hasAlertCoverage(service: Service, templates: ReadonlySet<string>): boolean {
  return service.alerts.some((key) => templates.has(key));
}

function ratioOf(covered: number, total: number) {
  const ratio = total === 0 ? null : covered / total;
  return { covered, total, ratio, status: ratio === null ? null : coverageStatus(ratio) };
}

function gapsFrom(kind: Exclude<GapKind, 'workload'>, missing: string[]): { gaps: Gap[]; gapCount: number } {
  return { gaps: missing.slice(0, GAPS_SHOWN).map((key) => ({ kind, key, href: editHref(kind, key) })), gapCount: missing.length };
}

export function coverageFigures(registry: Registry, discovery: DiscoveryCounts | null): Figures {
  const report = coverageReport(registry);
  const templates = new Set(registry.alert_templates.map((t) => t.key));
  const withoutAlerts = registry.services.filter((s) => !hasAlertCoverage(s, templates)).map((s) => entryKey('services', s));
  const dims: Omit<Dimension, 'change7d'>[] = [];
  const push = (key: DimensionKey, covered: number, total: number, gaps: { gaps: Gap[]; gapCount: number }) =>
    dims.push({ key, ...LABELS[key], ...ratioOf(covered, total), ...gaps });
  const fromReport = (key: DimensionKey, kind: Exclude<GapKind, 'workload'>, r: CoverageRatio) => push(key, r.covered, r.total, gapsFrom(kind, r.missing));

  const overall = report.overall;
  dims.push({
    key: 'overall',
    ...LABELS.overall,
    // the seed's overall is a mean of ratios, not a count: covered/total carry the exact ratio over 1
    covered: overall.ratio ?? 0,
    total: overall.ratio === null ? 0 : 1,
    ratio: overall.ratio,
    status: overall.status,
    gaps: [],
    gapCount: 0,
  });
  if (discovery) {
    const total = discovery.matched + discovery.unregistered.length;
    const gaps = discovery.unregistered.slice(0, GAPS_SHOWN).map((key) => ({ kind: 'workload' as const, key, href: '/discovery' }));
    push('discovery', discovery.matched, total, { gaps, gapCount: discovery.unregistered.length });
  } else {
    push('discovery', 0, 0, { gaps: [], gapCount: 0 });
  }
  push('alerts', registry.services.length - withoutAlerts.length, registry.services.length, gapsFrom('services', withoutAlerts));
  const s = report.sections;
  fromReport('services.prometheus', 'services', s.services.ratios.prometheus);
  fromReport('services.sentry', 'services', s.services.ratios.sentry);
  fromReport('services.otel', 'services', s.services.ratios.otel);
  fromReport('services.langfuse', 'services', s.services.ratios.langfuse);
  fromReport('pages.sentry_session', 'pages', s.pages.ratios.sentry_session);
  fromReport('pages.web_vitals', 'pages', s.pages.ratios.web_vitals);
  fromReport('api_endpoints.slo', 'api_endpoints', s.api_endpoints.ratios.slo);

  const counts = Object.fromEntries(dims.map((d) => [d.key, { covered: d.covered, total: d.total }])) as Counts;
  const teamCounts = teamCountsOf(registry, templates);
  return { dimensions: dims, teams: teamCounts.map(teamRow), counts, teamCounts };
}

function teamCountsOf(registry: Registry, templates: ReadonlySet<string>): TeamCounts[] {
  const byOwner = new Map<string, TeamCounts>();
  for (const o of registry.owners) byOwner.set(o.name, { owner: o.name, displayName: o.display_name ?? null, services: 0, covered: { prometheus: 0, sentry: 0, otel: 0, langfuse: 0, alerts: 0 } });
  for (const svc of registry.services) {
    let team = byOwner.get(svc.owner);
    if (!team) {
      team = { owner: svc.owner, displayName: null, services: 0, covered: { prometheus: 0, sentry: 0, otel: 0, langfuse: 0, alerts: 0 } };
      byOwner.set(svc.owner, team);
    }
    team.services += 1;
    const c = team.covered;
    if (svc.monitoring.prometheus) c.prometheus += 1;
    if (svc.monitoring.sentry) c.sentry += 1;
    if (svc.monitoring.otel) c.otel += 1;
    if (svc.monitoring.langfuse) c.langfuse += 1;
    if (hasAlertCoverage(svc, templates)) c.alerts += 1;
  }
  return [...byOwner.values()].sort((a, b) => a.owner.localeCompare(b.owner));
}

/** A team's row from its counts (also how stored snapshots are read back). */
export function teamRow(t: TeamCounts): TeamRow {
  const ratios = Object.fromEntries(Object.entries(t.covered).map(([k, n]) => [k, t.services === 0 ? null : n / t.services])) as TeamRow['ratios'];
  const present = Object.values(ratios).filter((r): r is number => r !== null);
  return { owner: t.owner, displayName: t.displayName, services: t.services, ratios, overall: present.length ? present.reduce((a, b) => a + b, 0) / present.length : null };
}

/** A stored counts record back to a ratio (null for n/a). */
export function ratioFromCounts(c: { covered: number; total: number } | undefined): number | null {
  return !c || c.total === 0 ? null : c.covered / c.total;
}
