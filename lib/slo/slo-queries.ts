// The PromQL the SLO page sends, in its two modes. Pure: strings in, strings out.
//
//   recorded: the generator's recording rules run in Prometheus (lib/generate/slo.ts SLO_RECORDS): one query per
//             figure returns every endpoint's series at once, told apart by their slo/method/path labels.
//   raw:      no recordings for an SLO: the generator's own raw expressions (Slo.errorRatio), so both modes
//             measure exactly the same thing. Several SLOs share one query, each result tagged by label_replace.
import { escapeString, matcher } from '../generate/instantiate';
import { durationSeconds, SLI_WINDOWS, SLO_RECORDS, type SliWindow, type SloKind } from '../generate/slo';

export type SloSource = 'recorded' | 'raw';

/** What identifies one SLO: an endpoint and a kind (an endpoint may have an availability and a latency SLO). */
export interface SloKey {
  kind: SloKind;
  method: string;
  path: string;
}

export function sloKeyString(key: SloKey): string {
  return `${key.kind} ${key.method} ${key.path}`;
}

/** The key of a recorded series (labels slo, method, path, as sloRules writes them), or null if it has none. */
export function keyOfLabels(labels: Record<string, string>): SloKey | null {
  const { slo, method, path } = labels;
  if ((slo !== 'availability' && slo !== 'latency') || !method || !path) return null;
  return { kind: slo, method, path };
}

/** `{slo="availability", method="GET", path="/x"}`: the selector of one SLO's recorded series. */
export function recordedSelector(key: SloKey): string {
  return `{${matcher('slo', key.kind)}, ${matcher('method', key.method)}, ${matcher('path', key.path)}}`;
}

/** Which SLOs have recordings: the objective is recorded for every SLO (as `vector(...)`), traffic or not. */
export const RECORDED_PRESENCE_QUERY = SLO_RECORDS.objective;

/** Every recorded SLO's bad-event ratio over the whole period, or over one alert window. */
export function recordedErrorRatioQuery(window: SliWindow | 'period'): string {
  return window === 'period' ? SLO_RECORDS.periodErrorRatio : SLO_RECORDS.errorRatio(window);
}

/** One SLO's recorded ratio series over `window`, for the chart. */
export function recordedSeriesQuery(key: SloKey, window: SliWindow): string {
  return `${SLO_RECORDS.errorRatio(window)}${recordedSelector(key)}`;
}

/** The label that tells apart the SLOs sharing one raw query; a name no exporter uses. */
export const ROW_LABEL = 'awoooi_slo_row';

/**
 * Several raw expressions in one query: `label_replace(expr, ROW_LABEL, id, "", "") or ...`. Each generator
 * expression is a label-less `sum(...) / sum(...)`, so the tag is the only label and `or` keeps every one.
 */
export function batchedRawQuery(items: readonly { id: string; expr: string }[]): string {
  if (items.length === 0) throw new Error('batchedRawQuery needs at least one expression');
  return items.map(({ id, expr }) => `label_replace(${expr}, "${ROW_LABEL}", "${escapeString(id, '"')}", "", "")`).join(' or ');
}

/** SLOs per raw query: long enough to save round trips, short enough for Prometheus's form limits and logs. */
export const RAW_BATCH = 25;

export function chunks<T>(items: readonly T[], size: number): T[][] {
  if (!Number.isInteger(size) || size < 1) throw new RangeError(`chunk size must be a positive integer, got ${size}`);
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

/** At most this many points per chart line: enough detail for a page, cheap to query and to send. */
export const MAX_CHART_POINTS = 1000;

/**
 * The chart's resolution for an SLO period: the shortest recorded window (so recorded and raw mode chart the
 * same thing) that keeps the period under MAX_CHART_POINTS steps; each point is the bad-event ratio over the
 * window before it, and the step equals the window so points neither overlap nor leave gaps. 30d -> 1h.
 */
export function chartResolution(period: string): { window: SliWindow; stepSeconds: number } {
  const periodSeconds = durationSeconds(period);
  if (!(periodSeconds > 0)) throw new RangeError(`the SLO window must be a positive Prometheus duration such as 30d, got "${period}"`);
  const window = SLI_WINDOWS.find((w) => periodSeconds / durationSeconds(w) <= MAX_CHART_POINTS) ?? SLI_WINDOWS[SLI_WINDOWS.length - 1]!;
  return { window, stepSeconds: durationSeconds(window) };
}
