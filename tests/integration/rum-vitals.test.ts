// The Web Vitals queries against the real PostgreSQL: p75 per registered page (route patterns included) estimated
// from histograms exactly as lib/rum/histogram.ts estimates them, the device filter, too few samples, unknown paths
// left out, page views scaled by the sample rate; then the rolled-up rows before the mark plus raw events after it,
// never an event twice or not at all, and long ranges from the daily rollups after the raw events are gone.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { histogramOf, percentileFromBuckets } from '@/lib/rum/histogram';
import { runRollupTick, runRumMaintenance } from '@/lib/rum/maintenance';
import { readRolledUntil, rollupMarkAt } from '@/lib/rum/rollup-store';
import { addDays } from '@/lib/rum/settings';
import type { VitalName } from '@/lib/rum/thresholds';
import { loadPageVitals, loadVitalsOverview } from '@/lib/rum/vitals-queries';
import type { RumEventRow } from '@/lib/rum/beacon';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { insertEvents, insertPathsOf, logNormal, pageview, seededRandom, vital } from '../helpers/rum-seed';

let t: TestDatabase;
const now = new Date('2026-06-15T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const random = seededRandom(42);

/** The p75 the pages must show for these values: the histogram estimate, computed here in JavaScript. */
const estimate = (metric: VitalName, values: number[]) => percentileFromBuckets(metric, histogramOf(metric, values), 0.75)!;

/** percentile_cont(0.75): linear between the two order statistics around rank 0.75 * (n - 1) */
function exactP75(values: number[]): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = 0.75 * (s.length - 1);
  const lo = Math.floor(rank);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (rank - lo);
}

const mobileLcp = Array.from({ length: 30 }, () => Math.round(logNormal(random, 3000)));
const desktopLcp = Array.from({ length: 25 }, () => Math.round(logNormal(random, 1500)));
const rows: RumEventRow[] = [
  ...mobileLcp.map((v, i) => vital(hoursAgo(1 + (i % 40)), `/services/${i}`, '/services/[id]', 'LCP', v, { device: 'mobile' })),
  ...desktopLcp.map((v, i) => vital(hoursAgo(2 + i), `/services/${i}`, '/services/[id]', 'LCP', v)),
  // INP: only 12 samples, too few for a p75
  ...Array.from({ length: 12 }, (_, i) => vital(hoursAgo(3), '/services/1', '/services/[id]', 'INP', 100 + i)),
  ...Array.from({ length: 6 }, (_, i) => pageview(hoursAgo(i + 1), `/services/${i}`, '/services/[id]', { sampleRate: 0.5 })),
  pageview(hoursAgo(1), '/', '/'),
  // an unknown path, and an event before the 7 days (today and the 6 whole days before): never counted
  ...Array.from({ length: 30 }, () => vital(hoursAgo(5), '/nowhere', null, 'LCP', 60_000)),
  vital(new Date('2026-06-08T23:59:59Z'), '/services/1', '/services/[id]', 'LCP', 90_000),
];

async function reset() {
  await t.db.$executeRawUnsafe('TRUNCATE "RumEvent", "RumPath", "RumDaily", "RumHourly", "AppSetting"');
  await insertEvents(t.db, rows);
  await insertPathsOf(t.db, rows);
}

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.page.createMany({
    data: [
      { path: '/', name: 'Home', webVitals: true },
      { path: '/services/[id]', name: 'Service', webVitals: true },
      { path: '/about', name: 'About' },
    ],
  });
});
afterAll(() => t.drop());

describe('the Web Vitals overview before any rollup (raw events only)', () => {
  beforeAll(reset);

  it("gives each registered page its p75 (the histogram's estimate), rating and shares, with too-few-samples said as such", async () => {
    const o = await loadVitalsOverview(t.db, { range: '7d', device: 'all' }, now);
    expect(o.rolledUntil).toBeNull();
    expect(o.measured.map((p) => [p.path, p.views])).toEqual([['/services/[id]', 12], ['/', 1]]);
    expect(o.unmeasured.map((p) => p.path)).toEqual(['/about']);
    const lcp = o.measured[0]!.metrics.LCP;
    const all = [...mobileLcp, ...desktopLcp];
    expect(lcp.samples).toBe(55);
    expect(lcp.p75).toBeCloseTo(estimate('LCP', all), 9);
    expect(Math.abs(lcp.p75! - exactP75(all)) / exactP75(all)).toBeLessThan(0.03);
    expect(lcp.rating).toBe(lcp.p75! <= 2500 ? 'good' : lcp.p75! <= 4000 ? 'needs-improvement' : 'poor');
    expect(lcp.shares.good).toBeCloseTo(all.filter((v) => v <= 2500).length / 55, 6);
    const inp = o.measured[0]!.metrics.INP;
    expect(inp).toMatchObject({ samples: 12, enough: false, p75: null, rating: null });
    // all registered pages together: the unknown path's 60 s LCPs are not in it
    expect(o.overall.LCP.p75).toBeCloseTo(estimate('LCP', all), 9);
    expect(o.views).toBe(13);
  });

  it('filters by device class', async () => {
    const o = await loadVitalsOverview(t.db, { range: '7d', device: 'mobile' }, now);
    expect(o.measured[0]!.metrics.LCP.p75).toBeCloseTo(estimate('LCP', mobileLcp), 9);
    const tablet = await loadVitalsOverview(t.db, { range: '7d', device: 'tablet' }, now);
    expect(tablet.measured).toEqual([]);
  });

  it('draws the 24 hours hour by hour and 7 days day by day', async () => {
    const day = await loadVitalsOverview(t.db, { range: '24h', device: 'all' }, now);
    const lcp24 = day.trend.find((s) => s.metric === 'LCP')!;
    expect(lcp24.points).toHaveLength(25);
    expect(lcp24.points.every((p) => p.p75 === null)).toBe(true); // no hour has 20 samples
    expect(lcp24.points.find((p) => p.slot === '2026-06-15T10:00')!.samples).toBe(rows.filter((r) => r.metric === 'LCP' && r.page && r.at.getTime() === hoursAgo(2).getTime()).length);
    const week = await loadVitalsOverview(t.db, { range: '7d', device: 'all' }, now);
    const lcp7 = week.trend.find((s) => s.metric === 'LCP')!;
    expect(lcp7.points.map((p) => p.slot)).toEqual(['2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15']);
    expect(lcp7.points.at(-1)!.samples).toBe(rows.filter((r) => r.metric === 'LCP' && r.page && r.at >= new Date('2026-06-15T00:00:00Z')).length);
  });

  it('gives one page in full, per device class, with the paths that matched it', async () => {
    const d = (await loadPageVitals(t.db, '/services/[id]', { range: '7d', device: 'all' }, now))!;
    expect(d.byDevice.map((x) => [x.device, x.metrics.LCP.samples])).toEqual([['mobile', 30], ['desktop', 25]]);
    expect(d.byDevice.find((x) => x.device === 'mobile')!.metrics.LCP.p75).toBeCloseTo(estimate('LCP', mobileLcp), 9);
    expect(d.topPaths[0]).toMatchObject({ app: 'web', hits: 1 });
    // the device filter narrows the page's figures, not its per-device table
    const mobile = (await loadPageVitals(t.db, '/services/[id]', { range: '7d', device: 'mobile' }, now))!;
    expect(mobile.overall.LCP.samples).toBe(30);
    expect(mobile.byDevice.map((x) => x.device)).toEqual(['mobile', 'desktop']);
    expect(await loadPageVitals(t.db, '/not-registered', { range: '7d', device: 'all' }, now)).toBeNull();
  });
});

describe('rolled-up rows before the mark, raw events after it', () => {
  beforeEach(reset);

  it('gives the same figures after the maintenance run and after a tick, and counts each new event once', async () => {
    const before7 = await loadVitalsOverview(t.db, { range: '7d', device: 'all' }, now);
    const before24 = await loadVitalsOverview(t.db, { range: '24h', device: 'all' }, now);
    const run = hoursAgo(1.5);
    await runRumMaintenance(t.db, run, { retentionDays: 30 });
    // the mark stays a few minutes behind the run, for events stored a moment after their time
    expect(await readRolledUntil(t.db)).toEqual(rollupMarkAt(run));
    expect(rollupMarkAt(run) < run).toBe(true);
    const after7 = await loadVitalsOverview(t.db, { range: '7d', device: 'all' }, now);
    const after24 = await loadVitalsOverview(t.db, { range: '24h', device: 'all' }, now);
    expect(after7.rolledUntil).toEqual(rollupMarkAt(run));
    // the same events, half from RumDaily / RumHourly and half raw: the same figures to the bit
    for (const [a, b] of [[before7, after7], [before24, after24]] as const) {
      expect(b.overall).toEqual(a.overall);
      expect(b.measured).toEqual(a.measured);
      expect(b.trend).toEqual(a.trend);
      expect(b.views).toBe(a.views);
    }

    // after the mark: counted raw, once, including one stored after the run with a time a minute before it (the
    // lag); well before the mark (a late beacon): not until a rollup takes it
    await insertEvents(t.db, [
      vital(hoursAgo(0.5), '/x', '/services/[id]', 'LCP', 1_111, { device: 'tablet' }),
      vital(new Date(run.getTime() - 60_000), '/x', '/services/[id]', 'LCP', 2_222, { device: 'tablet' }),
      vital(hoursAgo(2), '/x', '/services/[id]', 'LCP', 3_333, { device: 'tablet' }),
    ]);
    const tablet = async () => (await loadVitalsOverview(t.db, { range: '7d', device: 'tablet' }, now)).measured[0]?.metrics.LCP.samples ?? 0;
    expect(await tablet()).toBe(2);
    const tick = await runRollupTick(t.db, hoursAgo(0.25));
    expect(tick.from).toEqual(new Date('2026-06-15T09:00:00Z')); // the hour before the mark's hour
    expect(await readRolledUntil(t.db)).toEqual(rollupMarkAt(hoursAgo(0.25)));
    expect(await tablet()).toBe(3);
    const detail = (await loadPageVitals(t.db, '/services/[id]', { range: '24h', device: 'tablet' }, now))!;
    expect(detail.overall.LCP.samples).toBe(3);
    expect(detail.trend.find((s) => s.metric === 'LCP')!.points.filter((p) => p.samples > 0).map((p) => p.slot)).toEqual(['2026-06-15T10:00', '2026-06-15T11:00']);
  });

  it('does nothing on a tick before the first maintenance run has set a mark', async () => {
    expect(await runRollupTick(t.db, now)).toMatchObject({ from: null, hourlyRows: 0 });
    expect(await readRolledUntil(t.db)).toBeNull();
    expect(await t.db.rumHourly.count()).toBe(0);
  });
});

describe('long ranges from the rollups', () => {
  beforeAll(reset);

  it('adds rolled-up days (raw gone) to the recent days, with p75 estimated within 3 %', async () => {
    const old: number[] = [];
    const older: RumEventRow[] = [];
    for (let d = 35; d <= 80; d += 5) {
      for (let i = 0; i < 200; i++) {
        const v = logNormal(random, 2000, 0.5);
        old.push(v);
        older.push(vital(addDays(now, -d), '/services/7', '/services/[id]', 'LCP', v, { device: 'tablet' }));
      }
    }
    await insertEvents(t.db, older);
    const run = await runRumMaintenance(t.db, now, { retentionDays: 30 });
    expect(run.deletedEvents).toBeGreaterThanOrEqual(2000);
    expect(await t.db.rumHourly.count({ where: { hour: { lt: addDays(new Date('2026-06-15T00:00:00Z'), -30) } } })).toBe(0);
    // after the rollup: more raw events, not rolled up yet
    const late = Array.from({ length: 40 }, () => logNormal(random, 2000, 0.5));
    await insertEvents(t.db, late.map((v) => vital(new Date(now.getTime() + 60_000), '/services/7', '/services/[id]', 'LCP', v, { device: 'tablet' })));
    const later = new Date(now.getTime() + 120_000);

    const o = await loadVitalsOverview(t.db, { range: '90d', device: 'tablet' }, later);
    const lcp = o.measured[0]!.metrics.LCP;
    expect(lcp.samples).toBe(2040);
    expect(lcp.p75).toBeCloseTo(estimate('LCP', [...old, ...late]), 9);
    const exact = exactP75([...old, ...late]);
    expect(Math.abs(lcp.p75! - exact) / exact).toBeLessThan(0.03);
    const trend = o.trend.find((s) => s.metric === 'LCP')!;
    expect(trend.points).toHaveLength(90);
    expect(trend.points.filter((p) => p.samples > 0).map((p) => p.slot)).toEqual([
      '2026-03-27', '2026-04-01', '2026-04-06', '2026-04-11', '2026-04-16', '2026-04-21', '2026-04-26', '2026-05-01', '2026-05-06', '2026-05-11', '2026-06-15',
    ]);
  });
});
