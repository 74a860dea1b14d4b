// The rollup as one SELECT: raw RumEvent rows in [from, to) -> rows shaped like RumHourly / RumDaily (period, app,
// page, metric, device, count, good, needsImprovement, poor, sum, buckets), per UTC hour or day. The maintenance job
// upserts the hourly rows (and sums them into the daily ones); the Web Vitals pages read it for the events after the
// last rollup, next to the rolled rows, so every source means exactly the same thing.
// Done in SQL because a day can hold millions of events; the buckets are PostgreSQL's width_bucket over the
// boundaries of lib/rum/histogram.ts (passed in as float8[]), which numbers buckets as bucketOf does.
//
// Conventions (docs/RUM.md, "Retention and rollups"):
//   page     the registered pattern, or '' for events that matched no page (kept so totals survive)
//   metric   LCP | INP | CLS | FCP | TTFB for vitals; pageview | error | fetch for the rest
//   count    events as sampled; sum: vitals: the sum of values; others: the estimate sum(1 / sampleRate)
//   buckets  vitals only; trailing empty buckets are not stored
import { Prisma } from '../db/generated/client';
import { BUCKET_BOUNDARIES } from './histogram';
import { VITAL_NAMES } from './thresholds';

export const UNKNOWN_PAGE = '';

const vitalList = () => Prisma.join(VITAL_NAMES.map((v) => Prisma.sql`${v}`));

/** CASE metric WHEN 'LCP' THEN <its boundaries> ... END: the boundary array of each vital, NULL for other kinds. */
export function boundariesCase(column: Prisma.Sql): Prisma.Sql {
  const whens = VITAL_NAMES.map((v) => Prisma.sql`WHEN ${v} THEN ${[...BUCKET_BOUNDARIES[v]]}::float8[]`);
  return Prisma.sql`CASE ${column} ${Prisma.join(whens, ' ')} END`;
}

export type RollupUnit = 'hour' | 'day';

/** The period an event falls in: its UTC hour (timestamptz) or UTC day (date). */
const periodOf = (unit: RollupUnit) => (unit === 'hour' ? Prisma.sql`date_trunc('hour', "at")` : Prisma.sql`("at" AT TIME ZONE 'UTC')::date`);

/**
 * SELECT of rollup rows from the raw events in [from, to) (instants, or SQL expressions yielding them), one row per
 * period (column `period`), app, page, metric and device.
 */
export function rawRollupSql(from: Date | Prisma.Sql, to: Date | Prisma.Sql, unit: RollupUnit): Prisma.Sql {
  return Prisma.sql`
    WITH ev AS (
      SELECT ${periodOf(unit)} AS period, app, coalesce(page, ${UNKNOWN_PAGE}) AS page,
             CASE WHEN kind = 'vital' THEN metric ELSE kind END AS metric,
             device, value, rating, "sampleRate"
      FROM "RumEvent"
      WHERE "at" >= ${from} AND "at" < ${to}
        AND (kind IN ('pageview', 'error', 'fetch') OR (kind = 'vital' AND metric IN (${vitalList()})))
    ),
    totals AS (
      SELECT period, app, page, metric, device,
             count(*)::int AS count,
             (count(*) FILTER (WHERE rating = 'good'))::int AS good,
             (count(*) FILTER (WHERE rating = 'needs-improvement'))::int AS "needsImprovement",
             (count(*) FILTER (WHERE rating = 'poor'))::int AS poor,
             coalesce(sum(CASE WHEN metric IN (${vitalList()}) THEN value ELSE 1.0 / "sampleRate" END), 0)::float8 AS sum
      FROM ev GROUP BY period, app, page, metric, device
    ),
    binned AS (
      SELECT period, app, page, metric, device, width_bucket(value, ${boundariesCase(Prisma.sql`metric`)}) AS bucket, count(*)::int AS n
      FROM ev WHERE metric IN (${vitalList()}) AND value IS NOT NULL
      GROUP BY period, app, page, metric, device, bucket
    ),
    sparse AS (
      SELECT period, app, page, metric, device, max(bucket) AS top, array_agg(bucket) AS idx, array_agg(n) AS ns
      FROM binned GROUP BY period, app, page, metric, device
    ),
    dense AS (
      SELECT period, app, page, metric, device,
             ARRAY(SELECT coalesce(u.n, 0) FROM generate_series(0, top) AS i LEFT JOIN unnest(idx, ns) AS u(b, n) ON u.b = i ORDER BY i) AS buckets
      FROM sparse
    )
    SELECT t.period, t.app, t.page, t.metric, t.device, t.count, t.good, t."needsImprovement", t.poor, t.sum,
           coalesce(d.buckets, ARRAY[]::int[]) AS buckets
    FROM totals t LEFT JOIN dense d USING (period, app, page, metric, device)`;
}
