// The beacon fast path server.mjs puts ahead of Next (lib/rum/ingest/node-intake.ts), on a real Node HTTP server on
// loopback: every answer equals the Next route's for the same request (same status, body and headers), and what is
// its own: keying by the socket address, refusing a streamed body without reading it, 405, a bug answered 500 and
// counted, the final flush.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { register } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BEACON_LIMITS } from '../../lib/rum/beacon';
import { ingestConfig, type IngestConfig } from '../../lib/rum/ingest/config';
import { handleBeaconPreflight, handleBeaconRequest } from '../../lib/rum/ingest/handler';
import { RumIngest } from '../../lib/rum/ingest/ingest';
import { BEACONS_PATH, beaconFastPath, publishBeaconFastPath, serveBeacon } from '../../lib/rum/ingest/node-intake';
import { createTestDatabase, type Db } from '../helpers/test-database';

const SHOP = 'https://shop.example.com';
let db: Db;
let drop: () => Promise<void>;
let server: http.Server;
let base: string;
/** The intake the test server answers with (each test sets its own). */
let current: RumIngest;

function config(over: Partial<IngestConfig> = {}): IngestConfig {
  return { ...ingestConfig({ RUM_ALLOWED_ORIGINS: SHOP }).config, ratePerMinute: 10_000, flushIntervalMs: 20, ...over };
}
const newIngest = (over: Partial<IngestConfig> = {}) => new RumIngest({ config: config(over), database: () => db, buffer: { log: () => {} } });

function beacon(events: unknown[], over: Record<string, unknown> = {}) {
  return JSON.stringify({ v: 1, app: 'node-intake', view: 'view-n', device: 'desktop', rate: 1, sent: Date.now(), events, ...over });
}
const pageview = (over: Record<string, unknown> = {}) => beacon([{ t: 'pageview', path: '/', at: Date.now() }], over);

interface Sent {
  method?: string;
  headers?: Record<string, string>;
  body?: string;
}
interface Seen {
  status: number;
  body: unknown;
  headers: Record<string, string | null>;
}
const COMPARED_HEADERS = ['access-control-allow-origin', 'access-control-allow-methods', 'access-control-allow-headers', 'access-control-max-age', 'access-control-allow-credentials', 'vary', 'cache-control', 'retry-after', 'allow'];

async function seen(res: Response): Promise<Seen> {
  const text = await res.text();
  return {
    status: res.status,
    body: text ? JSON.parse(text) : null,
    headers: Object.fromEntries(COMPARED_HEADERS.map((h) => [h, res.headers.get(h)])),
  };
}

/** Over HTTP to the fast path. */
async function viaNode(ingest: RumIngest, sent: Sent, path = BEACONS_PATH): Promise<Seen & { raw: Response }> {
  current = ingest;
  const raw = await fetch(`${base}${path}`, { method: sent.method ?? 'POST', headers: sent.headers, body: sent.body });
  return { ...(await seen(raw.clone())), raw };
}

/** To the route's handler, with the headers `next start` adds: X-Forwarded-For from the socket when absent. */
async function viaRoute(ingest: RumIngest, sent: Sent): Promise<Seen> {
  const headers = { 'x-forwarded-for': '127.0.0.1', ...sent.headers };
  const request = new Request(`${base}${BEACONS_PATH}`, { method: sent.method ?? 'POST', headers, body: sent.body });
  return seen(await (request.method === 'OPTIONS' ? handleBeaconPreflight(request, ingest) : handleBeaconRequest(request, ingest)));
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  await db.page.create({ data: { path: '/', name: 'Home' } });
  server = http.createServer((req, res) => void serveBeacon(req, res, current));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await drop();
});

describe('the same answers as the route', () => {
  const text = { 'content-type': 'text/plain;charset=UTF-8' };
  const cases: Array<[string, Sent]> = [
    ['202 from an allowed origin', { headers: { ...text, origin: SHOP }, body: pageview() }],
    ['202 from its own origin (the Host it was sent to)', { headers: { ...text, origin: 'ORIGIN' }, body: pageview() }],
    ['202 without Origin (curl, a server)', { headers: { 'content-type': 'application/json' }, body: pageview() }],
    ['202 with events too old to keep', { headers: text, body: beacon([{ t: 'pageview', path: '/', at: Date.now() - BEACON_LIMITS.maxAgeMs - 60_000 }]) }],
    ['403 from another origin', { headers: { ...text, origin: 'https://evil.example' }, body: pageview() }],
    ['403 for Origin: null', { headers: { ...text, origin: 'null' }, body: pageview() }],
    ['415 for a form', { headers: { 'content-type': 'application/x-www-form-urlencoded', origin: SHOP }, body: 'v=1' }],
    ['415 without a content type', { headers: { origin: SHOP }, body: undefined }],
    ['413 for a declared length over the limit', { headers: text, body: 'x'.repeat(BEACON_LIMITS.bodyBytes + 1) }],
    ['400 for an invalid beacon', { headers: { ...text, origin: SHOP }, body: beacon([{ t: 'vital', path: '/', at: 1, name: 'FID', value: 1 }], { extra: 1 }) }],
    ['400 for text that is not JSON', { headers: text, body: '{"v":1,' }],
    ['204 preflight for an allowed origin', { method: 'OPTIONS', headers: { origin: SHOP, 'access-control-request-method': 'POST' } }],
    ['403 preflight for another origin', { method: 'OPTIONS', headers: { origin: 'https://evil.example' } }],
  ];
  it.each(cases)('%s', async (_, sent) => {
    const resolved = { ...sent, headers: Object.fromEntries(Object.entries(sent.headers ?? {}).map(([k, v]) => [k, v === 'ORIGIN' ? base : v])) };
    const node = await viaNode(newIngest(), resolved);
    const route = await viaRoute(newIngest(), resolved);
    expect({ status: node.status, body: node.body, headers: node.headers }).toEqual(route);
    if (node.body !== null) expect(node.raw.headers.get('content-type')).toBe('application/json');
  });

  it('429 after the same number of beacons, with the same Retry-After', async () => {
    const sequence = async (send: (ingest: RumIngest, sent: Sent) => Promise<Seen>) => {
      const ingest = newIngest({ ratePerMinute: 3 });
      const answers: Seen[] = [];
      for (let i = 0; i < 5; i++) answers.push(await send(ingest, { headers: { 'content-type': 'text/plain' }, body: pageview() }));
      return answers.map((a) => [a.status, a.headers['retry-after']]);
    };
    const node = await sequence(async (i, s) => viaNode(i, s));
    expect(node).toEqual(await sequence(viaRoute));
    expect(node.map(([status]) => status)).toEqual([202, 202, 202, 429, 429]);
  });
});

describe('what is its own', () => {
  it('keys the rate limit by the socket address when no X-Forwarded-For came, as Next would', async () => {
    const ingest = newIngest({ ratePerMinute: 2 });
    const post = (headers: Record<string, string> = {}) => viaNode(ingest, { headers: { 'content-type': 'text/plain', ...headers }, body: pageview() });
    expect([(await post()).status, (await post()).status, (await post()).status]).toEqual([202, 202, 429]);
    // The same key as a request that came through one proxy from 127.0.0.1.
    expect((await post({ 'x-forwarded-for': '127.0.0.1' })).status).toBe(429);
    expect((await post({ 'x-forwarded-for': '203.0.113.9' })).status).toBe(202);
  });

  it('refuses a streamed body over the limit without reading it all, and closes the connection', async () => {
    current = newIngest();
    const total = 10 * 1024 * 1024;
    const { status, connection, written } = await new Promise<{ status: number; connection?: string; written: number }>((resolve, reject) => {
      let written = 0;
      const request = http.request(`${base}${BEACONS_PATH}`, { method: 'POST', headers: { 'content-type': 'text/plain' } });
      request.on('error', reject);
      request.on('response', (response) => {
        response.resume();
        resolve({ status: response.statusCode!, connection: response.headers.connection, written });
        request.destroy();
      });
      const chunk = Buffer.alloc(16 * 1024, 0x20);
      const pump = () => {
        while (written < total) {
          written += chunk.length;
          if (!request.write(chunk)) return void request.once('drain', pump);
        }
        request.end();
      };
      pump();
    });
    expect(status).toBe(413);
    expect(connection).toBe('close');
    expect(written).toBeLessThan(total);
  });

  it('answers 405 with Allow for other methods', async () => {
    const res = await viaNode(newIngest(), { method: 'GET' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('POST, OPTIONS');
    expect(res.body).toEqual({ error: 'method GET: beacons are sent with POST' });
  });

  it('matches the beacon path with or without a query string, and nothing else', () => {
    const fastPath = publishBeaconFastPath(newIngest(), () => {});
    expect([BEACONS_PATH, `${BEACONS_PATH}?app=x`].map((u) => fastPath.matches(u))).toEqual([true, true]);
    expect([`${BEACONS_PATH}/`, `${BEACONS_PATH}x`, '/api/v1/beacon', '/', undefined].map((u) => fastPath.matches(u))).toEqual([false, false, false, false, false]);
    expect(beaconFastPath()).toBe(fastPath);
  });
});

describe('the published fast path', () => {
  async function counted(status: number): Promise<number> {
    const metric = await register.getSingleMetric('http_requests_total')?.get();
    return metric?.values.find((v) => v.labels.path === BEACONS_PATH && v.labels.method === 'POST' && v.labels.status === String(status))?.value ?? 0;
  }

  async function serveOnce(fastPath: ReturnType<typeof publishBeaconFastPath>, body: string) {
    const one = http.createServer((req, res) => void fastPath.serve(req, res));
    await new Promise<void>((resolve) => one.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(one.address() as AddressInfo).port}${BEACONS_PATH}`;
      return await fetch(url, { method: 'POST', headers: { 'content-type': 'text/plain' }, body });
    } finally {
      one.closeAllConnections();
      await new Promise((resolve) => one.close(resolve));
    }
  }

  it('counts each beacon in http_requests_total like the route wrapper does', async () => {
    const before = await counted(202);
    const res = await serveOnce(publishBeaconFastPath(newIngest(), () => {}), pageview());
    expect(res.status).toBe(202);
    expect(await counted(202)).toBe(before + 1);
  });

  it('answers 500 for an error it did not expect, reports it, counts it, and keeps serving', async () => {
    const ingest = newIngest();
    const failing = Object.assign(Object.create(ingest) as RumIngest, {
      allow: async () => {
        throw new Error('limiter broke');
      },
    });
    const reported: unknown[] = [];
    const before = await counted(500);
    const res = await serveOnce(publishBeaconFastPath(failing, (e) => reported.push(e)), pageview());
    expect(res.status).toBe(500);
    expect(res.headers.get('connection')).toBe('close');
    expect(await res.json()).toEqual({ error: 'the beacon could not be taken: see the server log' });
    expect(reported).toEqual([new Error('limiter broke')]);
    expect(await counted(500)).toBe(before + 1);
    expect((await serveOnce(publishBeaconFastPath(ingest, () => {}), pageview())).status).toBe(202);
  });

  it('close() stores what is buffered (the shutdown flush server.mjs waits for)', async () => {
    const ingest = newIngest({ flushIntervalMs: 60_000, flushRows: 10_000 });
    const res = await serveOnce(publishBeaconFastPath(ingest, () => {}), pageview({ view: 'closing' }));
    expect(res.status).toBe(202);
    expect(await db.rumEvent.count({ where: { view: 'closing' } })).toBe(0);
    await beaconFastPath()!.close();
    expect(await db.rumEvent.count({ where: { view: 'closing' } })).toBe(1);
    expect(ingest.stats()).toMatchObject({ accepted: 1, stored: 1, buffered: 0, dropped: 0 });
  });
});
