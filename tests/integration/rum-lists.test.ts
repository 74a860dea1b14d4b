// The Unknown pages and Errors lists against the real PostgreSQL: unknown means "matches no page registered now"
// (route patterns included, a registration takes effect at once), and errors group by fingerprint and page.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadErrorGroups } from '@/lib/rum/errors-queries';
import { loadUnknownPages } from '@/lib/rum/unknown-pages';
import type { RumEventRow } from '@/lib/rum/beacon';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { failedFetch, insertEvents, insertPathsOf, jsError, pageview } from '../helpers/rum-seed';

let t: TestDatabase;
const now = new Date('2026-06-15T12:00:00Z');
const hoursAgo = (h: number) => new Date(now.getTime() - h * 3_600_000);

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

describe('unknown pages', () => {
  beforeAll(async () => {
    await t.db.page.create({ data: { path: '/', name: 'Home' } });
    const rows: RumEventRow[] = [
      ...Array.from({ length: 5 }, (_, i) => pageview(hoursAgo(i + 1), `/services/${i % 2 ? 12 : 13}`, null)),
      pageview(hoursAgo(2), '/reports/2026/q1', null),
      pageview(hoursAgo(3), '/reports/2026/q1', null),
      pageview(hoursAgo(1), '/', '/'),
      pageview(hoursAgo(1), '/admin', null, { app: 'backoffice' }),
      // stored as matched, but that page is not registered (any more): unknown again
      pageview(hoursAgo(4), '/gone', '/gone'),
    ];
    await insertEvents(t.db, rows);
    await insertPathsOf(t.db, rows);
  });

  it('lists the paths matching no registered page, most hits first, per app, bounded', async () => {
    const list = await loadUnknownPages(t.db);
    // ties: last seen first, then app and path
    expect(list.rows.map((r) => [r.app, r.path, r.hits])).toEqual([
      ['web', '/services/13', 3],
      ['web', '/reports/2026/q1', 2],
      ['web', '/services/12', 2],
      ['backoffice', '/admin', 1],
      ['web', '/gone', 1],
    ]);
    expect(list.apps).toEqual([{ app: 'web', paths: 4, hits: 8 }, { app: 'backoffice', paths: 1, hits: 1 }]);
    expect(list.rows.find((r) => r.path === '/services/12')!.pattern).toBe('/services/[id]');
    const bounded = await loadUnknownPages(t.db, { limit: 2 });
    expect(bounded.rows).toHaveLength(2);
    expect(bounded.rest).toEqual({ paths: 3, hits: 4 });
    expect((await loadUnknownPages(t.db, { app: 'backoffice' })).rows.map((r) => r.path)).toEqual(['/admin']);
  });

  it('drops paths as soon as a page matching them is registered, before any re-match ran', async () => {
    await t.db.page.create({ data: { path: '/services/[id]', name: 'Service' } });
    await t.db.page.create({ data: { path: '/reports/[...rest]', name: 'Reports' } });
    const list = await loadUnknownPages(t.db);
    expect(list.rows.map((r) => r.path).sort()).toEqual(['/admin', '/gone']);
    await t.db.page.deleteMany({ where: { path: '/services/[id]' } });
    expect((await loadUnknownPages(t.db)).total).toBe(4);
  });
});

describe('errors', () => {
  beforeAll(async () => {
    await t.db.rumEvent.deleteMany();
    await t.db.page.upsert({ where: { path: '/services/[id]' }, create: { path: '/services/[id]', name: 'Service' }, update: {} });
    await insertEvents(t.db, [
      // the same bug in two views of a registered page (twice in one), sampled at 50 %
      jsError(hoursAgo(1), '/services/1', '/services/[id]', 'x is undefined', { view: 'a', sampleRate: 0.5 }),
      jsError(hoursAgo(2), '/services/1', '/services/[id]', 'x is undefined', { view: 'a', sampleRate: 0.5 }),
      jsError(hoursAgo(3), '/services/2', '/services/[id]', 'x is undefined', { view: 'b', sampleRate: 0.5, message: 'x is undefined\nmore', stack: 'TypeError: x is undefined\n    at f (app.js:9:1)' }),
      // the same bug on an unknown page: its own group, under the raw path
      jsError(hoursAgo(1), '/lost', null, 'x is undefined', { view: 'c' }),
      failedFetch(hoursAgo(5), '/services/1', '/services/[id]', '/api/items', 503, { view: 'd' }),
      failedFetch(hoursAgo(6), '/services/1', '/services/[id]', '/api/items', 0, { view: 'd' }),
      // outside the 24 hours, inside the 7 days
      jsError(hoursAgo(30), '/services/1', '/services/[id]', 'old', { view: 'e' }),
    ]);
  });

  it('groups by fingerprint and page, counts scaled occurrences and affected page views, newest sample', async () => {
    const v = await loadErrorGroups(t.db, { range: '24h', kind: 'all', page: null }, now, { retention: 30 });
    expect(v.groups.map((g) => [g.kind, g.place, g.unknown, g.count, g.views])).toEqual([
      ['error', '/services/[id]', false, 6, 4],
      ['error', '/lost', true, 1, 1],
      ['fetch', '/services/[id]', false, 1, 1],
      ['fetch', '/services/[id]', false, 1, 1],
    ]);
    const top = v.groups[0]!;
    expect(top.title).toBe('x is undefined');
    expect(top.sample?.path).toBe('/services/1'); // the latest occurrence
    expect(top.firstSeenAt).toEqual(hoursAgo(3));
    expect(top.lastSeenAt).toEqual(hoursAgo(1));
    expect(v.groups.map((g) => g.title)).toContain('GET /api/items → HTTP 503');
    expect(v.groups.map((g) => g.title)).toContain('GET /api/items → no response (network error, CORS or aborted)');
    expect(v.totals).toEqual({ errors: 7, fetches: 2, groups: 4 });
  });

  it('filters by kind, page and range', async () => {
    const fetches = await loadErrorGroups(t.db, { range: '24h', kind: 'fetch', page: null }, now, { retention: 30 });
    expect(fetches.groups.every((g) => g.kind === 'fetch')).toBe(true);
    expect(fetches.totals.errors).toBe(0);
    const lost = await loadErrorGroups(t.db, { range: '24h', kind: 'all', page: '/lost' }, now, { retention: 30 });
    expect(lost.groups.map((g) => g.place)).toEqual(['/lost']);
    const week = await loadErrorGroups(t.db, { range: '7d', kind: 'error', page: null }, now, { retention: 30 });
    expect(week.groups.map((g) => g.title)).toContain('old');
    const limited = await loadErrorGroups(t.db, { range: '7d', kind: 'all', page: null }, now, { retention: 30, limit: 1 });
    expect(limited.groups).toHaveLength(1);
    expect(limited.totals.groups).toBe(5);
  });
});
