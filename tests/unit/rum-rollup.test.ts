// The rollup's arithmetic and settings: which days a maintenance run rolls, how far raw events may be deleted,
// how rollup rows add up, and the environment variables.
import { describe, expect, it } from 'vitest';
import { histogramOf, mergeBuckets } from '@/lib/rum/histogram';
import { emptyCounts, isVital, p75FromCounts, planRollupDays, rawDeleteBound } from '@/lib/rum/rollup';
import { maintenanceIntervalMinutes, rawCutoff, retentionDays, startOfUtcDay } from '@/lib/rum/settings';

const now = new Date('2026-06-15T12:30:00Z');
const day = (s: string) => new Date(`${s}T00:00:00Z`);
const cutoff = rawCutoff(now, 30);

describe('planRollupDays', () => {
  it('rolls every day from the oldest raw event on the first run', () => {
    expect(planRollupDays({ now, rolledThrough: null, oldestRaw: new Date('2026-06-12T23:59:00Z'), rematchedDays: [], cutoff })).toEqual([
      '2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15',
    ]);
  });

  it('then redoes yesterday (late beacons) and today', () => {
    expect(planRollupDays({ now, rolledThrough: day('2026-06-15'), oldestRaw: day('2026-05-01'), rematchedDays: [], cutoff })).toEqual(['2026-06-14', '2026-06-15']);
  });

  it('catches up after the job was off, from the day before the newest rolled one', () => {
    expect(planRollupDays({ now, rolledThrough: day('2026-06-11'), oldestRaw: day('2026-05-01'), rematchedDays: [], cutoff })).toEqual([
      '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15',
    ]);
  });

  it('adds re-matched days only while their raw events are all still there', () => {
    const days = planRollupDays({ now, rolledThrough: day('2026-06-15'), oldestRaw: day('2026-05-01'), rematchedDays: ['2026-05-10', '2026-06-01', '2026-05-20'], cutoff });
    expect(cutoff).toEqual(day('2026-05-16'));
    expect(days).toEqual(['2026-05-20', '2026-06-01', '2026-06-14', '2026-06-15']);
  });

  it('has nothing to do without raw events, and never plans the future', () => {
    expect(planRollupDays({ now, rolledThrough: day('2026-06-15'), oldestRaw: null, rematchedDays: ['2026-06-15'], cutoff })).toEqual([]);
    expect(planRollupDays({ now, rolledThrough: day('2026-07-01'), oldestRaw: day('2026-06-15'), rematchedDays: [], cutoff })).toEqual(['2026-06-15']);
  });
});

describe('rawDeleteBound', () => {
  it('is the retention cutoff once the rollups are current, and never past the newest rolled day', () => {
    expect(rawDeleteBound(cutoff, day('2026-06-15'))).toEqual(cutoff);
    expect(rawDeleteBound(cutoff, day('2026-05-10'))).toEqual(day('2026-05-10'));
    expect(rawDeleteBound(cutoff, null)).toBeNull();
  });
});

describe('p75 of rollup counts', () => {
  it('reads the p75 from the (merged) buckets, and nothing from no samples', () => {
    const day1 = { ...emptyCounts(), count: 2, buckets: histogramOf('LCP', [1000, 3000]) };
    const day2 = { ...emptyCounts(), count: 2, buckets: histogramOf('LCP', [9000, 9100]) };
    const both = { ...emptyCounts(), count: 4, buckets: mergeBuckets([...day1.buckets], day2.buckets) };
    expect(p75FromCounts('LCP', day1)! / 3000).toBeCloseTo(1, 1);
    expect(p75FromCounts('LCP', both)! / 9000).toBeCloseTo(1, 1);
    expect(p75FromCounts('LCP', emptyCounts())).toBeNull();
    expect(isVital('CLS')).toBe(true);
    expect(isVital('pageview')).toBe(false);
  });
});

describe('settings', () => {
  it('reads RUM_RETENTION_DAYS and RUM_MAINTENANCE_INTERVAL_MINUTES, and says when they are nonsense', () => {
    expect(retentionDays({})).toEqual({ value: 30 });
    expect(retentionDays({ RUM_RETENTION_DAYS: '7' })).toEqual({ value: 7 });
    expect(retentionDays({ RUM_RETENTION_DAYS: '1' })).toMatchObject({ value: 30, problem: expect.stringMatching(/at least 2.*got "1"/) });
    expect(maintenanceIntervalMinutes({})).toEqual({ value: 60 });
    expect(maintenanceIntervalMinutes({ RUM_MAINTENANCE_INTERVAL_MINUTES: '0' })).toEqual({ value: 0 });
    expect(maintenanceIntervalMinutes({ RUM_MAINTENANCE_INTERVAL_MINUTES: 'hourly' }).problem).toMatch(/using 60/);
  });

  it('cuts raw events at the start of a UTC day', () => {
    expect(startOfUtcDay(now)).toEqual(day('2026-06-15'));
    expect(rawCutoff(now, 2)).toEqual(day('2026-06-13'));
  });
});

describe('startRumMaintenanceSchedule', () => {
  it('is off at interval 0, schedules once per process otherwise, and never throws', async () => {
    const { startRumMaintenanceSchedule, stopRumMaintenanceSchedule } = await import('@/lib/rum/maintenance');
    const noDb = () => {
      throw new Error('no database in a unit test');
    };
    try {
      expect(startRumMaintenanceSchedule({ RUM_MAINTENANCE_INTERVAL_MINUTES: '0' }, noDb)).toBe('RUM maintenance off (interval 0)');
      expect(startRumMaintenanceSchedule({ RUM_MAINTENANCE_INTERVAL_MINUTES: '15', RUM_RETENTION_DAYS: '10' }, noDb)).toBe(
        'RUM maintenance every 15 min, recent hours rolled up every 60 s, raw events kept 10 days',
      );
      expect(startRumMaintenanceSchedule({}, noDb)).toBe('RUM maintenance already scheduled');
    } finally {
      stopRumMaintenanceSchedule();
    }
    try {
      expect(startRumMaintenanceSchedule({ RUM_ROLLUP_TICK_SECONDS: '0' }, noDb)).toBe('RUM maintenance every 60 min, raw events kept 30 days');
    } finally {
      stopRumMaintenanceSchedule();
    }
    expect(startRumMaintenanceSchedule({ RUM_MAINTENANCE_INTERVAL_MINUTES: '0' }, noDb)).toMatch(/off/);
  });
});
