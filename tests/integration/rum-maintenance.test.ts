// The RUM maintenance against the real PostgreSQL: the rollup SQL (its buckets are the histogram's, to the bit, per
// hour and summed per day), idempotent re-runs, partial re-rolls of some hours, re-matching after the registry
// changes, and retention that deletes only rolled-up raw days.
import pg from 'pg';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { BUCKET_BOUNDARIES, histogramOf } from '@/lib/rum/histogram';
import { deleteEventsBefore, runRumMaintenance } from '@/lib/rum/maintenance';
import { readRolledUntil, rollupMarkAt, rollUpDay, rollUpHours } from '@/lib/rum/rollup-store';
import { rawDeleteBound } from '@/lib/rum/rollup';
import { addDays, dayKey, startOfUtcDay } from '@/lib/rum/settings';
import { rate, VITAL_NAMES, type VitalName } from '@/lib/rum/thresholds';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { failedFetch, insertEvents, insertPathsOf, jsError, logNormal, pageview, seededRandom, vital } from '../helpers/rum-seed';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

const now = new Date('2026-06-15T12:00:00Z');
const today = startOfUtcDay(now);
const at = (daysAgo: number, hour = 10) => new Date(addDays(today, -daysAgo).getTime() + hour * 3_600_000);

async function reset() {
  await t.db.$executeRawUnsafe('TRUNCATE "RumEvent", "RumPath", "RumDaily", "RumHourly", "AppSetting", "Page"');
}

const daily = (where: { day?: Date; page?: string; metric?: string } = {}) =>
  t.db.rumDaily.findMany({ where, orderBy: [{ day: 'asc' }, { page: 'asc' }, { metric: 'asc' }, { device: 'asc' }] });
const hourly = (where: { metric?: string; device?: string } = {}) =>
  t.db.rumHourly.findMany({ where, orderBy: [{ hour: 'asc' }, { page: 'asc' }, { metric: 'asc' }, { device: 'asc' }] });

describe('the rollup', () => {
  beforeEach(reset);

  it('buckets each vital exactly as lib/rum/histogram.ts does, boundary values included, and counts ratings', async () => {
    const random = seededRandom(7);
    const values: Record<VitalName, number[]> = { LCP: [], INP: [], CLS: [], FCP: [], TTFB: [] };
    for (const m of VITAL_NAMES) {
      const b = BUCKET_BOUNDARIES[m];
      // every 7th boundary exactly, a hair below it, and a spread of ordinary values (CLS 0 is common)
      for (let i = 0; i < b.length; i += 7) values[m].push(b[i]!, b[i]! * (1 - 1e-12));
      for (let i = 0; i < 300; i++) values[m].push(m === 'CLS' ? logNormal(random, 0.05, 1.2) : logNormal(random, 900));
      values[m].push(0, 3_000_000);
    }
    const rows = VITAL_NAMES.flatMap((m) => values[m].map((v, i) => vital(at(1, i % 24), '/', '/', m, v, { device: i % 2 ? 'mobile' : 'desktop' })));
    await insertEvents(t.db, rows);
    await rollUpDay(t.db, '2026-06-14');
    for (const m of VITAL_NAMES) {
      for (const device of ['mobile', 'desktop'] as const) {
        const mine = values[m].filter((_, i) => (i % 2 ? 'mobile' : 'desktop') === device);
        const row = (await daily({ metric: m })).find((r) => r.device === device)!;
        expect(row.buckets, `${m} ${device}`).toEqual(histogramOf(m, mine));
        expect(row.count).toBe(mine.length);
        expect(row.good).toBe(mine.filter((v) => rate(m, v) === 'good').length);
        expect(row.poor).toBe(mine.filter((v) => rate(m, v) === 'poor').length);
        expect(row.sum).toBeCloseTo(mine.reduce((a, b) => a + b, 0), 3);
      }
      // and per hour: the day's row is the sum of these
      const hours = await hourly({ metric: m, device: 'mobile' });
      expect(hours).toHaveLength(12);
      for (const h of hours) {
        const mine = values[m].filter((_, i) => i % 2 === 1 && i % 24 === h.hour.getUTCHours());
        expect(h.buckets, `${m} ${h.hour.toISOString()}`).toEqual(histogramOf(m, mine));
      }
    }
  });

  it('counts page views, errors and failed fetches per page, unknown paths under the empty page, scaled by the sample rate', async () => {
    await insertEvents(t.db, [
      pageview(at(0, 1), '/a', '/a'),
      pageview(at(0, 2), '/a', '/a', { sampleRate: 0.25 }),
      pageview(at(0, 3), '/nowhere', null),
      jsError(at(0, 4), '/a', '/a', 'boom'),
      failedFetch(at(0, 5), '/a', '/a', '/api/x', 503),
      failedFetch(at(1, 5), '/a', '/a', '/api/x', 503),
    ]);
    await rollUpDay(t.db, '2026-06-15');
    const rows = await daily({ day: today });
    expect(rows.map((r) => [r.page, r.metric, r.count, r.sum, r.buckets])).toEqual([
      ['', 'pageview', 1, 1, []],
      ['/a', 'error', 1, 1, []],
      ['/a', 'fetch', 1, 1, []],
      ['/a', 'pageview', 2, 5, []],
    ]);
  });

  it('is idempotent, follows new events, and drops a group whose events moved away', async () => {
    await insertEvents(t.db, [vital(at(0), '/a', '/a', 'LCP', 1200), vital(at(0), '/a', '/a', 'LCP', 5200)]);
    const first = await rollUpDay(t.db, '2026-06-15');
    const once = await daily();
    expect(await rollUpDay(t.db, '2026-06-15')).toEqual(first);
    expect(await daily()).toEqual(once);
    await insertEvents(t.db, [vital(at(0), '/a', '/a', 'LCP', 3000)]);
    await rollUpDay(t.db, '2026-06-15');
    expect((await daily())[0]).toMatchObject({ count: 3, good: 1, needsImprovement: 1, poor: 1 });
    await t.db.rumEvent.updateMany({ data: { page: '/b' } });
    expect(await rollUpDay(t.db, '2026-06-15')).toEqual({ upserted: 1, removed: 1, hourlyUpserted: 1, hourlyRemoved: 1 });
    expect((await daily()).map((r) => r.page)).toEqual(['/b']);
    expect((await hourly()).map((r) => r.page)).toEqual(['/b']);
  });

  it('stops at `until`, and re-rolls some hours of a day without losing the others from its daily row', async () => {
    await insertEvents(t.db, [
      vital(at(0, 1), '/a', '/a', 'LCP', 1000),
      vital(at(0, 5), '/a', '/a', 'LCP', 2000),
      vital(new Date(at(0, 7).getTime() + 20 * 60_000), '/a', '/a', 'LCP', 3000),
    ]);
    await rollUpDay(t.db, '2026-06-15', new Date(at(0, 7).getTime() + 10 * 60_000));
    expect((await hourly()).map((r) => [r.hour.getUTCHours(), r.count])).toEqual([[1, 1], [5, 1]]);
    expect((await daily())[0]!.count).toBe(2);
    // 05:00-08:00 again: the 07:20 event joins, 01:00 stays in the day's row from its hourly row
    await t.db.rumEvent.deleteMany({ where: { value: 2000 } });
    const again = await rollUpHours(t.db, at(0, 5), at(0, 8));
    expect(again).toMatchObject({ hourlyUpserted: 1, hourlyRemoved: 1 });
    expect((await hourly()).map((r) => [r.hour.getUTCHours(), r.count])).toEqual([[1, 1], [7, 1]]);
    const day = (await daily())[0]!;
    expect(day.count).toBe(2);
    expect(day.buckets).toEqual(histogramOf('LCP', [1000, 3000]));
    // a roll that stops earlier than the last one (a clock set back): the hours past it go, the day follows
    await rollUpDay(t.db, '2026-06-15', at(0, 3));
    expect((await hourly()).map((r) => [r.hour.getUTCHours(), r.count])).toEqual([[1, 1]]);
    expect((await daily())[0]!.count).toBe(1);
  });
});

describe('runRumMaintenance', () => {
  beforeEach(reset);

  it('rolls up every day with raw events, then deletes only raw days past the retention, and paths not seen in it', async () => {
    const rows = [
      vital(at(40), '/a', '/a', 'LCP', 1000),
      vital(at(40), '/a', '/a', 'LCP', 2000),
      pageview(at(40), '/a', '/a'),
      pageview(at(31), '/old-only', null),
      pageview(at(29), '/a', '/a'),
      pageview(at(0), '/a', '/a'),
    ];
    await insertEvents(t.db, rows);
    await insertPathsOf(t.db, rows);
    const result = await runRumMaintenance(t.db, now, { retentionDays: 30, batchSize: 2 });
    expect(result.skipped).toBeUndefined();
    expect(result.rolledDays[0]).toBe('2026-05-06');
    expect(result.rolledDays.at(-1)).toBe('2026-06-15');
    expect(result.deletedEvents).toBe(4);
    expect(result.deletedPaths).toBe(1);
    expect(await readRolledUntil(t.db)).toEqual(rollupMarkAt(now));
    // hourly rows go with the raw events: only the retention's days keep theirs
    expect((await t.db.rumHourly.findMany({ orderBy: { hour: 'asc' } })).map((h) => h.hour)).toEqual([at(29), at(0)]);
    expect((await t.db.rumEvent.findMany({ orderBy: { at: 'asc' } })).map((e) => e.at)).toEqual([at(29), at(0)]);
    expect((await t.db.rumPath.findMany()).map((p) => p.path)).toEqual(['/a']);
    // the deleted days live on in RumDaily
    const old = await daily({ day: addDays(today, -40) });
    expect(old.map((r) => [r.metric, r.count])).toEqual([['LCP', 2], ['pageview', 1]]);
    expect((await daily({ day: addDays(today, -31) })).map((r) => [r.page, r.count])).toEqual([['', 1]]);
  });

  it('never deletes raw events of a day that is not rolled up', async () => {
    await insertEvents(t.db, [pageview(at(45), '/a', '/a'), pageview(at(43), '/a', '/a'), pageview(at(40), '/a', '/a')]);
    await rollUpDay(t.db, dayKey(at(45)));
    await rollUpDay(t.db, dayKey(at(43))); // 40 days ago is not rolled up
    const rolledThrough = (await t.db.rumDaily.findFirst({ orderBy: { day: 'desc' } }))!.day;
    const bound = rawDeleteBound(addDays(today, -30), rolledThrough);
    // the newest rolled day itself stays too: its raw events are the ones a later run adds to
    expect(bound).toEqual(at(43, 0));
    expect(await deleteEventsBefore(t.db, bound!, 10)).toBe(1);
    expect((await t.db.rumEvent.findMany({ orderBy: { at: 'asc' } })).map((e) => e.at)).toEqual([at(43), at(40)]);
  });

  it('re-matches events and paths when a page is registered, removed, or a more specific one is added', async () => {
    const rows = [
      pageview(at(1), '/services/12', null),
      vital(at(1), '/services/12', null, 'LCP', 900),
      pageview(at(0), '/services/new', null),
      pageview(at(0), '/other', null),
    ];
    await insertEvents(t.db, rows);
    await insertPathsOf(t.db, rows);
    await runRumMaintenance(t.db, now);
    expect((await daily()).every((r) => r.page === '')).toBe(true);

    await t.db.page.create({ data: { path: '/services/[id]', name: 'Service', webVitals: true } });
    // the ingester already moved RumPath to the new page: the events must follow anyway
    await t.db.rumPath.update({ where: { app_path: { app: 'web', path: '/services/12' } }, data: { page: '/services/[id]' } });
    const registered = await runRumMaintenance(t.db, now);
    expect(registered.rematchedEvents).toBe(3);
    expect(registered.rematchedPaths).toBe(1);
    const pages = async () => Object.fromEntries((await t.db.rumEvent.findMany({ distinct: ['path'] })).map((e) => [e.path, e.page]));
    expect(await pages()).toEqual({ '/services/12': '/services/[id]', '/services/new': '/services/[id]', '/other': null });
    expect(Object.fromEntries((await t.db.rumPath.findMany()).map((p) => [p.path, p.page]))).toEqual(await pages());
    expect((await daily({ metric: 'pageview' })).map((r) => [r.day.toISOString().slice(0, 10), r.page, r.count])).toEqual([
      ['2026-06-14', '/services/[id]', 1],
      ['2026-06-15', '', 1],
      ['2026-06-15', '/services/[id]', 1],
    ]);

    await t.db.page.create({ data: { path: '/services/new', name: 'New service' } });
    await runRumMaintenance(t.db, now);
    expect((await pages())['/services/new']).toBe('/services/new');

    await t.db.page.deleteMany({ where: { path: '/services/[id]' } });
    const removed = await runRumMaintenance(t.db, now);
    expect(removed.rematchedEvents).toBe(2);
    expect(await pages()).toEqual({ '/services/12': null, '/services/new': '/services/new', '/other': null });
    expect((await daily()).some((r) => r.page === '/services/[id]')).toBe(false);
  });

  it('skips the run while another replica holds the lock', async () => {
    const other = new pg.Client({ connectionString: t.url });
    await other.connect();
    try {
      await other.query(`SELECT pg_advisory_lock('8247186418519074162'::bigint)`);
      expect((await runRumMaintenance(t.db, now)).skipped).toMatch(/another replica/);
    } finally {
      await other.end();
    }
    expect((await runRumMaintenance(t.db, now)).skipped).toBeUndefined();
  });
});
