// The Web Vitals pages' figures from query rows, without I/O: p75 judged against Google's thresholds, the share
// good / needs improvement / poor, too-few-samples, page views, and the trend per metric. Both sources (raw events,
// daily rollups) arrive as StatRows, so the pages cannot tell them apart except by the note on the estimate.
import { isVital, p75FromCounts, type RollupCounts } from './rollup';
import { rate, VITAL_NAMES, type Rating, type VitalName } from './thresholds';

/** Below this many samples a p75 says more about luck than about the page: it is not shown. */
export const MIN_SAMPLES = 20;

/** One metric (or 'pageview') for one key: a page, a device, a day or hour, or everything ('' ). */
export interface StatRow {
  key: string;
  metric: string;
  samples: number;
  /** vitals: the 75th percentile (exact from raw events, estimated from rollups); null otherwise */
  p75: number | null;
  good: number;
  needsImprovement: number;
  poor: number;
  /** pageview: estimated page views (sum of 1 / sample rate) */
  estimate: number;
}

export interface MetricFigure {
  metric: VitalName;
  samples: number;
  /** false: fewer than MIN_SAMPLES, so p75 and rating are null */
  enough: boolean;
  p75: number | null;
  rating: Rating | null;
  /** shares 0..1 of samples; all 0 without samples */
  shares: Record<Rating, number>;
}

export interface PageRef {
  path: string;
  name: string;
  webVitals: boolean;
}

export interface PageVitals extends PageRef {
  views: number;
  metrics: Record<VitalName, MetricFigure>;
}

export interface TrendSeries {
  metric: VitalName;
  /** one point per slot of the window; p75 null where the slot had fewer than MIN_SAMPLES */
  points: { slot: string; p75: number | null; samples: number }[];
}

/** A rollup aggregate as a StatRow (p75 estimated from its buckets). */
export function statFromCounts(key: string, metric: string, c: RollupCounts): StatRow {
  return {
    key,
    metric,
    samples: c.count,
    p75: isVital(metric) ? p75FromCounts(metric, c) : null,
    good: c.good,
    needsImprovement: c.needsImprovement,
    poor: c.poor,
    estimate: metric === 'pageview' ? c.sum : 0,
  };
}

export function figureOf(metric: VitalName, row: StatRow | undefined): MetricFigure {
  const samples = row?.samples ?? 0;
  const enough = samples >= MIN_SAMPLES && row?.p75 !== null && row?.p75 !== undefined;
  const rated = (row?.good ?? 0) + (row?.needsImprovement ?? 0) + (row?.poor ?? 0);
  const share = (n: number) => (rated === 0 ? 0 : n / rated);
  return {
    metric,
    samples,
    enough,
    p75: enough ? row!.p75 : null,
    rating: enough ? rate(metric, row!.p75!) : null,
    shares: { good: share(row?.good ?? 0), 'needs-improvement': share(row?.needsImprovement ?? 0), poor: share(row?.poor ?? 0) },
  };
}

function index(rows: readonly StatRow[]): Map<string, StatRow> {
  return new Map(rows.map((r) => [`${r.key}\u0000${r.metric}`, r]));
}

/** Each metric's figure for one key of the rows. */
export function figuresFor(rows: readonly StatRow[], key: string): Record<VitalName, MetricFigure> {
  const byKey = index(rows);
  return Object.fromEntries(VITAL_NAMES.map((m) => [m, figureOf(m, byKey.get(`${key}\u0000${m}`))])) as Record<VitalName, MetricFigure>;
}

export function viewsFor(rows: readonly StatRow[], key: string): number {
  return Math.round(rows.find((r) => r.key === key && r.metric === 'pageview')?.estimate ?? 0);
}

/**
 * Registered pages with their figures (rows keyed by page): those with any sample first, most viewed first; the
 * rest only by name, so a registry of many pages does not bury the ones with traffic.
 */
export function pageVitalsFrom(pages: readonly PageRef[], rows: readonly StatRow[]): { measured: PageVitals[]; unmeasured: PageRef[] } {
  const seen = new Set(rows.filter((r) => r.samples > 0).map((r) => r.key));
  const measured = pages
    .filter((p) => seen.has(p.path))
    .map((p) => ({ ...p, views: viewsFor(rows, p.path), metrics: figuresFor(rows, p.path) }))
    .sort((a, b) => b.views - a.views || a.path.localeCompare(b.path));
  const unmeasured = pages.filter((p) => !seen.has(p.path)).sort((a, b) => Number(b.webVitals) - Number(a.webVitals) || a.path.localeCompare(b.path));
  return { measured, unmeasured };
}

/** p75 per slot for each metric (rows keyed by slot), every slot present so gaps show as gaps. */
export function trendFrom(rows: readonly StatRow[], slots: readonly string[]): TrendSeries[] {
  const byKey = index(rows);
  return VITAL_NAMES.map((metric) => ({
    metric,
    points: slots.map((slot) => {
      const f = figureOf(metric, byKey.get(`${slot}\u0000${metric}`));
      return { slot, p75: f.p75, samples: f.samples };
    }),
  }));
}
