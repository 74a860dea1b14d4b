// The SQL behind the Web Vitals pages. Every figure comes from histograms: the rolled-up rows (RumHourly for the
// 24 hours, RumDaily for ranges of days) before the mark "rolled up until" (rollup-store.ts), and the same rollup
// SELECT over the raw events after it (lib/rum/rollup-sql.ts), so no query ever sorts millions of raw values.
// The mark and the rows are read in one REPEATABLE READ transaction: a rollup committing in between cannot make an
// event count twice or not at all. Rows come back per period, page, device and metric with their bucket counts as
// text; the pages' groupings (per page, device, slot, or all) are added up here, in one pass (vitals-merge.ts).
import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { SELF_APP } from './app-pages';
import { rawRollupSql } from './rollup-sql';
import { readRolledUntil } from './rollup-store';
import { timeWindow, windowSlots, type DeviceFilter, type TimeWindow, type VitalsParams } from './rum-params';
import { retentionDays } from './settings';
import { VITAL_NAMES, type VitalName } from './thresholds';
import { mergeRows, type HistogramRow } from './vitals-merge';
import { figuresFor, pageVitalsFrom, trendFrom, viewsFor, type MetricFigure, type PageRef, type PageVitals, type TrendSeries } from './vitals-shape';

const METRICS = [...VITAL_NAMES, 'pageview'];

interface RowQuery {
  window: TimeWindow;
  pages: string[];
  device: DeviceFilter;
}

export interface WindowRows {
  rows: HistogramRow[];
  /** the rollups hold everything before this instant; later events were read raw. Null: never rolled up. */
  rolledUntil: Date | null;
}

/** The window's rows from the rollups before the mark and from the raw events after it, in one snapshot. */
export async function windowRows(db: Db, q: RowQuery): Promise<WindowRows> {
  return db.$transaction(
    async (tx) => {
      const rolledUntil = await readRolledUntil(tx);
      const { from, to } = q.window;
      // rolled rows cover [from, split); raw events [split, to]
      const split = rolledUntil === null || rolledUntil < from ? from : rolledUntil > to ? new Date(to.getTime() + 1) : rolledUntil;
      const hourly = q.window.granularity === 'hour';
      const rolled = split <= from
        ? Prisma.empty
        : hourly
          ? Prisma.sql`
              SELECT to_char(hour AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00') AS slot, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets
              FROM "RumHourly" WHERE hour >= ${from} AND hour < ${split}
              UNION ALL`
          : Prisma.sql`
              SELECT to_char(day, 'YYYY-MM-DD') AS slot, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets
              FROM "RumDaily" WHERE day >= (${from}::timestamptz AT TIME ZONE 'UTC')::date AND (day::timestamp AT TIME ZONE 'UTC') < ${split}
              UNION ALL`;
      const rawSlot = hourly ? Prisma.sql`to_char(period AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:00')` : Prisma.sql`to_char(period, 'YYYY-MM-DD')`;
      const rows = await tx.$queryRaw<HistogramRow[]>`
        WITH src AS (
          ${rolled}
          SELECT ${rawSlot} AS slot, app, page, metric, device, count, good, "needsImprovement", poor, sum, buckets
          FROM (${rawRollupSql(split, new Date(to.getTime() + 1), hourly ? 'hour' : 'day')}) r
        )
        SELECT slot, page, device, metric, count, good, "needsImprovement", poor, sum, array_to_string(buckets, ',') AS buckets
        FROM src
        WHERE page = ANY(${q.pages}::text[]) AND app <> ${SELF_APP} AND metric IN (${Prisma.join(METRICS)})
          ${q.device === 'all' ? Prisma.empty : Prisma.sql`AND device = ${q.device}`}`;
      return { rows, rolledUntil };
    },
    { isolationLevel: Prisma.TransactionIsolationLevel.RepeatableRead },
  );
}

export interface VitalsOverview {
  window: TimeWindow;
  retentionDays: number;
  rolledUntil: Date | null;
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
export async function loadVitalsOverview(db: Db, params: VitalsParams, now: Date = new Date()): Promise<VitalsOverview> {
  const window = timeWindow(params.range, now);
  const pages = await registeredPages(db);
  const { rows, rolledUntil } = await windowRows(db, { window, pages: pages.map((p) => p.path), device: params.device });
  const [byPage, all, bySlot] = mergeRows(rows, [(r) => r.page, () => '', (r) => r.slot]);
  return {
    window,
    retentionDays: retentionDays().value,
    rolledUntil,
    overall: figuresFor(all!, ''),
    views: viewsFor(all!, ''),
    ...pageVitalsFrom(pages, byPage!),
    trend: trendFrom(bySlot!, windowSlots(window)),
  };
}

export interface PageVitalsDetail {
  page: PageRef;
  window: TimeWindow;
  retentionDays: number;
  rolledUntil: Date | null;
  overall: Record<VitalName, MetricFigure>;
  views: number;
  byDevice: { device: string; views: number; metrics: Record<VitalName, MetricFigure> }[];
  trend: TrendSeries[];
  /** the paths seen for this page, most viewed first (at most 10) */
  topPaths: { app: string; path: string; hits: number; lastSeenAt: Date }[];
}

/** One registered page in full: its figures, per device class, its trend and the paths that matched it. Null: not registered. */
export async function loadPageVitals(db: Db, path: string, params: VitalsParams, now: Date = new Date()): Promise<PageVitalsDetail | null> {
  const page = await db.page.findUnique({ where: { path }, select: { path: true, name: true, webVitals: true } });
  if (!page) return null;
  const window = timeWindow(params.range, now);
  const [{ rows, rolledUntil }, topPaths] = await Promise.all([
    // every device class: the per-device table ignores the filter, the rest applies it below
    windowRows(db, { window, pages: [path], device: 'all' }),
    db.rumPath.findMany({ where: { page: path }, orderBy: [{ hits: 'desc' }, { path: 'asc' }], take: 10, select: { app: true, path: true, hits: true, lastSeenAt: true } }),
  ]);
  const chosen = (r: HistogramRow) => params.device === 'all' || r.device === params.device;
  const [all, bySlot, byDevice] = mergeRows(rows, [(r) => (chosen(r) ? '' : null), (r) => (chosen(r) ? r.slot : null), (r) => r.device]);
  const devices = ['mobile', 'tablet', 'desktop'].filter((d) => byDevice!.some((r) => r.key === d && r.samples > 0));
  return {
    page,
    window,
    retentionDays: retentionDays().value,
    rolledUntil,
    overall: figuresFor(all!, ''),
    views: viewsFor(all!, ''),
    byDevice: devices.map((d) => ({ device: d, views: viewsFor(byDevice!, d), metrics: figuresFor(byDevice!, d) })),
    trend: trendFrom(bySlot!, windowSlots(window)),
    topPaths,
  };
}
