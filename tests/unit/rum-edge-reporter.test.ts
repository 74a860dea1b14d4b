// The edge helper's promises: it reports only unknown page loads, once per path per interval, within bounds, never
// throws, and never makes the request wait for the monitor (checked against loopback servers that never answer).
import { afterEach, describe, expect, it } from 'vitest';
import type { RequestLike } from '../../lib/rum/edge/page-request';
import { createUnknownPageReporter, patternsFromPageList, type UnknownPageReporterOptions } from '../../lib/rum/edge/unknown-pages';
import { startMonitorStandIn, type MonitorStandIn } from '../helpers/monitor-stand-in';

const HTML = 'text/html,application/xhtml+xml,*/*;q=0.8';
const PATTERNS = ['/', '/services', '/services/new', '/services/[id]', '/docs/[[...slug]]'];

const page = (path: string, headers: Record<string, string> = {}): RequestLike =>
  new Request(`https://app.example${path}`, { headers: { accept: HTML, ...headers } });

const open: MonitorStandIn[] = [];
async function monitor(handlers: Parameters<typeof startMonitorStandIn>[0] = {}): Promise<MonitorStandIn> {
  const m = await startMonitorStandIn(handlers);
  open.push(m);
  return m;
}
afterEach(async () => {
  await Promise.all(open.splice(0).map((m) => m.close()));
});

function reporter(monitorUrl: string, extra: Partial<UnknownPageReporterOptions> = {}) {
  return createUnknownPageReporter({ monitorUrl, app: 'awoooi-web', pages: PATTERNS, flushSeconds: 3600, ...extra });
}

const sentPaths = (m: MonitorStandIn) => m.beaconBodies().flatMap((b) => (JSON.parse(b) as { events: { path: string }[] }).events.map((e) => e.path));

describe('matching', () => {
  it('queues page loads that match no pattern, and only those', async () => {
    const m = await monitor();
    const r = reporter(m.url);
    for (const path of ['/', '/services', '/services/42', '/services/new/', '/docs', '/docs/a/b', '/servcies', '/services/42/logs', '/old-dashboard']) r.report(page(path));
    r.report(page('/nothing-here', { accept: 'application/json' }));
    expect(r.stats()).toMatchObject({ checked: 9, unknown: 3, queued: 3, patterns: 5 });
    await r.flush();
    expect(sentPaths(m)).toEqual(['/servcies', '/services/42/logs', '/old-dashboard']);
    expect(r.stats()).toMatchObject({ sent: 3, queued: 0, sendErrors: 0 });
  });

  it('leaves ignored paths alone (prefixes, patterns, a predicate)', async () => {
    const m = await monitor();
    const r = reporter(m.url, { ignore: ['/wp-', /\.php$/] });
    for (const path of ['/wp-admin', '/index.php', '/really-unknown']) r.report(page(path));
    const p = reporter(m.url, { ignore: (path) => path.startsWith('/x') });
    p.report(page('/xmlrpc'));
    expect(r.stats().unknown).toBe(1);
    expect(p.stats()).toMatchObject({ checked: 0, unknown: 0 });
  });
});

describe('dedupe and bounds', () => {
  it('reports a path once per dedupe interval', async () => {
    let now = 1_000_000;
    const m = await monitor();
    const r = reporter(m.url, { dedupeSeconds: 60, clock: () => now });
    r.report(page('/gone'));
    r.report(page('/gone'));
    now += 59_000;
    r.report(page('/gone'));
    expect(r.stats()).toMatchObject({ unknown: 1, deduplicated: 2 });
    now += 1_000;
    r.report(page('/gone'));
    expect(r.stats()).toMatchObject({ unknown: 2, deduplicated: 2 });
  });

  it('drops, and counts, what does not fit in the queue', async () => {
    const m = await monitor();
    const r = reporter(m.url, { maxQueue: 3 });
    for (let i = 0; i < 10; i++) r.report(page(`/missing/${i}/x`));
    expect(r.stats()).toMatchObject({ unknown: 3, queued: 3, dropped: 7 });
  });

  it('splits batches by device class and keeps each beacon within its limits', async () => {
    const m = await monitor();
    const r = reporter(m.url, { maxQueue: 1000 });
    for (let i = 0; i < 250; i++) r.report(page(`/m/${i}/x`, { 'sec-ch-ua-mobile': i % 5 === 0 ? '?1' : '?0' }));
    await r.flush();
    await r.flush();
    const beacons = m.beaconBodies().map((b) => JSON.parse(b) as { device: string; events: unknown[] });
    expect(beacons.reduce((n, b) => n + b.events.length, 0)).toBe(250);
    for (const b of beacons) expect(b.events.length).toBeLessThanOrEqual(100);
    expect(beacons.filter((b) => b.device === 'mobile').reduce((n, b) => n + b.events.length, 0)).toBe(50);
  });
});

describe('never throws', () => {
  it('swallows broken requests and a throwing ignore rule', () => {
    const r = reporter('http://127.0.0.1:9', { ignore: () => { throw new Error('boom'); } });
    const broken = { method: 'GET', url: 'https://app.example/x', headers: { get: () => { throw new Error('bad headers'); } } };
    expect(() => r.report(broken)).not.toThrow();
    expect(() => r.report({ method: 'GET', url: 'http://[::1', headers: new Headers() })).not.toThrow();
    expect(() => r.report(page('/fine'))).not.toThrow();
    expect(r.stats().internalErrors).toBe(2);
  });

  it('turns bad options into a reporter that does nothing', () => {
    const warn = console.warn;
    console.warn = () => {};
    try {
      for (const bad of [{ monitorUrl: 'not a url', app: 'web' }, { monitorUrl: 'ftp://127.0.0.1', app: 'web' }, { monitorUrl: 'http://127.0.0.1', app: 'has spaces' }]) {
        const r = createUnknownPageReporter(bad);
        expect(() => r.report(page('/x'))).not.toThrow();
        expect(r.stats().disabled).toMatch(/monitorUrl|app/);
      }
    } finally {
      console.warn = warn;
    }
  });

  it('counts a refused beacon and lets the next visit try again', async () => {
    const m = await monitor({ beacons: () => Response.json({ error: 'no' }, { status: 400 }) });
    const r = reporter(m.url);
    r.report(page('/refused'));
    await r.flush();
    expect(r.stats()).toMatchObject({ sendErrors: 1, dropped: 1, sent: 0 });
    r.report(page('/refused'));
    expect(r.stats()).toMatchObject({ unknown: 2, deduplicated: 0 });
  });
});

describe('never waits for the monitor', () => {
  it('returns at once while the beacon endpoint hangs, and the send times out', async () => {
    const m = await monitor({ beacons: 'hang' });
    // Were report() to wait for the beacon, 1000 calls would take 1000 timeouts; the bound below is one timeout's worth.
    const r = reporter(m.url, { flushSeconds: 0.01, timeoutMs: 1000 });
    const started = performance.now();
    let results: unknown[] = [];
    for (let i = 0; i < 1000; i++) results.push(r.report(page(`/hang/${i % 50}/x`)));
    const elapsed = performance.now() - started;
    results = [...new Set(results)];
    expect(results).toEqual([undefined]);
    expect(elapsed).toBeLessThan(1000);
    await m.waitFor('/api/v1/beacons');
    // Reporting goes on at full speed while the beacon is stuck in flight.
    const during = performance.now();
    for (let i = 0; i < 1000; i++) r.report(page(`/more/${i}/x`));
    expect(performance.now() - during).toBeLessThan(1000);
    await expect.poll(() => r.stats().sendErrors, { timeout: 3000 }).toBeGreaterThan(0);
  });

  it('returns at once while the pattern list hangs, holds a few paths, and checks them when it arrives', async () => {
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const m = await monitor({ pages: async () => (await gate, Response.json({ pages: [{ path: '/known', name: 'Known' }], revision: 'r1' }, { headers: { etag: '"r1"' } })) });
    const r = createUnknownPageReporter({ monitorUrl: m.url, app: 'awoooi-web', flushSeconds: 3600, timeoutMs: 5000 });
    const started = performance.now();
    r.report(page('/known'));
    r.report(page('/unknown-a'));
    r.report(page('/unknown-a'));
    for (let i = 0; i < 200; i++) r.report(page(`/flood/${i}/x`));
    expect(performance.now() - started).toBeLessThan(1000);
    expect(r.stats()).toMatchObject({ patterns: null, held: 100, unknown: 0, dropped: 102, deduplicated: 1 });
    await m.waitFor('/api/v1/registry/pages');
    release();
    await expect.poll(() => r.stats().patterns).toBe(1);
    expect(r.stats()).toMatchObject({ held: 0, unknown: 99, revision: 'r1' });
  });

  it('starts no fetch on the caller\'s stack', async () => {
    const m = await monitor({ pages: 'hang' });
    const r = createUnknownPageReporter({ monitorUrl: m.url, app: 'awoooi-web', timeoutMs: 200 });
    // The real fetch, counted: the first call must come from a timer, after report() has returned.
    const realFetch = globalThis.fetch;
    const calls: string[] = [];
    globalThis.fetch = (input, init) => (calls.push(String(input)), realFetch(input, init));
    try {
      r.report(page('/x'));
      expect(calls).toEqual([]);
      await m.waitFor('/api/v1/registry/pages');
      expect(calls).toEqual([`${m.url}/api/v1/registry/pages`]);
    } finally {
      globalThis.fetch = realFetch;
    }
    await expect.poll(() => r.stats().refreshErrors, { timeout: 3000 }).toBe(1);
  });
});

describe('patternsFromPageList', () => {
  it('takes the paths of a page list and refuses anything else', () => {
    expect(patternsFromPageList({ pages: [{ path: '/', name: 'Home' }, { path: '/a/[id]', name: 'A' }], revision: 'x' })).toEqual(['/', '/a/[id]']);
    expect(patternsFromPageList({ pages: [{ path: 'no-slash' }] })).toBeNull();
    expect(patternsFromPageList({ error: 'sign in' })).toBeNull();
    expect(patternsFromPageList(null)).toBeNull();
  });
});
