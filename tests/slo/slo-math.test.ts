// Error budget arithmetic, by hand: a 99 % objective leaves 1 % of requests as budget.
import { describe, expect, it } from 'vitest';
import {
  BURN_WINDOWS,
  budgetBurnDown,
  budgetFromObjectivePercent,
  budgetRemaining,
  budgetStatus,
  burnRate,
  burnStatus,
  checkedRatio,
  compareByBudgetRemaining,
  sliFromErrorRatio,
} from '@/lib/slo/slo-math';

describe('budget and burn rate', () => {
  it('takes the budget from the objective without float noise', () => {
    expect(budgetFromObjectivePercent(99.9)).toBe(0.001); // 1 - 0.999 would be 0.0010000000000000009
    expect(budgetFromObjectivePercent(99)).toBe(0.01);
    expect(budgetFromObjectivePercent(99.95)).toBe(0.0005);
  });

  it('refuses objectives that are not percentages strictly between 0 and 100', () => {
    for (const bad of [0, 100, -1, 150, NaN, Infinity]) {
      expect(() => budgetFromObjectivePercent(bad)).toThrow(/percentage between 0 and 100/);
    }
  });

  it('0.5 % of requests failing against a 1 % budget burns at 0.5x and leaves half of it', () => {
    expect(burnRate(0.005, 0.01)).toBeCloseTo(0.5, 12);
    expect(budgetRemaining(0.005, 0.01)).toBeCloseTo(0.5, 12);
    expect(sliFromErrorRatio(0.005)).toBeCloseTo(0.995, 12);
  });

  it('goes below zero when the budget is overspent, and is 1 when nothing failed', () => {
    expect(budgetRemaining(0.02, 0.01)).toBeCloseTo(-1, 12);
    expect(burnRate(0.02, 0.01)).toBeCloseTo(2, 12);
    expect(budgetRemaining(0, 0.001)).toBe(1);
    expect(burnRate(0, 0.001)).toBe(0);
  });

  it('has no number without traffic (absent or NaN), instead of pretending 0', () => {
    expect(budgetRemaining(null, 0.01)).toBeNull();
    expect(burnRate(NaN, 0.01)).toBeNull();
    expect(sliFromErrorRatio(null)).toBeNull();
    expect(checkedRatio(undefined)).toBeNull();
  });

  it('clamps float noise but refuses impossible ratios', () => {
    expect(checkedRatio(-2.220446049250313e-16)).toBe(0); // 1 - bucket/count with every request fast
    expect(checkedRatio(1 + 1e-12)).toBe(1);
    expect(() => checkedRatio(1.5)).toThrow(/between 0 and 1; Prometheus gave 1.5/);
    expect(() => checkedRatio(-0.1)).toThrow(/between 0 and 1/);
    expect(() => checkedRatio(Infinity)).toThrow(/between 0 and 1/);
  });

  it('refuses a budget that is not a ratio in (0, 1)', () => {
    for (const bad of [0, 1, -0.1, NaN]) expect(() => burnRate(0.1, bad)).toThrow(/error budget must be a ratio/);
  });
});

describe('statuses', () => {
  it('marks budgets spent, low (under a quarter) and fine', () => {
    expect(budgetStatus(-1)).toBe('exhausted');
    expect(budgetStatus(0)).toBe('exhausted');
    expect(budgetStatus(0.2499)).toBe('low');
    expect(budgetStatus(0.25)).toBe('ok');
    expect(budgetStatus(1)).toBe('ok');
    expect(budgetStatus(null)).toBe('no-data');
  });

  it('flags a burn rate above the generated alert factor of its window with that alert severity', () => {
    expect(BURN_WINDOWS).toEqual([
      { window: '1h', factor: 14.4, severity: 'critical' },
      { window: '6h', factor: 6, severity: 'critical' },
      { window: '1d', factor: 3, severity: 'warning' },
      { window: '3d', factor: 1, severity: 'warning' },
    ]);
    expect(burnStatus(14.4, 14.4, 'critical')).toBe('ok'); // the alert is `>`
    expect(burnStatus(14.5, 14.4, 'critical')).toBe('critical');
    expect(burnStatus(1.2, 1, 'warning')).toBe('warning');
    expect(burnStatus(null, 1, 'warning')).toBe('no-data');
  });

  it('sorts least budget first, overspent before spent, rows without numbers last', () => {
    const values = [0.5, null, -1, 0, 1, null, 0.25];
    expect([...values].sort(compareByBudgetRemaining)).toEqual([-1, 0, 0.25, 0.5, 1, null, null]);
  });
});

describe('budgetBurnDown', () => {
  it('spends the budget evenly under a constant error ratio and ends at the period figure', () => {
    // 720 hourly points of 0.5 % failing against a 1 % budget: each hour spends 0.5 / 720 of the budget.
    const points = Array.from({ length: 720 }, (_, i) => [i * 3600, 0.005] as [number, number]);
    const down = budgetBurnDown(points, 0.01);
    expect(down).toHaveLength(720);
    expect(down[0]![1]).toBeCloseTo(1 - 0.5 / 720, 12);
    expect(down[359]![1]).toBeCloseTo(0.75, 12);
    expect(down[719]![1]).toBeCloseTo(0.5, 12);
  });

  it('averages only the points with traffic (as avg_over_time of the recording does)', () => {
    const down = budgetBurnDown(
      [
        [0, 0.01],
        [3600, NaN],
        [7200, 0.03],
      ],
      0.01,
    );
    // two points with traffic, each weighing 1/2: the first spends 1 % / 2 / 1 % = 0.5 of the budget, the second
    // 3 % / 2 / 1 % = 1.5 more; in all the mean, 2 %, is twice the budget
    expect(down).toEqual([
      [0, expect.closeTo(0.5, 12)],
      [7200, expect.closeTo(-1, 12)],
    ]);
    expect(budgetBurnDown([], 0.01)).toEqual([]);
  });
});
