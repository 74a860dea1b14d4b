// The Web Vitals queries against the real PostgreSQL: exact p75 from raw events per registered page (route
// patterns included), the device filter, too few samples, unknown paths left out, page views scaled by the sample
// rate, and long ranges from the rollups plus the raw days not rolled up yet.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runRumMaintenance } from '@/lib/rum/maintenance';
import { addDays, startOfUtcDay } from '@/lib/rum/settings';
import { loadPageVitals, loadVitalsOverview } from '@/lib/rum/vitals-queries';
import type { RumEventRow } from '@/lib/rum/beacon';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { insertEvents, insertPathsOf, logNormal, pageview, seededRandom, vital } from '../helpers/rum-seed';

let t: TestDatabase;
const now = new Date('2026-06-15T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);
const random = seededRandom(42);

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
  // an unknown path and an event outside the 7 days: never counted
  ...Array.from({ length: 30 }, () => vital(hoursAgo(5), '/nowhere', null, 'LCP', 60_000)),
  vital(hoursAgo(24 * 8), '/services/1', '/services/[id]', 'LCP', 90_000),
];

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.page.createMany({
    data: [
      { path: '/', name: 'Home', webVitals: true },
      { path: '/services/[id]', name: 'Service', webVitals: true },
      { path: '/about', name: 'About' },
    ],
  });
  await insertEvents(t.db, rows);
  await insertPathsOf(t.db, rows);
});
afterAll(() => t.drop());

describe('the Web Vitals overview from raw events', () => {
  it('gives each registered page its exact p75, rating and shares, with too-few-samples said as such', async () => {
    const o = await loadVitalsOverview(t.db, { range: '7d', device: 'all' }, now, 30);
    expect(o.window.source).toBe('raw');
    expect(o.measured.map((p) => [p.path, p.views])).toEqual([['/services/[id]', 12], ['/', 1]]);
    expect(o.unmeasured.map((p) => p.path)).toEqual(['/about']);
    const lcp = o.measured[0]!.metrics.LCP;
    const all = [...mobileLcp, ...desktopLcp];
    expect(lcp.samples).toBe(55);
    expect(lcp.p75).toBeCloseTo(exactP75(all), 6);
    expect(lcp.rating).toBe(exactP75(all) <= 2500 ? 'good' : exactP75(all) <= 4000 ? 'needs-improvement' : 'poor');
    expect(lcp.shares.good).toBeCloseTo(all.filter((v) => v <= 2500).length / 55, 6);
    const inp = o.measured[0]!.metrics.INP;
    expect(inp).toMatchObject({ samples: 12, enough: false, p75: null, rating: null });
    // all registered pages together: the unknown path's 60 s LCPs are not in it
    expect(o.overall.LCP.p75).toBeCloseTo(exactP75(all), 6);
    expect(o.views).toBe(13);
  });

  it('filters by device class', async () => {
    const o = await loadVitalsOverview(t.db, { range: '7d', device: 'mobile' }, now, 30);
    expect(o.measured[0]!.metrics.LCP.p75).toBeCloseTo(exactP75(mobileLcp), 6);
    const tablet = await loadVitalsOverview(t.db, { range: '7d', device: 'tablet' }, now, 30);
    expect(tablet.measured).toEqual([]);
  });

  it('draws the 24 hours hour by hour and 7 days day by day', async () => {
    const day = await loadVitalsOverview(t.db, { range: '24h', device: 'all' }, now, 30);
    const lcp24 = day.trend.find((s) => s.metric === 'LCP')!;
    expect(lcp24.points).toHaveLength(25);
    expect(lcp24.points.every((p) => p.p75 === null)).toBe(true); // no hour has 20 samples
    const week = await loadVitalsOverview(t.db, { range: '7d', device: 'all' }, now, 30);
    const lcp7 = week.trend.find((s) => s.metric === 'LCP')!;
    expect(lcp7.points.map((p) => p.slot)).toEqual(['2026-06-08', '2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15']);
    const today = lcp7.points.at(-1)!;
    expect(today.samples).toBe(rows.filter((r) => r.metric === 'LCP' && r.page && r.at >= startOfUtcDay(now) && r.at > addDays(now, -7)).length);
  });

  it('gives one page in full, per device class, with the paths that matched it', async () => {
    const d = (await loadPageVitals(t.db, '/services/[id]', { range: '7d', device: 'all' }, now, 30))!;
    expect(d.byDevice.map((x) => [x.device, x.metrics.LCP.samples])).toEqual([['mobile', 30], ['desktop', 25]]);
    expect(d.byDevice.find((x) => x.device === 'mobile')!.metrics.LCP.p75).toBeCloseTo(exactP75(mobileLcp), 6);
    expect(d.topPaths[0]).toMatchObject({ app: 'web', hits: 1 });
    expect(await loadPageVitals(t.db, '/not-registered', { range: '7d', device: 'all' }, now, 30)).toBeNull();
  });
});

describe('long ranges from the rollups', () => {
  it('adds rolled-up days (raw gone) to the raw days not rolled up yet, with p75 estimated within 3 %', async () => {
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
    // after the rollup: more raw events today, not rolled up yet
    const late = Array.from({ length: 40 }, () => logNormal(random, 2000, 0.5));
    await insertEvents(t.db, late.map((v) => vital(hoursAgo(0.5), '/services/7', '/services/[id]', 'LCP', v, { device: 'tablet' })));

    const o = await loadVitalsOverview(t.db, { range: '90d', device: 'tablet' }, now, 30);
    expect(o.window.source).toBe('rollup');
    const lcp = o.measured[0]!.metrics.LCP;
    expect(lcp.samples).toBe(2040);
    const exact = exactP75([...old, ...late]);
    expect(Math.abs(lcp.p75! - exact) / exact).toBeLessThan(0.03);
    const trend = o.trend.find((s) => s.metric === 'LCP')!;
    expect(trend.points).toHaveLength(90);
    expect(trend.points.filter((p) => p.samples > 0).map((p) => p.slot)).toEqual([
      '2026-03-27', '2026-04-01', '2026-04-06', '2026-04-11', '2026-04-16', '2026-04-21', '2026-04-26', '2026-05-01', '2026-05-06', '2026-05-11', '2026-06-15',
    ]);
    // the same events through the rollups' estimate and through the raw percentile agree for the recent days too
    const raw = await loadVitalsOverview(t.db, { range: '30d', device: 'all' }, now, 30);
    const est = await loadVitalsOverview(t.db, { range: '30d', device: 'all' }, now, 20);
    expect(est.window.source).toBe('rollup');
    const [a, b] = [raw.measured[0]!.metrics.LCP.p75!, est.measured[0]!.metrics.LCP.p75!];
    expect(Math.abs(a - b) / a).toBeLessThan(0.03);
  });
});
