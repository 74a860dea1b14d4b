// The database goes away while beacons keep coming: a loopback TCP proxy between the intake and the real
// PostgreSQL is cut (connections destroyed, port closed) and later restored. Meanwhile every beacon is still
// answered 202 quickly, the buffer never holds more than its maximum, what does not fit is counted as dropped,
// and after the restore everything accepted and not dropped is in the database: accepted = stored + dropped.
import net from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { ingestConfig } from '../../lib/rum/ingest/config';
import { handleBeaconRequest } from '../../lib/rum/ingest/handler';
import { FIRST_PAGES_WAIT_MS, RumIngest } from '../../lib/rum/ingest/ingest';
import { startCuttableProxy, type CuttableProxy } from '../helpers/tcp-cut-proxy';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const EVENTS_PER_BEACON = 20;
const BUFFER_MAX = 1_500;

let t: TestDatabase;
let proxy: CuttableProxy;
let viaProxy: Db;
const logged: string[] = [];

beforeAll(async () => {
  t = await createTestDatabase();
  await t.db.page.create({ data: { path: '/items/[id]', name: 'Item' } });
  proxy = await startCuttableProxy(Number(new URL(t.url).port || 5432));
  viaProxy = createDb(proxy.via(t.url), 2);
});
afterAll(async () => {
  await viaProxy?.$disconnect();
  await proxy?.close();
  await t?.drop();
});

let beaconNo = 0;
function beaconBody(): string {
  const now = Date.now();
  const view = `outage-${beaconNo++}`;
  const events = Array.from({ length: EVENTS_PER_BEACON }, (_, i) =>
    i === 0 ? { t: 'pageview', path: `/items/${beaconNo}`, at: now } : { t: 'vital', path: `/items/${beaconNo}`, at: now, name: 'TTFB', value: i },
  );
  return JSON.stringify({ v: 1, app: 'outage', view, device: 'desktop', rate: 1, sent: now, events });
}

it('keeps answering 202 fast through an outage, stays bounded, and catches up afterwards', async () => {
  const { config } = ingestConfig({ RUM_BUFFER_MAX_EVENTS: String(BUFFER_MAX), RUM_FLUSH_ROWS: '200', RUM_FLUSH_INTERVAL_MS: '50' });
  const ingest = new RumIngest({
    config: { ...config, ratePerMinute: 0 },
    database: () => viaProxy,
    buffer: { backoff: { firstMs: 50, maxMs: 300 }, writeTimeoutMs: 3_000, log: (m) => logged.push(m) },
  });
  let slowest = 0;
  let maxBuffered = 0;
  const send = async () => {
    const started = performance.now();
    const res = await handleBeaconRequest(
      new Request('http://monitor.test/api/v1/beacons', { method: 'POST', body: beaconBody(), headers: { 'content-type': 'text/plain' } }),
      ingest,
    );
    slowest = Math.max(slowest, performance.now() - started);
    maxBuffered = Math.max(maxBuffered, ingest.stats().buffered);
    expect(res.status).toBe(202);
    return (await res.json()) as { accepted: number; dropped?: number };
  };

  // 1. database up: stored as they come (and the page list is loaded)
  for (let i = 0; i < 10; i++) await send();
  await ingest.buffer.drained();
  expect(ingest.stats()).toMatchObject({ accepted: 200, stored: 200, dropped: 0 });
  expect(await t.db.rumEvent.count({ where: { page: '/items/[id]' } })).toBe(200);

  // 2. cut: beacons keep coming, for longer than a few retries, and more than the buffer holds
  await proxy.cut();
  slowest = 0;
  let droppedSeen = 0;
  for (let i = 0; i < 150; i++) {
    droppedSeen += (await send()).dropped ?? 0;
    if (i % 10 === 0) await new Promise((r) => setTimeout(r, 20));
  }
  await new Promise((r) => setTimeout(r, 1_000)); // several retries (backoff up to 300 ms) against the closed port
  const during = ingest.stats();
  expect(slowest).toBeLessThan(250); // the handler never waits for the missing database
  expect(maxBuffered).toBeLessThanOrEqual(BUFFER_MAX);
  expect(during.buffered).toBe(BUFFER_MAX);
  expect(during.dropped).toBe(150 * EVENTS_PER_BEACON - BUFFER_MAX);
  expect(droppedSeen).toBe(during.dropped); // the 202s said so too
  expect(during.lastFlushError).not.toBeNull();
  expect(during.stored).toBe(200);
  expect(logged.some((m) => m.includes('failed'))).toBe(true);

  // 3. restore: the buffer drains by itself (no beacon needed to trigger it), nothing accepted is lost
  await proxy.restore();
  const deadline = Date.now() + 20_000;
  while (ingest.stats().buffered > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
  const after = ingest.stats();
  expect(after.buffered).toBe(0);
  expect(after.lastFlushError).toBeNull();
  expect(after.accepted).toBe(160 * EVENTS_PER_BEACON);
  expect(after.accepted).toBe(after.stored + after.dropped);
  expect(await t.db.rumEvent.count({ where: { app: 'outage' } })).toBe(after.stored);
  // the RumPath page views agree with the stored page views
  const hits = await t.db.rumPath.aggregate({ where: { app: 'outage' }, _sum: { hits: true } });
  expect(hits._sum.hits).toBe(await t.db.rumEvent.count({ where: { app: 'outage', kind: 'pageview' } }));
  expect(logged.some((m) => m.includes('takes events again'))).toBe(true);

  // 4. and the intake goes on as normal
  await send();
  await ingest.buffer.drained();
  expect(ingest.stats().stored).toBe(after.stored + EVENTS_PER_BEACON);
});

it('with a database that never answers from the start, only the first seconds wait for the page list', async () => {
  // accepts connections and says nothing: the worst kind of outage (no refusal to fail fast on)
  const silent = net.createServer(() => {});
  await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', () => resolve()));
  const hung = createDb(`postgresql://postgres@127.0.0.1:${(silent.address() as net.AddressInfo).port}/nowhere`, 1);
  const { config } = ingestConfig({ RUM_RATE_LIMIT_PER_MINUTE: '0' });
  const ingest = new RumIngest({ config, database: () => hung, buffer: { log: () => {} } });
  const timed = async () => {
    const started = performance.now();
    const res = await handleBeaconRequest(
      new Request('http://monitor.test/api/v1/beacons', { method: 'POST', body: beaconBody(), headers: { 'content-type': 'text/plain' } }),
      ingest,
    );
    expect(res.status).toBe(202);
    return performance.now() - started;
  };
  try {
    const first = await timed();
    expect(first).toBeGreaterThan(FIRST_PAGES_WAIT_MS - 100);
    expect(first).toBeLessThan(FIRST_PAGES_WAIT_MS + 1_000);
    for (let i = 0; i < 5; i++) expect(await timed()).toBeLessThan(100);
    expect(ingest.stats()).toMatchObject({ accepted: 6 * EVENTS_PER_BEACON, buffered: 6 * EVENTS_PER_BEACON });
  } finally {
    silent.close();
    void hung.$disconnect();
  }
});
