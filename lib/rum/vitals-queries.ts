// The SQL behind the Web Vitals pages. Ranges inside the raw retention read RumEvent with percentile_cont (exact);
// longer ones read RumDaily for the days rolled up and the rollup SELECT over raw events for the days after the
// newest rolled one (lib/rum/rollup-sql.ts), adding the histograms up in SQL and estimating p75 from them here.
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { SELF_APP } from './app-pages';
import { emptyCounts } from './rollup';
import { rawRollupSql } from './rollup-sql';
import { timeWindow, windowSlots, type DeviceFilter, type TimeWindow, type VitalsParams } from './rum-params';
import { retentionDays, startOfUtcDay } from './settings';
import { VITAL_NAMES, type VitalName } from './thresholds';
import {
  figuresFor, pageVitalsFrom, statFromCounts, trendFrom, viewsFor,
  type MetricFigure, type PageRef, type PageVitals, type StatRow, type TrendSeries,
} from './vitals-shape';

/** What the figures are grouped by: one registered page, one device class, one hour or day, or nothing. */
export type GroupBy = 'page' | 'device' | 'slot' | 'all';

interface StatQuery {
  window: TimeWindow;
  pages: string[];
  device: DeviceFilter;
  groupBy: GroupBy;
}

const METRICS = [...VITAL_NAMES, 'pageview'];

/** The grouping key over raw events (`slot` per hour or day of `at`) or over RumDaily rows (`slot` per day). */
function groupKey(groupBy: GroupBy, source: { raw: TimeWindow } | 'daily'): Prisma.Sql {
  switch (groupBy) {
    case 'page':
      return Prisma.sql`page`;
    case 'device':
      return Prisma.sql`device`;
    case 'all':
      return Prisma.sql`''`;
    case 'slot':
      if (source === 'daily') return Prisma.sql`to_char(day, 'YYYY-MM-DD')`;
      return source.raw.granularity === 'hour'
        ? Prisma.sql`to_char(date_trunc('hour', "at" AT TIME ZONE 'UTC'), 'YYYY-MM-DD"T"HH24:00')`
        : Prisma.sql`to_char(("at" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD')`;
  }
}

const deviceCondition = (device: DeviceFilter) => (device === 'all' ? Prisma.empty : Prisma.sql`AND device = ${device}`);

async function rawStats(db: Db, q: StatQuery): Promise<StatRow[]> {
  return db.$queryRaw<StatRow[]>`
    SELECT ${groupKey(q.groupBy, { raw: q.window })} AS key, coalesce(metric, kind) AS metric, count(*)::int AS samples,
           (percentile_cont(0.75) WITHIN GROUP (ORDER BY value))::float8 AS p75,
           (count(*) FILTER (WHERE rating = 'good'))::int AS good,
           (count(*) FILTER (WHERE rating = 'needs-improvement'))::int AS "needsImprovement",
           (count(*) FILTER (WHERE rating = 'poor'))::int AS poor,
           (CASE WHEN kind = 'pageview' THEN sum(1.0 / "sampleRate") ELSE 0 END)::float8 AS estimate
    FROM "RumEvent"
    WHERE "at" >= ${q.window.from} AND "at" <= ${q.window.to} AND page = ANY(${q.pages}::text[]) AND app <> ${SELF_APP}
      AND (kind = 'pageview' OR (kind = 'vital' AND metric IN (${Prisma.join(VITAL_NAMES)})))
      ${deviceCondition(q.device)}
    GROUP BY 1, 2, kind`;
}

async function rollupStats(db: Db, q: StatQuery): Promise<StatRow[]> {
  const [mark] = await db.$queryRaw<{ day: Date | null }[]>`SELECT max(day) AS day FROM "RumDaily"`;
  // RumDaily before the newest rolled day; that day and later from the raw events (its rollup may be hours old).
  const rawFrom = mark?.day && mark.day > q.window.from ? startOfUtcDay(mark.day) : q.window.from;
  const rows = await db.$queryRaw<{ key: string; metric: string; samples: number; good: number; needsImprovement: number; poor: number; sum: number; idx: number[]; ns: number[] }[]>`
    WITH src AS (
      SELECT day, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets FROM "RumDaily"
      WHERE day >= (${q.window.from}::timestamptz AT TIME ZONE 'UTC')::date AND day < (${rawFrom}::timestamptz AT TIME ZONE 'UTC')::date
      UNION ALL
      SELECT day, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets FROM (${rawRollupSql(rawFrom, new Date(q.window.to.getTime() + 1))}) r
    ),
    keyed AS (
      SELECT ${groupKey(q.groupBy, 'daily')} AS key, * FROM src
      WHERE page = ANY(${q.pages}::text[]) AND app <> ${SELF_APP} AND metric IN (${Prisma.join(METRICS)}) ${deviceCondition(q.device)}
    ),
    totals AS (
      SELECT key, metric, sum(count)::int AS samples, sum(good)::int AS good, sum("needsImprovement")::int AS "needsImprovement",
             sum(poor)::int AS poor, sum(sum)::float8 AS sum
      FROM keyed GROUP BY key, metric
    ),
    hist AS (
      SELECT key, metric, array_agg(i ORDER BY i) AS idx, array_agg(n ORDER BY i) AS ns FROM (
        SELECT key, metric, (u.i - 1)::int AS i, sum(u.n)::int AS n
        FROM keyed CROSS JOIN LATERAL unnest(buckets) WITH ORDINALITY AS u(n, i) WHERE u.n > 0 GROUP BY key, metric, u.i
      ) b GROUP BY key, metric
    )
    SELECT t.*, coalesce(h.idx, ARRAY[]::int[]) AS idx, coalesce(h.ns, ARRAY[]::int[]) AS ns
    FROM totals t LEFT JOIN hist h USING (key, metric)`;
  return rows.map((r) => {
    const buckets: number[] = [];
    r.idx.forEach((i, k) => {
      while (buckets.length <= i) buckets.push(0);
      buckets[i] = r.ns[k]!;
    });
    return statFromCounts(r.key, r.metric, { ...emptyCounts(), count: r.samples, good: r.good, needsImprovement: r.needsImprovement, poor: r.poor, sum: r.sum, buckets });
  });
}

export function stats(db: Db, q: StatQuery): Promise<StatRow[]> {
  return q.window.source === 'raw' ? rawStats(db, q) : rollupStats(db, q);
}

export interface VitalsOverview {
  window: TimeWindow;
  retentionDays: number;
  overall: Record<VitalName, MetricFigure>;
  views: number;
  measured: PageVitals[];
  unmeasured: PageRef[];
  trend: TrendSeries[];
}

async function registeredPages(db: Db): Promise<PageRef[]> {
  return db.page.findMany({ select: { path: true, name: true, webVitals: true }, orderBy: { path: 'asc' } });
}

/** The Web Vitals page: every registered page's figures, all of them together, and the trend. */
export async function loadVitalsOverview(db: Db, params: VitalsParams, now: Date = new Date(), retention = retentionDays().value): Promise<VitalsOverview> {
  const window = timeWindow(params.range, now, retention);
  const pages = await registeredPages(db);
  const q = { window, pages: pages.map((p) => p.path), device: params.device };
  const [byPage, all, bySlot] = await Promise.all([
    stats(db, { ...q, groupBy: 'page' }),
    stats(db, { ...q, groupBy: 'all' }),
    stats(db, { ...q, groupBy: 'slot' }),
  ]);
  return {
    window,
    retentionDays: retention,
    overall: figuresFor(all, ''),
    views: viewsFor(all, ''),
    ...pageVitalsFrom(pages, byPage),
    trend: trendFrom(bySlot, windowSlots(window)),
  };
}

export interface PageVitalsDetail {
  page: PageRef;
  window: TimeWindow;
  retentionDays: number;
  overall: Record<VitalName, MetricFigure>;
  views: number;
  byDevice: { device: string; views: number; metrics: Record<VitalName, MetricFigure> }[];
  trend: TrendSeries[];
  /** the paths seen for this page, most viewed first (at most 10) */
  topPaths: { app: string; path: string; hits: number; lastSeenAt: Date }[];
}

/** One registered page in full: its figures, per device class, its trend and the paths that matched it. Null: not registered. */
export async function loadPageVitals(db: Db, path: string, params: VitalsParams, now: Date = new Date(), retention = retentionDays().value): Promise<PageVitalsDetail | null> {
  const page = await db.page.findUnique({ where: { path }, select: { path: true, name: true, webVitals: true } });
  if (!page) return null;
  const window = timeWindow(params.range, now, retention);
  const q = { window, pages: [path], device: params.device };
  const [all, bySlot, byDevice, topPaths] = await Promise.all([
    stats(db, { ...q, groupBy: 'all' }),
    stats(db, { ...q, groupBy: 'slot' }),
    stats(db, { ...q, device: 'all', groupBy: 'device' }),
    db.rumPath.findMany({ where: { page: path }, orderBy: [{ hits: 'desc' }, { path: 'asc' }], take: 10, select: { app: true, path: true, hits: true, lastSeenAt: true } }),
  ]);
  const devices = ['mobile', 'tablet', 'desktop'].filter((d) => byDevice.some((r) => r.key === d && r.samples > 0));
  return {
    page,
    window,
    retentionDays: retention,
    overall: figuresFor(all, ''),
    views: viewsFor(all, ''),
    byDevice: devices.map((d) => ({ device: d, views: viewsFor(byDevice, d), metrics: figuresFor(byDevice, d) })),
    trend: trendFrom(bySlot, windowSlots(window)),
    topPaths,
  };
}
