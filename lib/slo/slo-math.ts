// Error budget arithmetic for the SLO page. Pure: numbers in, numbers and statuses out.
//
// The error budget is the share of events allowed to be bad: 1 - objective (99.9 % -> 0.001). Over a window
// where a share `errorRatio` of events was bad:
//   burn rate        = errorRatio / budget    (1 = spending exactly the budget over the period)
//   budget remaining = 1 - errorRatio / budget (1 = untouched, 0 = spent, below 0 = overspent)
// the same formulas as the generator's `slo:period_error_budget_remaining:ratio` recording (lib/generate/slo.ts).
import { BURN_RATE_ALERTS } from '../generate/slo';

export type BudgetStatus = 'ok' | 'low' | 'exhausted' | 'no-data';
export type BurnStatus = 'ok' | 'warning' | 'critical' | 'no-data';

/** Below this share of budget left a row is marked "low": a quarter of the period's budget is a week of 30 days. */
export const LOW_BUDGET = 0.25;

/** The burn-rate windows the page shows: the long windows of the generator's burn-rate alerts, with their factors. */
export const BURN_WINDOWS = BURN_RATE_ALERTS.map((a) => ({ window: a.long, factor: a.factor, severity: a.severity }));

function checkBudget(budget: number): void {
  if (!Number.isFinite(budget) || budget <= 0 || budget >= 1) {
    throw new RangeError(`the error budget must be a ratio between 0 and 1 (exclusive), e.g. 0.001 for a 99.9 % objective; got ${budget}`);
  }
}

/** Float noise allowed outside [0, 1]: `1 - bucket/count` is -2e-16 when every request was fast. */
const NOISE = 1e-9;

/**
 * A measured bad-event ratio, or null when there is none (no traffic: Prometheus returns nothing, or NaN).
 * Throws a RangeError for anything else outside [0, 1]: a bucket counting more than the total (mixed-up
 * series) must not become a believable number.
 */
export function checkedRatio(errorRatio: number | null | undefined): number | null {
  if (errorRatio === null || errorRatio === undefined || Number.isNaN(errorRatio)) return null;
  if (errorRatio < -NOISE || errorRatio > 1 + NOISE) {
    throw new RangeError(`a bad-event ratio must be between 0 and 1; Prometheus gave ${errorRatio}`);
  }
  return Math.min(1, Math.max(0, errorRatio));
}

/** 1 - objective, from the objective in percent (99.9 -> 0.001), without float noise. */
export function budgetFromObjectivePercent(objectivePercent: number): number {
  if (!Number.isFinite(objectivePercent) || objectivePercent <= 0 || objectivePercent >= 100) {
    throw new RangeError(`an SLO objective must be a percentage between 0 and 100 (exclusive); got ${objectivePercent}`);
  }
  return Number((1 - objectivePercent / 100).toPrecision(12));
}

export function burnRate(errorRatio: number | null, budget: number): number | null {
  checkBudget(budget);
  const ratio = checkedRatio(errorRatio);
  return ratio === null ? null : ratio / budget;
}

export function budgetRemaining(errorRatio: number | null, budget: number): number | null {
  const rate = burnRate(errorRatio, budget);
  return rate === null ? null : 1 - rate;
}

/** The measured SLI (share of good events), or null without traffic. */
export function sliFromErrorRatio(errorRatio: number | null): number | null {
  const ratio = checkedRatio(errorRatio);
  return ratio === null ? null : 1 - ratio;
}

export function budgetStatus(remaining: number | null): BudgetStatus {
  if (remaining === null || Number.isNaN(remaining)) return 'no-data';
  if (remaining <= 0) return 'exhausted';
  return remaining < LOW_BUDGET ? 'low' : 'ok';
}

/** Above the factor of the generator's alert on that window: the alert's severity (the short window aside). */
export function burnStatus(rate: number | null, factor: number, severity: 'critical' | 'warning'): BurnStatus {
  if (rate === null || Number.isNaN(rate)) return 'no-data';
  return rate > factor ? severity : 'ok';
}

/**
 * Least budget left first; rows without a number after every row with one (in their given order: the sort
 * is stable). Overspent budgets (< 0) come before spent ones (0).
 */
export function compareByBudgetRemaining(a: number | null, b: number | null): number {
  if (a === null || b === null) return a === null ? (b === null ? 0 : 1) : -1;
  return a - b;
}

/**
 * The budget spent over the window, point by point, from bad-event ratios sampled at equal steps: the share
 * left after each point. Each point weighs the same (as the recorded period ratio, an average over time), and
 * missing points (no traffic) spend nothing. The last point is the period's budget remaining.
 */
export function budgetBurnDown(points: readonly [number, number][], budget: number): [number, number][] {
  checkBudget(budget);
  const valid = points.flatMap(([t, v]) => {
    const ratio = checkedRatio(v);
    return ratio === null ? [] : [[t, ratio] as const];
  });
  if (valid.length === 0) return [];
  let spent = 0;
  return valid.map(([t, ratio]) => {
    spent += ratio / valid.length / budget;
    return [t, 1 - spent];
  });
}
