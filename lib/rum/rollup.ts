// The rollup's arithmetic, without I/O: which days a maintenance run (re)rolls, up to where raw events may be
// deleted, and the p75 of RumDaily-shaped counts (their buckets are added up element-wise in SQL, or by
// mergeBuckets in lib/rum/histogram.ts).
import { percentileFromBuckets } from './histogram';
import { addDays, dayKey, startOfUtcDay } from './settings';
import { VITAL_NAMES, type VitalName } from './thresholds';

/** AppSetting key of the instant the rollups are complete up to (ISO 8601): rolled rows before it, raw events after. */
export const ROLLED_UNTIL_KEY = 'rum.rolledUntil';

/** What RumDaily holds per (day, app, page, metric, device), and what several of them add up to. */
export interface RollupCounts {
  count: number;
  good: number;
  needsImprovement: number;
  poor: number;
  sum: number;
  buckets: number[];
}

export const isVital = (metric: string): metric is VitalName => (VITAL_NAMES as readonly string[]).includes(metric);

export function emptyCounts(): RollupCounts {
  return { count: 0, good: 0, needsImprovement: 0, poor: 0, sum: 0, buckets: [] };
}

/** p75 of a vital from merged counts (estimated from the histogram), or null without samples. */
export function p75FromCounts(metric: VitalName, c: Readonly<RollupCounts>): number | null {
  return percentileFromBuckets(metric, c.buckets, 0.75);
}

export interface RollupPlanInput {
  now: Date;
  /** the newest day in RumDaily, or null when nothing was ever rolled up */
  rolledThrough: Date | null;
  /** the oldest raw event, or null when there is none */
  oldestRaw: Date | null;
  /** days whose events changed page in this run's re-match */
  rematchedDays: readonly string[];
  /** raw events before this are about to be (or were partly) deleted: such days are not rolled again */
  cutoff: Date;
}

/**
 * Days to (re)roll, oldest first, as 'YYYY-MM-DD'. Every day from the one before the newest rolled day (beacons may
 * arrive up to a day late) through today; on the first run, or after the job was off, from the oldest raw event;
 * plus older days whose events were re-matched to another page, while their raw events are all still there.
 */
export function planRollupDays({ now, rolledThrough, oldestRaw, rematchedDays, cutoff }: RollupPlanInput): string[] {
  if (oldestRaw === null) return [];
  const today = startOfUtcDay(now);
  const oldest = startOfUtcDay(oldestRaw);
  let start = rolledThrough === null ? oldest : addDays(startOfUtcDay(rolledThrough), -1);
  if (start > addDays(today, -1)) start = addDays(today, -1);
  if (start < oldest) start = oldest;
  const days = new Set<string>();
  for (let d = start; d <= today; d = addDays(d, 1)) days.add(dayKey(d));
  const cutoffKey = dayKey(cutoff);
  const oldestKey = dayKey(oldest);
  for (const d of rematchedDays) if (d >= cutoffKey && d >= oldestKey && d <= dayKey(today)) days.add(d);
  return [...days].sort();
}

/**
 * Raw events before the returned instant may be deleted: before the retention cutoff, and only in days that are
 * rolled up, i.e. before the newest rolled day (the days before it were rolled in order, one run after another).
 * Null: nothing may go yet.
 */
export function rawDeleteBound(cutoff: Date, rolledThrough: Date | null): Date | null {
  if (rolledThrough === null) return null;
  const rolled = startOfUtcDay(rolledThrough);
  return rolled < cutoff ? rolled : cutoff;
}
