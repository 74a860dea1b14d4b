// Writes the rollups: raw events -> RumHourly per hour, app, page, metric and device, and each touched day's RumDaily
// rows as the sums of that day's hourly rows; plus the mark "rolled up until" (AppSetting rum.rolledUntil) that
// tells readers where rolled rows end and raw events begin (vitals-queries.ts). Callers move the mark in the same
// transaction as the rows, so a reader never sees one without the other.
//   - the maintenance run (maintenance.ts) re-rolls whole days (yesterday and today, or a backlog), so beacons that
//     arrive hours late are counted within one run;
//   - the rollup tick (rollUpRecent) re-rolls only from the hour before the mark to now, every minute or so, so the
//     raw events a page has to read stay a minute's worth.
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { ROLLED_UNTIL_KEY } from './rollup';
import { rawRollupSql } from './rollup-sql';
import { addDays, dayKey, HOUR_MS, startOfUtcDay, startOfUtcHour } from './settings';

export type Client = Db | Prisma.TransactionClient;

/**
 * The mark stays this far behind the clock: events reach the table a moment after their time (the ingest buffer,
 * beacons sent when a page is hidden), and an event stored after a rollup passed its time would be left out until
 * the next one. Five minutes of raw events cost the pages a few milliseconds.
 */
export const ROLLUP_LAG_MS = 5 * 60_000;

/** Where a rollup at `now` stops, and where its mark goes. */
export const rollupMarkAt = (now: Date) => new Date(now.getTime() - ROLLUP_LAG_MS);

/** For the transactions that roll up and move the mark: a first run over a long backlog takes minutes, and no one
 * waits on these rows meanwhile (readers see the snapshot before). */
export const ROLLUP_TRANSACTION = { timeout: 30 * 60_000, maxWait: 60_000 } as const;

export interface RollupCountsWritten {
  /** RumDaily rows written and removed (their group is gone from the day's events) */
  upserted: number;
  removed: number;
  /** the same for RumHourly */
  hourlyUpserted: number;
  hourlyRemoved: number;
}

const NOTHING: RollupCountsWritten = { upserted: 0, removed: 0, hourlyUpserted: 0, hourlyRemoved: 0 };

function plus(a: RollupCountsWritten, b: RollupCountsWritten): RollupCountsWritten {
  return { upserted: a.upserted + b.upserted, removed: a.removed + b.removed, hourlyUpserted: a.hourlyUpserted + b.hourlyUpserted, hourlyRemoved: a.hourlyRemoved + b.hourlyRemoved };
}

const sameGroup = (a: string, b: string) => Prisma.raw(`${a}.app = ${b}.app AND ${a}.page = ${b}.page AND ${a}.metric = ${b}.metric AND ${a}.device = ${b}.device`);

/**
 * Rolls up the raw events in [from, to), both inside one UTC day and `from` on a whole hour: their hours into
 * RumHourly, and the rest of the day from `from` on loses its other rows (groups gone, or hours past `to` from a
 * roll that went further: the mark, which goes to `to`, then still splits rolled rows from raw events exactly);
 * then the day's RumDaily rows as the sums of all its hourly rows, bucket arrays added element-wise, so they equal a rollup of the day's events to the bit.
 * One statement: one snapshot of the events, and its reads of RumHourly see the rows as they were before it.
 */
export async function rollUpHours(db: Client, from: Date, to: Date): Promise<RollupCountsWritten> {
  const day = startOfUtcDay(from);
  const dayEnd = addDays(day, 1);
  const [row] = await db.$queryRaw<RollupCountsWritten[]>`
    WITH fresh AS (${rawRollupSql(from, to, 'hour')}),
    up_hourly AS (
      INSERT INTO "RumHourly" (hour, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets)
      SELECT period, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets FROM fresh
      ON CONFLICT (hour, app, page, metric, device) DO UPDATE SET
        count = EXCLUDED.count, good = EXCLUDED.good, "needsImprovement" = EXCLUDED."needsImprovement",
        poor = EXCLUDED.poor, sum = EXCLUDED.sum, buckets = EXCLUDED.buckets
      RETURNING 1
    ),
    gone_hourly AS (
      DELETE FROM "RumHourly" h WHERE h.hour >= ${from} AND h.hour < ${dayEnd}
        AND NOT EXISTS (SELECT 1 FROM fresh f WHERE f.period = h.hour AND ${sameGroup('f', 'h')})
      RETURNING 1
    ),
    -- the day's hours as they are after this statement: the rows before the range, and the fresh ones
    day_hours AS (
      SELECT app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets FROM "RumHourly"
      WHERE hour >= ${day} AND hour < ${from}
      UNION ALL
      SELECT app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets FROM fresh
    ),
    day_totals AS (
      SELECT app, page, metric, device, sum(count)::int AS count, sum(good)::int AS good,
             sum("needsImprovement")::int AS "needsImprovement", sum(poor)::int AS poor, sum(sum)::float8 AS sum
      FROM day_hours GROUP BY app, page, metric, device
    ),
    -- every hourly array is dense from bucket 0 to its top one, so the summed cells are dense up to the highest top
    day_cells AS (
      SELECT app, page, metric, device, u.i, sum(u.n)::int AS n
      FROM day_hours CROSS JOIN LATERAL unnest(buckets) WITH ORDINALITY AS u(n, i) GROUP BY app, page, metric, device, u.i
    ),
    day_buckets AS (SELECT app, page, metric, device, array_agg(n ORDER BY i) AS buckets FROM day_cells GROUP BY app, page, metric, device),
    day_rows AS (
      SELECT t.*, coalesce(b.buckets, ARRAY[]::int[]) AS buckets FROM day_totals t LEFT JOIN day_buckets b USING (app, page, metric, device)
    ),
    up_daily AS (
      INSERT INTO "RumDaily" (day, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets)
      SELECT ${dayKey(day)}::date, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets FROM day_rows
      ON CONFLICT (day, app, page, metric, device) DO UPDATE SET
        count = EXCLUDED.count, good = EXCLUDED.good, "needsImprovement" = EXCLUDED."needsImprovement",
        poor = EXCLUDED.poor, sum = EXCLUDED.sum, buckets = EXCLUDED.buckets
      RETURNING 1
    ),
    gone_daily AS (
      DELETE FROM "RumDaily" d WHERE d.day = ${dayKey(day)}::date AND NOT EXISTS (SELECT 1 FROM day_rows f WHERE ${sameGroup('f', 'd')})
      RETURNING 1
    )
    SELECT (SELECT count(*) FROM up_daily)::int AS upserted, (SELECT count(*) FROM gone_daily)::int AS removed,
           (SELECT count(*) FROM up_hourly)::int AS "hourlyUpserted", (SELECT count(*) FROM gone_hourly)::int AS "hourlyRemoved"`;
  return row ?? NOTHING;
}

/** Rolls up one whole UTC day ('YYYY-MM-DD'), or its events before `until` when that falls inside it. */
export function rollUpDay(db: Client, day: string, until?: Date): Promise<RollupCountsWritten> {
  const from = new Date(`${day}T00:00:00Z`);
  const dayEnd = addDays(from, 1);
  return rollUpHours(db, from, until && until < dayEnd ? until : dayEnd);
}

/** Rolls up [from, to) day by day; `from` on a whole hour. */
export async function rollUpRange(db: Client, from: Date, to: Date): Promise<RollupCountsWritten> {
  let total = NOTHING;
  for (let start = from; start < to; start = addDays(startOfUtcDay(start), 1)) {
    const dayEnd = addDays(startOfUtcDay(start), 1);
    total = plus(total, await rollUpHours(db, start, to < dayEnd ? to : dayEnd));
  }
  return total;
}

export async function readRolledUntil(db: Client): Promise<Date | null> {
  const row = await db.appSetting.findUnique({ where: { key: ROLLED_UNTIL_KEY }, select: { value: true } });
  const at = row ? new Date(row.value) : null;
  return at && !Number.isNaN(at.getTime()) ? at : null;
}

/** Moves the "rolled up until" mark (in the rollup's transaction). */
export async function setRolledUntil(db: Client, at: Date): Promise<void> {
  const value = at.toISOString();
  await db.appSetting.upsert({ where: { key: ROLLED_UNTIL_KEY }, create: { key: ROLLED_UNTIL_KEY, value }, update: { value, updatedAt: new Date() } });
}

/**
 * The rollup tick: re-rolls from the whole hour before the mark's hour (beacons a little late) to rollupMarkAt(now)
 * and moves the mark there, in one transaction. Nothing happens before the first maintenance run has set a mark, since a
 * mark would hide the raw events before it. Returns what it wrote, or null when there was no mark.
 */
export async function rollUpRecent(db: Db, now: Date): Promise<(RollupCountsWritten & { from: Date }) | null> {
  return db.$transaction(
    async (tx) => {
      const mark = await readRolledUntil(tx);
      const until = rollupMarkAt(now);
      if (mark === null || mark >= until) return null;
      const from = new Date(startOfUtcHour(mark).getTime() - HOUR_MS);
      const written = await rollUpRange(tx, from, until);
      await setRolledUntil(tx, until);
      return { ...written, from };
    },
    ROLLUP_TRANSACTION,
  );
}
