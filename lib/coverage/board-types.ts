// The coverage board's data, as the dashboard, the wall screen and GET /api/v1/coverage see it. Plain JSON
// (dates as ISO strings) so the same object crosses the network unchanged.
import type { CoverageStatus } from './report';

export const DIMENSION_KEYS = [
  'overall',
  'discovery',
  'alerts',
  'services.prometheus',
  'services.sentry',
  'services.otel',
  'services.langfuse',
  'pages.sentry_session',
  'pages.web_vitals',
  'api_endpoints.slo',
] as const;
export type DimensionKey = (typeof DIMENSION_KEYS)[number];

/** What an entry missing a dimension is: a registry entry (with its edit page) or a running workload. */
export type GapKind = 'services' | 'pages' | 'api_endpoints' | 'workload';

export interface Gap {
  kind: GapKind;
  /** service name, page path, "METHOD /path", or the workload key "source/location/name" */
  key: string;
  /** the edit form (registry entries) or the Discovery page (workloads) */
  href: string;
}

export interface Dimension {
  key: DimensionKey;
  label: string;
  /** one line on what is counted, for tooltips and screen readers */
  description: string;
  /** for 'overall' (a mean of ratios, not a count): the ratio itself over a total of 1 */
  covered: number;
  total: number;
  /** covered / total in 0..1; null when there is nothing to count (n/a) */
  ratio: number | null;
  status: CoverageStatus | null;
  /** ratio now minus the ratio 7 days ago (from the snapshots), in 0..1 points; null when either is unknown */
  change7d: number | null;
  /** the first gaps (at most GAPS_SHOWN), and how many there are in all */
  gaps: Gap[];
  gapCount: number;
}

export interface TeamRow {
  owner: string;
  displayName: string | null;
  services: number;
  /** per service dimension, the share of this owner's services that have it */
  ratios: Record<'prometheus' | 'sentry' | 'otel' | 'langfuse' | 'alerts', number | null>;
  /** the mean of the ratios above */
  overall: number | null;
}

export interface TrendPoint {
  /** YYYY-MM-DD (UTC): the last snapshot of that day */
  day: string;
  values: Partial<Record<DimensionKey, number | null>>;
}

export interface CoverageBoard {
  /** when these figures were computed (the latest snapshot) */
  at: string;
  dimensions: Dimension[];
  teams: TeamRow[];
  trend: TrendPoint[];
  /** the latest discovery run these figures used, or null when discovery never ran */
  discoveryRunAt: string | null;
}

export const GAPS_SHOWN = 50;
