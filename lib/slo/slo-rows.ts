// The SLO page's rows: every API endpoint of the registry with its targets, and, once measured, its SLIs,
// budget and burn rates. Pure: the registry, the settings and measured ratios in; rows out.
import { endpointSlos, type Slo, type SloKind } from '../generate/slo';
import type { GenerateSettings } from '../generate/settings';
import { entryName, type Reporter } from '../generate/types';
import type { Registry } from '../registry/model';
import { compareEndpoints } from '../registry/normalize';
import {
  BURN_WINDOWS,
  budgetFromObjectivePercent,
  budgetRemaining,
  budgetStatus,
  burnRate,
  burnStatus,
  checkedRatio,
  compareByBudgetRemaining,
  sliFromErrorRatio,
  type BudgetStatus,
  type BurnStatus,
} from './slo-math';
import { sloKeyString, type SloKey, type SloSource } from './slo-queries';

/** One SLO of an endpoint (or the endpoint alone when it has none), before measuring. */
export interface SloTarget {
  /** `availability GET /x`; `none GET /x` for an endpoint without an SLO */
  id: string;
  method: string;
  path: string;
  critical: boolean;
  kind: SloKind | null;
  /** percent: the endpoint's slo_availability, or settings slo.latency_objective_percent for latency */
  objectivePercent: number | null;
  /** latency only */
  thresholdMs: number | null;
  /** 1 - objective */
  budget: number | null;
  /** the generator's definition; absent when it cannot be measured (see `problem`) or there is no SLO */
  slo?: Slo;
  /** why a target set in the registry cannot be measured (the generator's own words) */
  problem: string | null;
}

export type RowStatus = BudgetStatus | 'not-measurable' | 'no-slo';

export interface BurnRateCell {
  window: string;
  /** the generator's alert fires above this (with its short window) */
  factor: number;
  rate: number | null;
  status: BurnStatus;
}

export interface SloRow extends Omit<SloTarget, 'slo'> {
  source: SloSource | null;
  /** share of good events over the SLO window */
  sli: number | null;
  errorRatio: number | null;
  budgetRemaining: number | null;
  status: RowStatus;
  burnRates: BurnRateCell[];
  /** worth knowing about the measurement (e.g. deployed rules with another objective) */
  notes: string[];
}

/** What Prometheus said about one SLO: bad-event ratios over the period and per burn window (null: no traffic). */
export interface Measurement {
  source: SloSource;
  period: number | null;
  windows: Partial<Record<string, number | null>>;
  notes?: string[];
}

export const sloKeyOf = (t: SloTarget): SloKey | null => (t.kind ? { kind: t.kind, method: t.method, path: t.path } : null);

/** Every endpoint in the registry, one target per SLO kind it has, in path/method order. */
export function sloTargets(registry: Registry, settings: GenerateSettings): SloTarget[] {
  const problems = new Map<string, string[]>();
  const add = (entry: string, message: string, item?: string) => {
    const key = `${entry}\u0000${item ?? ''}`;
    problems.set(key, [...(problems.get(key) ?? []), message]);
  };
  const report: Reporter = { skip: add, note: () => {} };
  const defined = new Map<string, Slo>();
  for (const { endpoint, slos } of endpointSlos(registry, settings, report)) {
    for (const slo of slos) defined.set(sloKeyString({ kind: slo.kind, method: endpoint.method, path: endpoint.path }), slo);
  }
  const targets: SloTarget[] = [];
  const seen = new Set<string>();
  for (const e of [...registry.api_endpoints].sort(compareEndpoints)) {
    const base = { method: e.method, path: e.path, critical: e.critical };
    const kinds: [SloKind, number | undefined][] = [
      ['availability', e.slo_availability],
      ['latency', e.slo_latency_ms === undefined ? undefined : settings.slo.latency_objective_percent],
    ];
    let any = false;
    for (const [kind, objectivePercent] of kinds) {
      if (objectivePercent === undefined) continue;
      any = true;
      const id = sloKeyString({ kind, ...base });
      if (seen.has(id)) continue; // a duplicate entry: the generator measures only the first
      seen.add(id);
      const slo = defined.get(id);
      const problem = slo ? null : (problems.get(`${entryName.endpoint(e.method, e.path)}\u0000slo ${kind}`)?.join('; ') ?? 'the generator made no rules for it');
      targets.push({
        id,
        ...base,
        kind,
        objectivePercent,
        thresholdMs: kind === 'latency' ? (e.slo_latency_ms ?? null) : null,
        budget: budgetFromObjectivePercent(objectivePercent),
        ...(slo ? { slo } : {}),
        problem,
      });
    }
    if (!any && !seen.has(`none ${e.method} ${e.path}`)) {
      seen.add(`none ${e.method} ${e.path}`);
      targets.push({ id: `none ${e.method} ${e.path}`, ...base, kind: null, objectivePercent: null, thresholdMs: null, budget: null, problem: null });
    }
  }
  return targets;
}

/** A target with no measurement: not configured, unreachable, or nothing to measure. */
export function unmeasuredRow(target: SloTarget): SloRow {
  const { slo: _slo, ...rest } = target;
  return {
    ...rest,
    source: null,
    sli: null,
    errorRatio: null,
    budgetRemaining: null,
    status: target.kind === null ? 'no-slo' : target.slo ? 'no-data' : 'not-measurable',
    burnRates: BURN_WINDOWS.map((w) => ({ window: w.window, factor: w.factor, rate: null, status: 'no-data' as const })),
    notes: [],
  };
}

/** A target with what Prometheus measured; an impossible ratio becomes the row's problem, not a number. */
export function measuredRow(target: SloTarget, m: Measurement): SloRow {
  const row = unmeasuredRow(target);
  if (target.budget === null || !target.slo) return row;
  const budget = target.budget;
  try {
    const errorRatio = checkedRatio(m.period);
    const remaining = budgetRemaining(errorRatio, budget);
    const burnRates = BURN_WINDOWS.map((w) => {
      const rate = burnRate(checkedRatio(m.windows[w.window]), budget);
      return { window: w.window, factor: w.factor, rate, status: burnStatus(rate, w.factor, w.severity) };
    });
    return { ...row, source: m.source, errorRatio, sli: sliFromErrorRatio(errorRatio), budgetRemaining: remaining, status: budgetStatus(remaining), burnRates, notes: m.notes ?? [] };
  } catch (error) {
    return { ...row, source: m.source, status: 'not-measurable', problem: `Prometheus gave an impossible value: ${(error as Error).message}` };
  }
}

const STATUS_ORDER: Record<RowStatus, number> = { exhausted: 0, low: 0, ok: 0, 'no-data': 1, 'not-measurable': 2, 'no-slo': 3 };

/** Least budget remaining first; then no data, not measurable, no SLO; ties keep path/method order. */
export function sortRows(rows: SloRow[]): SloRow[] {
  return [...rows].sort(
    (a, b) => STATUS_ORDER[a.status] - STATUS_ORDER[b.status] || compareByBudgetRemaining(a.budgetRemaining, b.budgetRemaining),
  );
}
