// The Web Vitals pages over a big store: BENCH_VITALS_BEACONS (default 1,000,000) beacons of the last 7 days, each a
// page view and its five vitals (6 RumEvent rows), spread over 20 registered pages, 1,000 paths each, and three
// device classes. The rows are made by PostgreSQL itself (generate_series) in 100,000-beacon statements.
// Then the rollups as a server keeps them: the hourly maintenance run as of an hour ago (timed: over the whole
// backlog, then again as its steady re-roll of yesterday and today) and the rollup tick as of a minute ago (timed),
// so the pages read their worst case: an hour of rolled-up hours since the last run and six minutes of raw events
// (the tick's minute plus the five minutes the mark stays behind the clock).
// Timed: the overview (every page's p75 per vital, all pages, the trend) for 7 days and for 24 hours, and one page's
// detail, each as the page itself calls it (lib/rum/vitals-queries.ts), beside a bare `SELECT count(*)` of the
// same 7 days' raw vital rows (the least any query over the raw events costs).
import { runRollupTick, runRumMaintenance } from '../../lib/rum/maintenance';
import { timeWindow } from '../../lib/rum/rum-params';
import { loadPageVitals, loadVitalsOverview } from '../../lib/rum/vitals-queries';
import { createDb } from '../../lib/db/client';
import { createMigratedDatabase, databaseUrlFor, dropDatabase } from '../db/databases.mjs';
import { DEFAULT_BENCH_URL } from './bench-database';
import type { Benchmark, BenchResult, Check, Measure } from './run';
import { coldAndMedian, log, median, positiveInt, timed } from './stats';

const TARGET_MS = 300;
const PAGES = 20;
const CHUNK = 100_000;

const INSERT_SQL = `
INSERT INTO "RumEvent" (at, app, kind, path, page, device, view, "sampleRate", metric, value, rating)
SELECT at, 'bench-web', kind, path, page, device, view, 1, metric, value,
  CASE WHEN metric IS NULL THEN NULL WHEN value <= good THEN 'good' WHEN value <= poor THEN 'needs-improvement' ELSE 'poor' END
FROM (
  -- random() in this select list runs per row (in a LATERAL that reads only m it would run once per metric)
  SELECT b.*, m.*, CASE WHEN m.metric IS NULL THEN NULL ELSE random() * m.spread END AS value
  FROM (
    SELECT $3::timestamptz - random() * interval '7 days' AS at,
      '/section-' || (n % ${PAGES}) || '/' || (n % 1000) AS path, '/section-' || (n % ${PAGES}) || '/[id]' AS page,
      (ARRAY['desktop', 'mobile', 'tablet'])[1 + n % 3] AS device, 'view' || n AS view
    FROM generate_series($1::int, $2::int) AS n
  ) b
  CROSS JOIN (VALUES
    ('pageview', NULL, 0, 0, 0),
    ('vital', 'LCP', 2500, 4000, 5000), ('vital', 'INP', 200, 500, 700), ('vital', 'CLS', 0.1, 0.25, 0.4),
    ('vital', 'FCP', 1800, 3000, 3500), ('vital', 'TTFB', 800, 1800, 2200)
  ) AS m(kind, metric, good, poor, spread)
) x`;

async function run(): Promise<BenchResult> {
  const beacons = positiveInt(process.env.BENCH_VITALS_BEACONS, 1_000_000);
  const runs = positiveInt(process.env.BENCH_RUNS, 5);
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
  const name = 'awoooi_bench_vitals';
  await createMigratedDatabase(adminUrl, name);
  const db = createDb(databaseUrlFor(adminUrl, name), 10);
  try {
    const now = new Date();
    await db.page.createMany({ data: Array.from({ length: PAGES }, (_, i) => ({ path: `/section-${i}/[id]`, name: `Section ${i}`, webVitals: true })) });
    const loadStarted = performance.now();
    for (let first = 1; first <= beacons; first += CHUNK) {
      const last = Math.min(beacons, first + CHUNK - 1);
      await db.$executeRawUnsafe(INSERT_SQL, first, last, now);
      log(`stored beacons ${first.toLocaleString('en-US')}-${last.toLocaleString('en-US')}`);
    }
    await db.$executeRawUnsafe('ANALYZE "RumEvent"');
    const loadSeconds = (performance.now() - loadStarted) / 1000;
    const rows = (await db.$queryRawUnsafe<{ rows: bigint }[]>('SELECT count(*) AS rows FROM "RumEvent"'))[0]!.rows;

    const lastRun = new Date(now.getTime() - 3_600_000);
    const backlog = await timed('maintenance over the 7-day backlog', 1, () => runRumMaintenance(db, lastRun));
    const steady = await timed('maintenance, steady', 1, () => runRumMaintenance(db, lastRun));
    const tick = await timed('rollup tick', 1, () => runRollupTick(db, new Date(now.getTime() - 60_000)));

    const week = await timed('overview, 7 days', runs, () => loadVitalsOverview(db, { range: '7d', device: 'all' }, now));
    const day = await timed('overview, 24 hours', runs, () => loadVitalsOverview(db, { range: '24h', device: 'all' }, now));
    const detail = await timed("one page's detail, 7 days", runs, () => loadPageVitals(db, '/section-3/[id]', { range: '7d', device: 'all' }, now));
    const floor = await timed('count(*) of the 7 days of vitals', runs, () =>
      db.$queryRawUnsafe(`SELECT count(*) FROM "RumEvent" WHERE kind = 'vital' AND at >= $1::timestamptz - interval '7 days'`, now),
    );

    const FLOOR = `SELECT count(*) of the same raw vital rows: median of ${runs}`;
    const measures: Measure[] = [
      ...coldAndMedian('Web Vitals overview, 7 days', week.times, TARGET_MS, `${beacons.toLocaleString('en-US')} beacons, ${PAGES} pages`),
      { name: FLOOR, value: median(floor.times), unit: 'ms' },
      ...coldAndMedian('Web Vitals overview, 24 hours', day.times, TARGET_MS),
      ...coldAndMedian("one page's Web Vitals, 7 days", detail.times, TARGET_MS),
      { name: 'RumEvent rows', value: Number(rows), unit: 'count', note: `stored in ${loadSeconds.toFixed(0)} s by generate_series` },
      { name: 'maintenance run over the 7-day backlog (first run)', value: backlog.times[0]!, unit: 'ms', note: `${backlog.last.hourlyRows} hourly, ${backlog.last.rollupRows} daily rows` },
      { name: 'maintenance run, steady (re-rolls yesterday and today; hourly)', value: steady.times[0]!, unit: 'ms' },
      { name: 'rollup tick (the hour before the mark to now; every minute)', value: tick.times[0]!, unit: 'ms', note: `${tick.last.hourlyRows} hourly rows` },
    ];
    measures[1]!.vs = FLOOR;
    const overview = week.last;
    const lcp = overview.measured.find((p) => p.path === '/section-3/[id]');
    const window = timeWindow('7d', now);
    const [exact] = await db.$queryRawUnsafe<{ p75: number; views: number }[]>(
      `SELECT (percentile_cont(0.75) WITHIN GROUP (ORDER BY value) FILTER (WHERE metric = 'LCP' AND page = '/section-3/[id]'))::float8 AS p75,
              (count(*) FILTER (WHERE kind = 'pageview'))::int AS views
       FROM "RumEvent" WHERE at >= $1 AND at <= $2`,
      window.from,
      now,
    );
    const error = lcp?.metrics.LCP.p75 && exact ? Math.abs(lcp.metrics.LCP.p75 - exact.p75) / exact.p75 : NaN;
    const checks: Check[] = [
      { name: 'every registered page has figures', ok: overview.measured.length === PAGES, detail: `${overview.measured.length} of ${PAGES}` },
      {
        name: 'p75 of LCP is where the uniform 0-5,000 ms data puts it (about 3,750 ms)',
        ok: lcp !== undefined && Math.abs((lcp.metrics.LCP.p75 ?? 0) - 3750) < 150,
        detail: JSON.stringify(lcp?.metrics.LCP),
      },
      { name: "p75 estimated from the histograms is within 3 % of percentile_cont over the raw events", ok: error < 0.03, detail: `${lcp?.metrics.LCP.p75} vs ${exact?.p75} (${(error * 100).toFixed(2)} %)` },
      { name: "the page view count is every beacon in the window (today and the 6 days before)", ok: overview.views === exact?.views, detail: `${overview.views} views, ${exact?.views} page view events` },
    ];
    return { measures, checks, environment: { data: `${beacons.toLocaleString('en-US')} beacons (${Number(rows).toLocaleString('en-US')} rows) over 7 days` } };
  } finally {
    await db.$disconnect();
    await dropDatabase(adminUrl, name);
  }
}

export const vitalsBench: Benchmark = {
  name: 'vitals',
  description: 'the Web Vitals pages over 1,000,000 stored beacons (7 days, 20 pages)',
  run,
};
