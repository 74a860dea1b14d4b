// POST /api/v1/beacons as handleBeaconRequest serves it, into the real PostgreSQL: CORS, the refusals (403, 413, 415,
// 400, 429) and what they count, and the rows (events matched to registered pages, RumPath upserts).
import { NextRequest } from 'next/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { proxy } from '../../proxy';
import type { Db } from '../../lib/db/client';
import { BEACON_LIMITS } from '../../lib/rum/beacon';
import { ingestConfig, type IngestConfig } from '../../lib/rum/ingest/config';
import { handleBeaconPreflight, handleBeaconRequest } from '../../lib/rum/ingest/handler';
import { RumIngest } from '../../lib/rum/ingest/ingest';
import { forgetKnownPages, knownPagePatterns } from '../../lib/rum/known-pages';
import { createTestDatabase } from '../helpers/test-database';

const URL_ = 'http://monitor.test:3000/api/v1/beacons';
const SHOP = 'https://shop.example.com';
let db: Db;
let drop: () => Promise<void>;

function config(over: Partial<IngestConfig> = {}): IngestConfig {
  return { ...ingestConfig({ RUM_ALLOWED_ORIGINS: SHOP }).config, ratePerMinute: 10_000, flushIntervalMs: 20, ...over };
}
const newIngest = (over: Partial<IngestConfig> = {}) => new RumIngest({ config: config(over), database: () => db, buffer: { log: () => {} } });

function beacon(events: unknown[], over: Record<string, unknown> = {}) {
  return { v: 1, app: 'shop', view: 'view-1', device: 'mobile', rate: 1, sent: Date.now(), events, ...over };
}

function post(ingest: RumIngest, body: BodyInit | null, headers: Record<string, string> = {}, init: RequestInit = {}) {
  const request = new Request(URL_, { method: 'POST', body, headers: { 'content-type': 'text/plain;charset=UTF-8', ...headers }, ...init });
  return handleBeaconRequest(request, ingest);
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  await db.page.createMany({
    data: [
      { path: '/', name: 'Home' },
      { path: '/services/[id]', name: 'Service' },
      { path: '/services/new', name: 'New service' },
    ],
  });
});
afterAll(() => drop());

describe('202: events stored with their registered page', () => {
  it('stores every event of a sendBeacon-style text/plain beacon and answers {accepted}', async () => {
    const ingest = newIngest();
    const now = Date.now();
    const res = await post(
      ingest,
      JSON.stringify(
        beacon([
          { t: 'pageview', path: '/services/42?token=abc', at: now, nav: 'load' },
          { t: 'vital', path: '/services/42', at: now, name: 'LCP', value: 4200 },
          { t: 'error', path: '/services/new', at: now, message: 'TypeError: x is undefined', source: 'error' },
          { t: 'fetch', path: '/nowhere/registered', at: now, method: 'GET', url: 'https://api.example.com/v1/items?page=2', status: 0, ms: 31 },
        ]),
      ),
      { origin: SHOP },
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 4 });
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP);
    await ingest.buffer.drained();

    const stored = await db.rumEvent.findMany({ where: { view: 'view-1' }, orderBy: { id: 'asc' } });
    expect(stored.map((e) => [e.kind, e.path, e.page])).toEqual([
      ['pageview', '/services/42', '/services/[id]'],
      ['vital', '/services/42', '/services/[id]'],
      ['error', '/services/new', '/services/new'],
      ['fetch', '/nowhere/registered', null],
    ]);
    expect(stored[1]).toMatchObject({ metric: 'LCP', value: 4200, rating: 'poor', device: 'mobile', app: 'shop', sampleRate: 1 });
    expect(stored[3]).toMatchObject({ method: 'GET', url: 'https://api.example.com/v1/items', status: 0, value: 31 });
    expect(Math.abs(stored[0]!.at.getTime() - now)).toBeLessThan(5_000);
    expect(ingest.stats()).toMatchObject({ accepted: 4, stored: 4, buffered: 0, dropped: 0, rejected: 0 });
  });

  it('upserts RumPath per flush: hits are page views, first/last seen widen, the page follows the registry', async () => {
    // The server's clock stands still and the client's agrees with it: event times are stored as sent.
    const received = Date.now();
    const ingest = new RumIngest({ config: config(), database: () => db, now: () => new Date(received) });
    const t0 = received - 60_000;
    const send = async (events: unknown[]) => {
      expect((await post(ingest, JSON.stringify(beacon(events, { app: 'paths', sent: received })), { 'content-type': 'application/json' })).status).toBe(202);
      await ingest.buffer.drained();
    };
    await send([
      { t: 'pageview', path: '/services/7', at: t0 + 10_000 },
      { t: 'pageview', path: '/services/7', at: t0 + 20_000 },
      { t: 'vital', path: '/services/7', at: t0 + 30_000, name: 'CLS', value: 0.01 },
      { t: 'error', path: '/only-errors', at: t0 + 5_000, message: 'x' },
    ]);
    await send([
      { t: 'pageview', path: '/services/7', at: t0 },
      { t: 'pageview', path: '/services/7', at: t0 + 40_000 },
    ]);
    const paths = await db.rumPath.findMany({ where: { app: 'paths' }, orderBy: { path: 'asc' } });
    expect(paths.map((p) => ({ path: p.path, page: p.page, hits: p.hits, first: p.firstSeenAt.getTime(), last: p.lastSeenAt.getTime() }))).toEqual([
      { path: '/only-errors', page: null, hits: 0, first: t0 + 5_000, last: t0 + 5_000 },
      { path: '/services/7', page: '/services/[id]', hits: 4, first: t0, last: t0 + 40_000 },
    ]);
  });

  it('stores text PostgreSQL could not take as it can (NUL removed, lone surrogates as U+FFFD) with the rest of the batch', async () => {
    // The server's clock stands still and the client's agrees with it: event times are stored as sent.
    const now = Date.now();
    const ingest = new RumIngest({ config: config(), database: () => db, now: () => new Date(now) });
    // Written by hand: JSON.stringify would not keep a lone surrogate escape as the client sent it.
    const text = `{"v":1,"app":"shop","view":"odd-text","device":"desktop","rate":1,"sent":${now},"events":[` +
      `{"t":"error","path":"/","at":${now},"message":"half \\ud83d pair","source":"error"},` +
      `{"t":"error","path":"/","at":${now},"message":"nul \\u0000 here","source":"error"},` +
      `{"t":"pageview","path":"/","at":${now - 1}}]}`;
    const res = await post(ingest, text);
    expect(res.status).toBe(202);
    await ingest.buffer.drained();
    const stored = await db.rumEvent.findMany({ where: { view: 'odd-text' }, orderBy: { id: 'asc' } });
    expect(stored.map((e) => e.message)).toEqual(['half \ufffd pair', 'nul  here', null]);
    expect(stored[2]!.at.getTime()).toBe(now - 1); // milliseconds survive the trip exactly
  });

  it('counts events too old to keep as rejected and stores the rest', async () => {
    const ingest = newIngest();
    const now = Date.now();
    const res = await post(
      ingest,
      JSON.stringify(beacon([{ t: 'pageview', path: '/', at: now - BEACON_LIMITS.maxAgeMs - 60_000 }, { t: 'pageview', path: '/', at: now }], { view: 'old-and-new' })),
    );
    expect(res.status).toBe(202);
    expect(await res.json()).toEqual({ accepted: 1, tooOld: 1 });
    await ingest.buffer.drained();
    expect(await db.rumEvent.count({ where: { view: 'old-and-new' } })).toBe(1);
    expect(ingest.stats()).toMatchObject({ accepted: 1, rejected: 1, stored: 1 });
  });
});

describe('CORS', () => {
  const ok = JSON.stringify(beacon([{ t: 'pageview', path: '/', at: Date.now() }], { view: 'cors' }));

  it('allows a configured origin and this app\'s own, with Vary: Origin and never credentials', async () => {
    const ingest = newIngest();
    for (const origin of [SHOP, 'http://monitor.test:3000']) {
      const res = await post(ingest, ok, { origin });
      expect(res.status).toBe(202);
      expect(res.headers.get('access-control-allow-origin')).toBe(origin);
      expect(res.headers.get('vary')).toBe('Origin');
      expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    }
  });

  it('refuses any other origin with 403, the reason, and no Access-Control-Allow-Origin; nothing is stored', async () => {
    const ingest = newIngest();
    const res = await post(ingest, JSON.stringify(beacon([{ t: 'pageview', path: '/', at: Date.now() }], { view: 'evil' })), { origin: 'https://evil.example' });
    expect(res.status).toBe(403);
    expect((await res.json()).error).toMatch(/"https:\/\/evil.example" may not send beacons.*RUM_ALLOWED_ORIGINS/);
    expect(res.headers.get('access-control-allow-origin')).toBeNull();
    await ingest.buffer.drained();
    expect(await db.rumEvent.count({ where: { view: 'evil' } })).toBe(0);
    expect(ingest.stats()).toMatchObject({ rejected: 1, accepted: 0 });
  });

  it('answers the preflight for allowed origins only', () => {
    const ingest = newIngest();
    const preflight = (origin?: string) =>
      handleBeaconPreflight(
        new Request(URL_, { method: 'OPTIONS', headers: { ...(origin ? { origin } : {}), 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' } }),
        ingest,
      );
    const allowed = preflight(SHOP);
    expect(allowed.status).toBe(204);
    expect(Object.fromEntries(allowed.headers)).toMatchObject({
      'access-control-allow-origin': SHOP,
      'access-control-allow-methods': 'POST, OPTIONS',
      'access-control-allow-headers': 'content-type',
      vary: 'Origin',
    });
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();
    const refused = preflight('https://evil.example');
    expect(refused.status).toBe(403);
    expect(refused.headers.get('access-control-allow-origin')).toBeNull();
    expect(preflight().status).toBe(204);
  });
});

describe('refusals: 413, 415, 400, 429', () => {
  const big = 'x'.repeat(BEACON_LIMITS.bodyBytes + 1);

  it('413 when the declared length is over 64 KB', async () => {
    const res = await post(newIngest(), big, { 'content-length': String(big.length) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe(`body: larger than the beacon limit of ${BEACON_LIMITS.bodyBytes} bytes`);
  });

  it('413 for a streamed body with no length, or a length that lies, without reading it all', async () => {
    let pulled = 0;
    const stream = () =>
      new ReadableStream<Uint8Array>({
        pull(controller) {
          pulled += 16 * 1024;
          if (pulled > 10 * 1024 * 1024) controller.close(); // a client that would send 10 MB
          else controller.enqueue(new Uint8Array(16 * 1024).fill(0x20));
        },
      });
    const streamed = await post(newIngest(), stream(), {}, { duplex: 'half' } as RequestInit);
    expect(streamed.status).toBe(413);
    expect(pulled).toBeLessThan(BEACON_LIMITS.bodyBytes + 64 * 1024);
    pulled = 0;
    const lying = await post(newIngest(), stream(), { 'content-length': '120' }, { duplex: 'half' } as RequestInit);
    expect(lying.status).toBe(413);
    expect(pulled).toBeLessThan(BEACON_LIMITS.bodyBytes + 64 * 1024);
  });

  it('415 for another media type, saying which are accepted', async () => {
    const res = await post(newIngest(), 'v=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(res.status).toBe(415);
    expect((await res.json()).error).toBe('content-type: must be text/plain or application/json, got "application/x-www-form-urlencoded"');
  });

  it('400 with the problems for an invalid beacon, and for text that is not JSON', async () => {
    const ingest = newIngest();
    const res = await post(ingest, JSON.stringify(beacon([{ t: 'vital', path: '/', at: Date.now(), name: 'FID', value: 1 }], { extra: true })), { origin: SHOP });
    expect(res.status).toBe(400);
    expect(res.headers.get('access-control-allow-origin')).toBe(SHOP); // the page may read why
    const body = await res.json();
    expect(body.problems).toEqual(expect.arrayContaining(['unknown field "extra"', expect.stringMatching(/^events\[0\]\.name: /)]));
    expect(body.error).toMatch(/^invalid beacon: /);
    const notJson = await post(ingest, '{"v":1,');
    expect(notJson.status).toBe(400);
    expect((await notJson.json()).problems[0]).toMatch(/^body: not JSON/);
    const manyBad = Array.from({ length: 150 }, () => ({ t: 'pageview', path: 'no-slash', at: Date.now() }));
    const capped = await (await post(ingest, JSON.stringify(beacon(manyBad)))).json();
    expect(capped.problems).toHaveLength(21);
    expect(capped.problems[20]).toBe('... and 130 more problems');
    expect(ingest.stats()).toMatchObject({ rejected: 3, accepted: 0 });
  });

  it('429 with Retry-After once an address has sent its beacons for the minute; other addresses go on', async () => {
    const ingest = newIngest({ ratePerMinute: 5 });
    const body = JSON.stringify(beacon([{ t: 'pageview', path: '/', at: Date.now() }], { view: 'flood' }));
    const from = (ip: string) => post(ingest, body, { 'x-forwarded-for': ip });
    const statuses: number[] = [];
    for (let i = 0; i < 8; i++) statuses.push((await from('198.51.100.7')).status);
    expect(statuses).toEqual([202, 202, 202, 202, 202, 429, 429, 429]);
    const limited = await from('198.51.100.7');
    const retryAfter = Number(limited.headers.get('retry-after'));
    expect(retryAfter).toBeGreaterThanOrEqual(1);
    expect(retryAfter).toBeLessThanOrEqual(60);
    expect((await limited.json()).error).toMatch(/at most 5 a minute; retry in \d+ s/);
    // a forged first entry does not make a new client; another real address does
    expect((await post(ingest, body, { 'x-forwarded-for': '1.2.3.4, 198.51.100.7' })).status).toBe(429);
    expect((await from('203.0.113.9')).status).toBe(202);
    expect(ingest.stats()).toMatchObject({ accepted: 6, rateLimited: 5 });
  });
});

describe('the pieces around the handler', () => {
  it('knownPagePatterns serves the cached list, then picks up a new page after its max age', async () => {
    forgetKnownPages(db); // the tests above loaded it already; start from a load this test waits for
    const first = await knownPagePatterns(db, 200);
    expect(first.patterns).toEqual(['/', '/services/[id]', '/services/new']);
    await db.page.create({ data: { path: '/docs/[...slug]', name: 'Docs' } });
    expect((await knownPagePatterns(db, 200)).revision).toBe(first.revision); // fresh enough: no query
    await new Promise((r) => setTimeout(r, 250));
    const stale = await knownPagePatterns(db, 200); // served at once while the reload runs
    expect(stale.revision).toBe(first.revision);
    await new Promise((r) => setTimeout(r, 100));
    const fresh = await knownPagePatterns(db, 200);
    expect(fresh.revision).not.toBe(first.revision);
    expect(fresh.match('/docs/a/b')).toBe('/docs/[...slug]');
    await db.page.delete({ where: { path: '/docs/[...slug]' } });
  });

  it('proxy.ts lets a cookie-less cross-origin beacon through to the route', () => {
    const request = new NextRequest(URL_, { method: 'POST', headers: { origin: SHOP, 'content-type': 'text/plain' }, body: '{}' });
    const response = proxy(request);
    expect(response.status).toBe(200);
    expect(response.headers.get('x-middleware-next')).toBe('1');
  });

  it('the route file exports POST and OPTIONS, rendered dynamically', async () => {
    const route = await import('../../app/api/v1/beacons/route');
    expect(route.dynamic).toBe('force-dynamic');
    const res = await route.OPTIONS(new Request(URL_, { method: 'OPTIONS', headers: { origin: 'http://monitor.test:3000' } }));
    expect(res.status).toBe(204);
    expect(typeof route.POST).toBe('function');
  });
});
