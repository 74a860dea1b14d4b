// SLO rules for every API endpoint with an SLO: SLI recording rules over the windows that multi-window,
// multi-burn-rate alerting needs (Google SRE workbook, "Alerting on SLOs"), the burn-rate alerts, and
// recordings that let dashboards show the objective and the budget left without knowing either. Pure: no I/O.
//
// Endpoints have no service or owner in the registry, so their series are matched by method and path alone
// and summed over every job that serves them; the alerts carry no service/owner label either.
//
// Both SLOs record the same "bad event ratio" metric (`slo:sli_error:ratio_rate<window>`), told apart by the
// `slo` label: failed (5xx) requests for availability, requests slower than the threshold for latency. So one
// dashboard query and one alert shape cover both.
import type { ApiEndpoint, Registry } from '../registry/model';
import { compareEndpoints } from '../registry/normalize';
import { escapeRegex, escapeString, joined, matcher } from './instantiate';
import type { GenerateSettings } from './settings';
import { entryName, type Reporter, type Rule, type RuleGroup } from './types';

export const SLO_METRICS = {
  requests: 'http_requests_total',
  durationBucket: 'http_request_duration_seconds_bucket',
  durationCount: 'http_request_duration_seconds_count',
} as const;

/** Every window a burn-rate alert below reads. */
export const SLI_WINDOWS = ['5m', '30m', '1h', '2h', '6h', '1d', '3d'] as const;
export type SliWindow = (typeof SLI_WINDOWS)[number];

export const SLO_RECORDS = {
  /** the objective as a ratio, e.g. 0.999 */
  objective: 'slo:objective:ratio',
  /** 1 - objective */
  errorBudget: 'slo:error_budget:ratio',
  /** bad events / all events over one window; absent (not NaN) while there is no traffic */
  errorRatio: (window: SliWindow) => `slo:sli_error:ratio_rate${window}`,
  /** the bad event ratio over the whole SLO window (settings.slo.window) */
  periodErrorRatio: 'slo:sli_error:ratio_period',
  /** share of the period's error budget left: 1 = untouched, 0 = spent, below 0 = overspent */
  periodBudgetRemaining: 'slo:period_error_budget_remaining:ratio',
} as const;

export const SLO_ALERTS = { availability: 'SLOErrorBudgetBurn', latency: 'SLOLatencyBudgetBurn' } as const;

/**
 * The workbook's four alerts, tuned for a 30-day budget: a page when 2 % of it goes in an hour (14.4x) or
 * 5 % in six hours (6x), a ticket when 10 % goes in a day (3x) or 10 % in three days (1x). The short window
 * makes an alert stop soon after the burn does.
 */
export const BURN_RATE_ALERTS = [
  { severity: 'critical', factor: 14.4, long: '1h', short: '5m' },
  { severity: 'critical', factor: 6, long: '6h', short: '30m' },
  { severity: 'warning', factor: 3, long: '1d', short: '2h' },
  { severity: 'warning', factor: 1, long: '3d', short: '6h' },
] as const satisfies readonly { severity: string; factor: number; long: SliWindow; short: SliWindow }[];

export type SloKind = keyof typeof SLO_ALERTS;

/** Floats as people write them: 1 - 99.9/100 is 0.001, not 0.0010000000000000009. */
export function formatNumber(value: number): string {
  return String(Number(value.toPrecision(12)));
}

function percent(ratio: number): string {
  return `${formatNumber(ratio * 100)}%`;
}

const DURATION_UNIT_SECONDS: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };

/** Seconds in a Prometheus duration (already validated by the settings schema, e.g. `30d`, `1h30m`). */
export function durationSeconds(duration: string): number {
  let total = 0;
  for (const [, amount, unit] of duration.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(amount) * DURATION_UNIT_SECONDS[unit!]!;
  return total;
}

/** `2d 2h`, `5d`, `45m`: the two largest units, for annotations. */
function humanDuration(seconds: number): string {
  const minutes = Math.round(seconds / 60);
  const parts: [number, string][] = [
    [Math.floor(minutes / 1440), 'd'],
    [Math.floor((minutes % 1440) / 60), 'h'],
    [minutes % 60, 'm'],
  ];
  const first = parts.findIndex(([n]) => n > 0);
  if (first < 0) return 'under a minute';
  return parts
    .slice(first, first + 2)
    .filter(([n]) => n > 0)
    .map(([n, unit]) => `${n}${unit}`)
    .join(' ');
}

/**
 * The ways clients write a bucket boundary in `le`. Prometheus 2.x stores the label as scraped, so the same
 * boundary is `le="5"` from Go (client_golang: strconv 'g', shortest) and JS (prom-client: String(n)) but
 * `le="5.0"` from Python (prometheus_client: repr), and Prometheus 3 rewrites it to `5.0`. Large and tiny
 * values differ too (Go `1e-05`, JS `0.00001`). All of them come from the same shortest round-trip digits.
 */
export function leLabelValues(value: number): string[] {
  const [mantissa, exponentText] = value.toExponential().split('e') as [string, string];
  const digits = mantissa.replace('.', '');
  const exponent = Number(exponentText);
  const fixed = (): string => {
    if (exponent < 0) return `0.${'0'.repeat(-exponent - 1)}${digits}`;
    const whole = digits.padEnd(exponent + 1, '0');
    return whole.slice(0, exponent + 1) + (digits.length > exponent + 1 ? `.${digits.slice(exponent + 1)}` : '');
  };
  const scientific = (): string => {
    const abs = String(Math.abs(exponent)).padStart(2, '0');
    return `${digits[0]}${digits.length > 1 ? `.${digits.slice(1)}` : ''}e${exponent < 0 ? '-' : '+'}${abs}`;
  };
  const go = exponent < -4 || exponent >= 6 ? scientific() : fixed(); // strconv.FormatFloat(v, 'g', -1, 64)
  const pythonFixed = fixed();
  const python = exponent < -4 || exponent >= 16 ? scientific() : pythonFixed.includes('.') ? pythonFixed : `${pythonFixed}.0`;
  const openMetrics = /[.e]/.test(go) ? go : `${go}.0`; // Prometheus 3's normalised form
  return [...new Set([String(value), go, python, openMetrics])];
}

/** `le="0.1"` when every client writes the boundary alike, else a regex matching each spelling. */
export function leMatcher(value: number): string {
  const values = leLabelValues(value);
  if (values.length === 1) return matcher('le', values[0]!);
  return `le=~"${escapeString(values.map(escapeRegex).join('|'), '"')}"`;
}

export interface Slo {
  kind: SloKind;
  /**
   * bad event ratio over `window` (any Prometheus duration: the rules use SLI_WINDOWS, the SLO page also the
   * whole period), as PromQL on the raw series; absent while there is no traffic
   */
  errorRatio: (window: string) => string;
  /** what does not depend on the endpoint, shared by every endpoint with the same objective */
  policy: Policy;
}

/** The endpoint-independent part of an SLO: built once per distinct objective (10,000 endpoints share a few). */
export interface Policy {
  objective: string;
  budget: string;
  alerts: { severity: string; window: string; long: SliWindow; short: SliWindow; threshold: string; annotations: Readonly<{ summary: string; description: string }> }[];
}

function policy(kind: SloKind, objectivePercent: number, words: { objective: string; bad: string }, period: string): Policy {
  const objective = Number((objectivePercent / 100).toPrecision(12));
  const budget = Number((1 - objective).toPrecision(12));
  return {
    objective: formatNumber(objective),
    budget: formatNumber(budget),
    alerts: BURN_RATE_ALERTS.map((a) => ({
      severity: a.severity,
      window: `${a.long}/${a.short}`,
      long: a.long,
      short: a.short,
      threshold: `(${formatNumber(a.factor)} * ${formatNumber(budget)})`,
      // One frozen object for every endpoint with this policy: written to YAML once (see rule-yaml.ts).
      annotations: Object.freeze({
        // $labels, not the path itself: a path is user text and must not be read as a Go template.
        summary:
          `{{ $labels.endpoint }}: {{ $value | humanizePercentage }} ${words.bad} over the last ${a.long}; ` +
          `the ${kind} error budget burns at over ${formatNumber(a.factor)}x the sustainable rate`,
        description:
          `SLO: ${words.objective} (error budget ${percent(budget)} of requests over ${period}). ` +
          `Burn rate above ${formatNumber(a.factor)}x (bad ratio over ${percent(a.factor * budget)}) over both the last ` +
          `${a.long} and ${a.short}: at this rate the ${period} error budget is spent in ${humanDuration(durationSeconds(period) / a.factor)}.`,
      }),
    })),
  };
}

/** Builds each distinct policy once per call (no module state: generation stays a pure function). */
function policyCache(period: string): (kind: SloKind, objectivePercent: number, words: { objective: string; bad: string }) => Policy {
  const cache = new Map<string, Policy>();
  return (kind, objectivePercent, words) => {
    const key = `${kind}\u0000${objectivePercent}\u0000${words.bad}`;
    let found = cache.get(key);
    if (!found) cache.set(key, (found = policy(kind, objectivePercent, words, period)));
    return found;
  };
}

type PolicyOf = ReturnType<typeof policyCache>;

/**
 * `bad / (all > 0)`: with no traffic the ratio would be 0/0 = NaN, which compares false (no alert) but would
 * poison the period average; dropping a zero denominator leaves no sample instead.
 */
function availabilitySlo(selector: string, availability: number, policyOf: PolicyOf): Slo {
  const { requests } = SLO_METRICS;
  return {
    kind: 'availability',
    // `or vector(0)`: an endpoint that never failed has no 5xx series at all; its ratio is 0, not absent.
    errorRatio: (w) =>
      joined`(sum(rate(${requests}{${selector}, status=~"5.."}[${w}])) or vector(0)) / (sum(rate(${requests}{${selector}}[${w}])) > 0)`,
    policy: policyOf('availability', availability, { objective: `${formatNumber(availability)}% of requests succeed`, bad: 'of requests failed' }),
  };
}

/** No `or vector(0)` on the bucket: a missing bucket series is a mismatched `le`, not "every request slow". */
function latencySlo(selector: string, thresholdMs: number, le: string, objectivePercent: number, policyOf: PolicyOf): Slo {
  const { durationBucket, durationCount } = SLO_METRICS;
  const ms = formatNumber(thresholdMs);
  return {
    kind: 'latency',
    errorRatio: (w) =>
      joined`1 - sum(rate(${durationBucket}{${selector}, ${le}}[${w}])) / (sum(rate(${durationCount}{${selector}}[${w}])) > 0)`,
    policy: policyOf('latency', objectivePercent, {
      objective: `${formatNumber(objectivePercent)}% of requests faster than ${ms} ms`,
      bad: `of requests took longer than ${ms} ms`,
    }),
  };
}

/** The histogram boundary (seconds, `sorted` ascending) that equals `thresholdMs`, or the nearest ones on each side. */
function findBucket(thresholdMs: number, sorted: readonly number[]): { le: number } | { below?: number; above?: number } {
  const seconds = thresholdMs / 1000;
  const exact = sorted.find((b) => Math.abs(b - seconds) <= 1e-9 * Math.max(1, b));
  if (exact !== undefined) return { le: exact };
  return { below: sorted.filter((b) => b < seconds).at(-1), above: sorted.find((b) => b > seconds) };
}

function notABucketMessage(thresholdMs: number, near: { below?: number; above?: number }): string {
  const ms = (s: number) => `${formatNumber(s * 1000)} ms`;
  const nearest = [near.below, near.above].filter((b): b is number => b !== undefined);
  const where =
    nearest.length === 2
      ? `the nearest are ${ms(nearest[0]!)} and ${ms(nearest[1]!)}`
      : near.below !== undefined
        ? `the nearest is ${ms(near.below)} (its largest bucket)`
        : `the nearest is ${ms(nearest[0]!)} (its smallest bucket)`;
  return (
    `slo_latency_ms ${formatNumber(thresholdMs)} is not a bucket boundary of http_request_duration_seconds; ${where}. ` +
    `Use ${nearest.length === 2 ? 'one of them' : 'that'}, or add ${formatNumber(thresholdMs / 1000)} s to the histogram's buckets and to settings ` +
    'slo.latency_buckets_seconds. No latency SLO generated'
  );
}

function sloRules(endpoint: ApiEndpoint, slo: Slo, period: string): Rule[] {
  // frozen: the endpoint's recording rules share it, and its YAML is written once (see rule-yaml.ts)
  const labels = Object.freeze({ slo: slo.kind, method: endpoint.method, path: endpoint.path, endpoint: `${endpoint.method} ${endpoint.path}` });
  const series = `${matcher('slo', slo.kind)}, ${matcher('method', endpoint.method)}, ${matcher('path', endpoint.path)}`;
  const { policy } = slo;
  const record = (record: string, expr: string): Rule => ({ record, expr, labels });
  const rules: Rule[] = [
    record(SLO_RECORDS.objective, joined`vector(${policy.objective})`),
    record(SLO_RECORDS.errorBudget, joined`vector(${policy.budget})`),
    ...SLI_WINDOWS.map((w) => record(SLO_RECORDS.errorRatio(w), slo.errorRatio(w))),
    // The whole period from the 5m recording: cheap (one sample per evaluation, not raw series over 30 days).
    // An average of 5m ratios, so quiet hours weigh as much as busy ones: good enough for a budget gauge.
    record(SLO_RECORDS.periodErrorRatio, joined`avg_over_time(${SLO_RECORDS.errorRatio('5m')}{${series}}[${period}])`),
    record(SLO_RECORDS.periodBudgetRemaining, joined`1 - ${SLO_RECORDS.periodErrorRatio}{${series}} / ${policy.budget}`),
  ];
  for (const a of policy.alerts) {
    rules.push({
      alert: SLO_ALERTS[slo.kind],
      // `and` on identical label sets; the value is the long window's ratio. NaN or absent (no traffic): no alert.
      expr: joined`${SLO_RECORDS.errorRatio(a.long)}{${series}} > ${a.threshold} and ${SLO_RECORDS.errorRatio(a.short)}{${series}} > ${a.threshold}`,
      labels: { slo: labels.slo, method: labels.method, path: labels.path, endpoint: labels.endpoint, severity: a.severity, window: a.window },
      annotations: a.annotations,
    });
  }
  return rules;
}

export interface EndpointSlos {
  endpoint: ApiEndpoint;
  /** availability first, then latency; never empty */
  slos: Slo[];
}

/**
 * Every endpoint with an SLO that can be measured, by path then method, and its SLOs as the rules define them;
 * problems go to `report`. The rules below are built from it, and the SLO page (lib/slo) queries the same
 * expressions raw when the rules are not deployed, so both measure exactly the same thing.
 */
export function endpointSlos(registry: Registry, settings: GenerateSettings, report: Reporter): EndpointSlos[] {
  const { window: period, latency_buckets_seconds, latency_objective_percent: latencyObjective } = settings.slo;
  const buckets = [...new Set(latency_buckets_seconds)].sort((a, b) => a - b);
  const policyOf = policyCache(period);
  const leMatchers = new Map<number, string>();
  const found: EndpointSlos[] = [];
  const seen = new Set<string>();
  for (const endpoint of [...registry.api_endpoints].sort(compareEndpoints)) {
    const name = `${endpoint.method} ${endpoint.path}`;
    const entry = entryName.endpoint(endpoint.method, endpoint.path);
    if (endpoint.slo_availability === undefined && endpoint.slo_latency_ms === undefined) continue;
    if (seen.has(name)) {
      report.skip(entry, 'the endpoint is listed twice; only its first entry gets SLO rules', 'slo');
      continue;
    }
    seen.add(name);
    const selector = `${matcher('method', endpoint.method)}, ${matcher('path', endpoint.path)}`;
    const slos: Slo[] = [];
    if (endpoint.slo_availability !== undefined) slos.push(availabilitySlo(selector, endpoint.slo_availability, policyOf));
    if (endpoint.slo_latency_ms !== undefined) {
      const bucket = findBucket(endpoint.slo_latency_ms, buckets);
      if ('le' in bucket) {
        if (!leMatchers.has(bucket.le)) leMatchers.set(bucket.le, leMatcher(bucket.le));
        slos.push(latencySlo(selector, endpoint.slo_latency_ms, leMatchers.get(bucket.le)!, latencyObjective, policyOf));
      } else {
        report.skip(entry, notABucketMessage(endpoint.slo_latency_ms, bucket), 'slo latency');
      }
    }
    if (slos.length > 0) found.push({ endpoint, slos });
  }
  return found;
}

/** One rule group per endpoint with an SLO, by path then method; problems go to `report`. */
export function sloRuleGroups(registry: Registry, settings: GenerateSettings, report: Reporter): RuleGroup[] {
  const period = settings.slo.window;
  return endpointSlos(registry, settings, report).map(({ endpoint, slos }) => ({
    name: `slo:${endpoint.method} ${endpoint.path}`,
    rules: slos.flatMap((slo) => sloRules(endpoint, slo, period)),
  }));
}
