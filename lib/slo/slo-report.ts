// The SLO page's data: the registry's endpoints and targets, measured in Prometheus (PROMETHEUS_URL). The glue
// of lib/slo: settings and registry in, one state out. Per SLO it reads the generator's recordings when
// Prometheus has them (the objective is recorded for every SLO, traffic or not) and the raw series otherwise.
import { loadAppSettings, type Env, type SettingsProblem } from '../generate/app-settings';
import type { GenerateSettings } from '../generate/settings';
import { durationSeconds } from '../generate/slo';
import type { Registry } from '../registry/model';
import { createPrometheusClient, PROMETHEUS_URL_ENV, PrometheusError, type PrometheusClient, type Sample } from './prometheus-client';
import { BURN_WINDOWS, budgetBurnDown, checkedRatio } from './slo-math';
import {
  batchedRawQuery,
  chartResolution,
  chunks,
  keyOfLabels,
  RAW_BATCH,
  RECORDED_PRESENCE_QUERY,
  recordedErrorRatioQuery,
  recordedSeriesQuery,
  ROW_LABEL,
  sloKeyString,
  type SloSource,
} from './slo-queries';
import { measuredRow, sloKeyOf, sloTargets, sortRows, unmeasuredRow, type Measurement, type SloRow, type SloTarget } from './slo-rows';

export interface ChartPoint {
  /** unix milliseconds */
  t: number;
  /** share of good events over the `window` before t */
  sli: number | null;
  /** share of the period's budget left at t */
  remaining: number | null;
}

export interface SloChart {
  id: string;
  title: string;
  source: SloSource;
  objective: number;
  /** each point covers this window (also the step) */
  window: string;
  points: ChartPoint[];
}

export interface SloReport {
  at: Date;
  /** the SLO window (settings slo.window) */
  period: string;
  rows: SloRow[];
  chart: SloChart | null;
  /** the chart asked for (options.chart) is not a measurable SLO: what the page shows instead */
  chartProblem: string | null;
}

export type SloPage =
  | { state: 'not-configured'; period: string; rows: SloRow[] }
  | { state: 'settings-invalid'; file: string; problems: SettingsProblem[] }
  | { state: 'error'; url: string | null; error: string; period: string; rows: SloRow[] }
  | ({ state: 'ok'; url: string } & SloReport);

type Windows = 'period' | (typeof BURN_WINDOWS)[number]['window'];
const WINDOWS: Windows[] = ['period', ...BURN_WINDOWS.map((w) => w.window)];

/** The worst value per key when several series share it (e.g. two Prometheus replicas federated together). */
function byKey(samples: Sample[], keyOf: (labels: Record<string, string>) => string | null): Map<string, number> {
  const out = new Map<string, number>();
  for (const { labels, value } of samples) {
    const key = keyOf(labels);
    if (key === null || Number.isNaN(value)) continue;
    const seen = out.get(key);
    if (seen === undefined || value > seen) out.set(key, value);
  }
  return out;
}

const recordedKey = (labels: Record<string, string>) => {
  const key = keyOfLabels(labels);
  return key ? sloKeyString(key) : null;
};

async function measureRecorded(client: PrometheusClient, targets: SloTarget[], objectives: Map<string, number>, at: Date) {
  const ratios = await Promise.all(WINDOWS.map((w) => client.query(recordedErrorRatioQuery(w), at).then((s) => byKey(s, recordedKey))));
  const out = new Map<string, Measurement>();
  for (const t of targets) {
    const recorded = objectives.get(t.id)!;
    const notes =
      Math.abs(recorded - (t.objectivePercent ?? 0) / 100) > 1e-9
        ? [`the rules Prometheus runs record an objective of ${+(recorded * 100).toPrecision(12)} %: regenerate them and reload Prometheus`]
        : [];
    out.set(t.id, {
      source: 'recorded',
      period: ratios[0]!.get(t.id) ?? null,
      windows: Object.fromEntries(WINDOWS.slice(1).map((w, i) => [w, ratios[i + 1]!.get(t.id) ?? null])),
      notes,
    });
  }
  return out;
}

async function measureRaw(client: PrometheusClient, targets: SloTarget[], period: string, at: Date) {
  const out = new Map<string, Measurement>();
  // One batch at a time (its windows in parallel): a page load never floods Prometheus with queries.
  for (const batch of chunks(targets, RAW_BATCH)) {
    const results = await Promise.all(
      WINDOWS.map((w) => {
        const expr = batchedRawQuery(batch.map((t, i) => ({ id: String(i), expr: t.slo!.errorRatio(w === 'period' ? period : w) })));
        return client.query(expr, at).then((s) => byKey(s, (labels) => labels[ROW_LABEL] ?? null));
      }),
    );
    batch.forEach((t, i) => {
      const id = String(i);
      out.set(t.id, {
        source: 'raw',
        period: results[0]!.get(id) ?? null,
        windows: Object.fromEntries(WINDOWS.slice(1).map((w, j) => [w, results[j + 1]!.get(id) ?? null])),
      });
    });
  }
  return out;
}

async function chartFor(client: PrometheusClient, target: SloTarget, source: SloSource, period: string, at: Date): Promise<SloChart> {
  const { window, stepSeconds } = chartResolution(period);
  const key = sloKeyOf(target)!;
  const expr = source === 'recorded' ? recordedSeriesQuery(key, window) : target.slo!.errorRatio(window);
  // Each point is the ratio over the step before it: starting one step in, the points tile exactly the period.
  const start = new Date(at.getTime() - (durationSeconds(period) - stepSeconds) * 1000);
  const [series] = await client.queryRange(expr, { start, end: at, stepSeconds });
  // Impossible ratios are left out of the line rather than drawn (the table row says what is wrong).
  const ratios = (series?.points ?? []).filter(([, v]) => {
    try {
      return checkedRatio(v) !== null;
    } catch {
      return false;
    }
  });
  const remaining = new Map(budgetBurnDown(ratios, target.budget!).map(([t, r]) => [t, r]));
  return {
    id: target.id,
    title: `${target.method} ${target.path} · ${target.kind}`,
    source,
    objective: target.objectivePercent! / 100,
    window,
    points: ratios.map(([t, v]) => ({ t: t * 1000, sli: 1 - Math.min(1, Math.max(0, v)), remaining: remaining.get(t) ?? null })),
  };
}

export interface ReportOptions {
  /** evaluation time (default now): tests pin it to their backfilled data */
  at?: Date;
  /** the SLO to chart (a row id such as `availability GET /x`); default the first row with data */
  chart?: string;
}

/** Measures every SLO of the registry in Prometheus. Throws PrometheusError when Prometheus cannot answer. */
export async function buildSloReport(registry: Registry, settings: GenerateSettings, client: PrometheusClient, options: ReportOptions = {}): Promise<SloReport> {
  const at = options.at ?? new Date();
  const period = settings.slo.window;
  const targets = sloTargets(registry, settings);
  const measurable = targets.filter((t) => t.slo);
  const objectives = byKey(await client.query(RECORDED_PRESENCE_QUERY, at), recordedKey);
  const recorded = measurable.filter((t) => objectives.has(t.id));
  const raw = measurable.filter((t) => !objectives.has(t.id));
  const [fromRules, fromRaw] = await Promise.all([
    recorded.length > 0 ? measureRecorded(client, recorded, objectives, at) : new Map<string, Measurement>(),
    raw.length > 0 ? measureRaw(client, raw, period, at) : new Map<string, Measurement>(),
  ]);
  const rows = sortRows(
    targets.map((t) => {
      const m = fromRules.get(t.id) ?? fromRaw.get(t.id);
      return m ? measuredRow(t, m) : unmeasuredRow(t);
    }),
  );
  const fallback = rows.find((r) => r.budgetRemaining !== null)?.id;
  const asked = options.chart === undefined ? undefined : measurable.find((t) => t.id === options.chart);
  const chartProblem =
    options.chart !== undefined && !asked
      ? `There is no measurable SLO "${options.chart}"; ${fallback ? `showing the chart of ${fallback}` : 'no chart shown'}.`
      : null;
  const target = asked ?? measurable.find((t) => t.id === fallback);
  const chart = target ? await chartFor(client, target, objectives.has(target.id) ? 'recorded' : 'raw', period, at) : null;
  return { at, period, rows, chart, chartProblem };
}

export interface PageInput {
  env?: Env;
  loadRegistry: () => Promise<Registry>;
  at?: Date;
  chart?: string;
  timeoutMs?: number;
}

/** Everything the SLO page shows, as one state; never throws for a Prometheus or settings problem. */
export async function loadSloPage({ env = process.env, loadRegistry, at, chart, timeoutMs }: PageInput): Promise<SloPage> {
  const loaded = await loadAppSettings(env);
  if (!loaded.ok) return { state: 'settings-invalid', file: loaded.file, problems: loaded.problems };
  const { settings } = loaded;
  const registry = await loadRegistry();
  const period = settings.slo.window;
  const targetsOnly = () => sortRows(sloTargets(registry, settings).map(unmeasuredRow));
  const address = env[PROMETHEUS_URL_ENV]?.trim();
  if (!address) return { state: 'not-configured', period, rows: targetsOnly() };
  let client: PrometheusClient;
  try {
    client = createPrometheusClient(address, { timeoutMs });
  } catch (error) {
    return { state: 'error', url: null, error: (error as Error).message, period, rows: targetsOnly() };
  }
  try {
    return { state: 'ok', url: client.url, ...(await buildSloReport(registry, settings, client, { at, chart })) };
  } catch (error) {
    if (!(error instanceof PrometheusError)) throw error;
    return { state: 'error', url: client.url, error: error.message, period, rows: targetsOnly() };
  }
}
