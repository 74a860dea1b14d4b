// The built monitor.js in a real browser (Debian's chromium through Playwright's library): a test page on one
// loopback port loads it, a beacon receiver on another port answers CORS the way POST /api/v1/beacons does, and
// what arrives must parse as beacons and say what happened on the page, and nothing more.
import fs from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { chromium, type Browser, type BrowserContext, type Page } from '@playwright/test';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseBeacon, type Beacon } from '../../lib/rum/beacon';
import { buildClient } from '../../scripts/build-client.mjs';

interface Received {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

const MARK = 'secret-token-123'; // in query strings and fragments: must never reach a beacon
let outDir: string;
let monitorJs: Buffer;
let browser: Browser;
let pageServer: http.Server;
let receiver: http.Server;
let pageOrigin: string;
let receiverOrigin: string;
let endpoint: string;
let closedOrigin: string;
const received: Received[] = [];

function listen(handler: http.RequestListener): Promise<http.Server> {
  const server = http.createServer(handler);
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}
const originOf = (server: http.Server) => `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

function pageHtml(scriptTag: string): string {
  return `<!doctype html><html><head><meta charset="utf-8"><title>RUM test page</title>
<script>
  // The host app's own fetch layer, installed before the monitor: shows what the monitor passes on to it.
  window.nativeFetch = window.fetch;
  window.hostFetchCalls = [];
  window.hostFetch = function (input, init) {
    const promise = window.nativeFetch.call(window, input, init);
    window.hostFetchCalls.push({ self: this, promise });
    return promise;
  };
  window.fetch = window.hostFetch;
</script>
${scriptTag}
</head><body><h1>Real-user monitoring test page</h1><p>${'Some text to paint. '.repeat(40)}</p>
<button id="boom" onclick="throw new Error('boom from button')">Boom</button></body></html>`;
}

beforeAll(async () => {
  outDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rum-client-'));
  const size = await buildClient({ outfile: path.join(outDir, 'monitor.js') });
  expect(size.gzipBytes).toBeLessThanOrEqual(size.budget);
  monitorJs = fs.readFileSync(size.outfile);

  receiver = await listen((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      const cors = { 'access-control-allow-origin': req.headers.origin ?? '*', vary: 'Origin' };
      if (req.url === '/set-cookie') return res.writeHead(200, { 'set-cookie': 'session=cookie-value; Path=/' }).end('set');
      if (req.url === '/monitor.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(monitorJs);
      if (req.url?.startsWith('/api/v1/beacons')) {
        if (req.method === 'OPTIONS') {
          return res.writeHead(204, { ...cors, 'access-control-allow-methods': 'POST', 'access-control-allow-headers': 'content-type' }).end();
        }
        return res.writeHead(req.method === 'POST' ? 202 : 405, cors).end();
      }
      res.writeHead(200, cors).end('ok');
    });
  });
  receiverOrigin = originOf(receiver);
  endpoint = `${receiverOrigin}/api/v1/beacons`;

  const closed = await listen(() => {});
  closedOrigin = originOf(closed);
  await new Promise((resolve) => closed.close(resolve));

  pageServer = await listen((req, res) => {
    const url = new URL(req.url ?? '/', 'http://page');
    if (url.pathname === '/monitor.js') return res.writeHead(200, { 'content-type': 'text/javascript' }).end(monitorJs);
    if (url.pathname === '/api/fail') return res.writeHead(500, { 'content-type': 'text/plain' }).end('fail body');
    const html = (tag: string) => res.writeHead(200, { 'content-type': 'text/html' }).end(pageHtml(tag));
    if (url.pathname.startsWith('/app/')) return html(`<script src="/monitor.js" data-app="rum-test" data-endpoint="${endpoint}" defer></script>`);
    if (url.pathname.startsWith('/unsampled/')) {
      return html(`<script src="/monitor.js" data-app="rum-unsampled" data-endpoint="${endpoint}" data-sample-rate="0.0000001" defer></script>`);
    }
    // As documented for other apps: the script from the monitor's origin, which is also the default endpoint's.
    if (url.pathname.startsWith('/default/')) return html(`<script src="${receiverOrigin}/monitor.js" data-app="rum-default" defer></script>`);
    res.writeHead(404).end();
  });
  pageOrigin = originOf(pageServer);

  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await Promise.all([pageServer, receiver].map((s) => s && new Promise((resolve) => s.close(resolve))));
  if (outDir) fs.rmSync(outDir, { recursive: true, force: true });
});

const beaconPosts = () => received.filter((r) => r.method === 'POST' && r.url === '/api/v1/beacons');

function beaconsOf(app: string): Beacon[] {
  return beaconPosts()
    .map((r) => parseBeacon(r.body))
    .map((parsed) => {
      if (!parsed.ok) throw new Error(`a beacon did not parse: ${parsed.problems.join('; ')}`);
      return parsed.beacon;
    })
    .filter((b) => b.app === app);
}

async function waitFor<T>(what: string, probe: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** A page whose uncaught exceptions are collected (the host's own, thrown on purpose, and any from the client). */
async function openPage(context: BrowserContext, url: string): Promise<{ page: Page; exceptions: string[] }> {
  const page = await context.newPage();
  const exceptions: string[] = [];
  page.on('pageerror', (e) => exceptions.push(e.message));
  await page.goto(url, { waitUntil: 'load' });
  return { page, exceptions };
}

describe('monitor.js in a real browser', () => {
  it('reports page views, vitals, errors and failed fetches, cookie-free and without query strings, and leaves the page alone', async () => {
    const context = await browser.newContext();
    // A cookie on the receiver's origin, which a same-site request with credentials would carry.
    const setCookie = await context.newPage();
    await setCookie.goto(`${receiverOrigin}/set-cookie`);
    await setCookie.close();
    expect((await context.cookies(receiverOrigin)).map((c) => c.name)).toEqual(['session']);

    const { page, exceptions } = await openPage(context, `${pageOrigin}/app/start?token=${MARK}#${MARK}`);
    await page.waitForFunction(() => window.fetch !== (window as unknown as { hostFetch: unknown }).hostFetch);

    // The host's fetches, through the monitor and straight to the browser: the same outcome either way.
    const fetches = await page.evaluate(
      async ({ failUrl, closedUrl, probeUrl, cookieCheckUrl }) => {
        const w = window as unknown as { nativeFetch: typeof fetch; hostFetchCalls: { self: unknown; promise: unknown }[] };
        const outcome = async (p: Promise<Response>) => {
          try {
            const r = await p;
            return { status: r.status, body: await r.text() };
          } catch (e) {
            return { error: `${(e as Error).name}: ${(e as Error).message}` };
          }
        };
        const marker = { marker: true };
        const viaMonitor = window.fetch.call(marker, failUrl);
        const last = w.hostFetchCalls.at(-1)!;
        const same = { promise: last.promise === viaMonitor, self: last.self === marker };
        const monitored = {
          fail: await outcome(viaMonitor),
          closed: await outcome(fetch(closedUrl)),
          request: await outcome(fetch(new Request(failUrl, { method: 'DELETE' }))),
          probe: await outcome(fetch(probeUrl)),
        };
        const native = {
          fail: await outcome(w.nativeFetch(failUrl)),
          closed: await outcome(w.nativeFetch(closedUrl)),
          request: await outcome(w.nativeFetch(new Request(failUrl, { method: 'DELETE' }))),
          probe: await outcome(w.nativeFetch(probeUrl)),
        };
        // Shows the cookie is there to be sent: a credentialed request carries it.
        await w.nativeFetch(cookieCheckUrl, { credentials: 'include' }).catch(() => {});
        return { same, monitored, native };
      },
      {
        failUrl: `${pageOrigin}/api/fail?token=${MARK}#${MARK}`,
        closedUrl: `${closedOrigin}/nothing?token=${MARK}`,
        probeUrl: `${endpoint}?probe=${MARK}`,
        cookieCheckUrl: `${receiverOrigin}/cookie-check`,
      },
    );
    expect(fetches.same).toEqual({ promise: true, self: true });
    expect(fetches.monitored).toEqual(fetches.native);
    expect(fetches.monitored.fail).toEqual({ status: 500, body: 'fail body' });
    expect(fetches.monitored.closed).toEqual({ error: 'TypeError: Failed to fetch' });
    expect(received.find((r) => r.url === '/cookie-check')?.headers.cookie).toBe('session=cookie-value');

    // Client-side navigation: one new page view; a replace on the same path is not another.
    await page.evaluate((mark) => {
      history.pushState({}, '', `/app/next?user=${mark}`);
      history.replaceState({ scroll: 1 }, '', `/app/next?user=${mark}&tab=2`);
      history.replaceState({}, '', `/app/next#${mark}`);
    }, MARK);
    await page.click('#boom');
    await page.evaluate((mark) => {
      void Promise.reject(new Error(`rejected loading https://api.example.test/items?token=${mark}`));
    }, MARK);
    await waitFor('both exceptions', () => exceptions.length >= 2 || undefined);

    // Hiding the page (closing it) sends what is queued.
    await page.close({ runBeforeUnload: true });
    const beacons = await waitFor('the LCP vital', () => {
      const found = beaconsOf('rum-test');
      return found.some((b) => b.events.some((e) => e.t === 'vital' && e.name === 'LCP')) && found;
    });
    await context.close();

    // The host saw its own two exceptions and nothing from the client.
    expect(exceptions.sort()).toEqual(['boom from button', `rejected loading https://api.example.test/items?token=${MARK}`]);

    const posts = beaconPosts();
    for (const post of posts) {
      expect(post.headers.cookie).toBeUndefined();
      expect(post.headers['content-type']).toBe('text/plain;charset=UTF-8');
      expect(post.headers.origin).toBe(pageOrigin);
      expect(post.body).not.toContain(MARK);
      expect(post.body).not.toContain('?');
    }
    expect(received.filter((r) => r.method === 'OPTIONS')).toEqual([]); // text/plain: no preflight

    expect(new Set(beacons.map((b) => b.view)).size).toBe(1);
    expect(beacons[0]).toMatchObject({ v: 1, app: 'rum-test', device: 'desktop', rate: 1 });
    const events = beacons.flatMap((b) => b.events);

    expect(events.filter((e) => e.t === 'pageview').map((e) => [e.path, e.nav])).toEqual([
      ['/app/start', 'load'],
      ['/app/next', 'route'],
    ]);

    const vitals = events.filter((e) => e.t === 'vital');
    expect(vitals.map((v) => v.name)).toEqual(expect.arrayContaining(['FCP', 'TTFB', 'LCP']));
    expect(vitals.every((v) => v.path === '/app/start')).toBe(true);

    const errors = events.filter((e) => e.t === 'error');
    const boom = errors.find((e) => e.source === 'error');
    expect(boom?.message).toContain('boom from button');
    expect(boom?.stack).toContain('boom from button');
    expect(boom?.stack).toMatch(/onclick/);
    expect(boom?.path).toBe('/app/next');
    const rejection = errors.find((e) => e.source === 'rejection');
    expect(rejection?.message).toBe('rejected loading https://api.example.test/items');
    expect(rejection?.stack).toContain('rejected loading');

    const failed = events.filter((e) => e.t === 'fetch').map((e) => ({ method: e.method, url: e.url, status: e.status }));
    expect(failed).toEqual([
      { method: 'GET', url: `${pageOrigin}/api/fail`, status: 500 },
      { method: 'GET', url: `${closedOrigin}/nothing`, status: 0 },
      { method: 'DELETE', url: `${pageOrigin}/api/fail`, status: 500 },
    ]);
    // The endpoint's own 405 (the probe) is never reported, and neither are the beacons.
    expect(events.filter((e) => e.t === 'fetch' && e.url.startsWith(receiverOrigin))).toEqual([]);
  });

  it('sends what is queued when the page is hidden, and each vital once however often it is hidden', async () => {
    const context = await browser.newContext();
    const { page, exceptions } = await openPage(context, `${pageOrigin}/app/hidden`);
    await page.waitForFunction(() => window.fetch !== (window as unknown as { hostFetch: unknown }).hostFetch);
    // The browser's own visibility cannot be toggled here; what web-vitals and the client read of it can.
    const setVisibility = (state: 'hidden' | 'visible') =>
      page.evaluate((s) => {
        Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => s });
        document.dispatchEvent(new Event('visibilitychange', { bubbles: true }));
      }, state);
    const shiftLayout = (px: number) =>
      page.evaluate(async (height) => {
        const block = document.createElement('div');
        block.style.height = `${height}px`;
        document.body.prepend(block);
        await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      }, px);
    const views = () => beaconsOf('rum-test').filter((b) => b.events.some((e) => e.t === 'pageview' && e.path === '/app/hidden'));

    await shiftLayout(100);
    await setVisibility('hidden');
    // Well before the 10 s timer would have sent it.
    const [first] = await waitFor('a beacon sent on hide', () => views().length > 0 && views(), 3_000);
    const cls = first!.events.find((e) => e.t === 'vital' && e.name === 'CLS');
    expect(cls).toBeDefined();

    // Back, a larger shift (web-vitals reports CLS again), hidden again, then gone.
    await setVisibility('visible');
    await shiftLayout(400);
    await setVisibility('hidden');
    await page.close({ runBeforeUnload: true });
    await new Promise((r) => setTimeout(r, 1_000));
    await context.close();

    const vitals = beaconsOf('rum-test')
      .filter((b) => b.view === first!.view)
      .flatMap((b) => b.events)
      .filter((e) => e.t === 'vital');
    expect(vitals.filter((v) => v.name === 'CLS')).toEqual([cls]);
    const names = vitals.map((v) => v.name);
    expect(new Set(names).size).toBe(names.length);
    expect(exceptions).toEqual([]);
  });

  it('sends a full queue at once, while the page stays open', async () => {
    const context = await browser.newContext();
    const { page } = await openPage(context, `${pageOrigin}/app/busy`);
    await page.waitForFunction(() => window.fetch !== (window as unknown as { hostFetch: unknown }).hostFetch);
    await page.evaluate(async (failUrl) => {
      for (let i = 0; i < 60; i++) await fetch(`${failUrl}?i=${i}`);
    }, `${pageOrigin}/api/fail`);
    const beacon = await waitFor(
      'a beacon of 50 events',
      () => beaconsOf('rum-test').find((b) => b.events.some((e) => e.t === 'pageview' && e.path === '/app/busy') && b.events.length >= 50),
      3_000,
    );
    expect(beacon.events).toHaveLength(50);
    await context.close();
  });

  it('sends to the script\'s own origin by default', async () => {
    const context = await browser.newContext();
    const { page, exceptions } = await openPage(context, `${pageOrigin}/default/start`);
    await page.waitForFunction(() => window.fetch !== (window as unknown as { hostFetch: unknown }).hostFetch);
    await page.close({ runBeforeUnload: true });
    const beacons = await waitFor('a beacon from rum-default', () => beaconsOf('rum-default').length > 0 && beaconsOf('rum-default'));
    await context.close();
    expect(beacons[0]!.events[0]).toMatchObject({ t: 'pageview', path: '/default/start', nav: 'load' });
    expect(exceptions).toEqual([]);
  });

  it('sends nothing, and wraps nothing, from a page load that is not sampled', async () => {
    const before = beaconPosts().length;
    const context = await browser.newContext();
    const { page, exceptions } = await openPage(context, `${pageOrigin}/unsampled/start`);
    const state = await page.evaluate(async (failUrl) => {
      const w = window as unknown as { hostFetch: unknown; __awoooiMonitor?: number };
      history.pushState({}, '', '/unsampled/next');
      await fetch(failUrl);
      return {
        // The script ran (it marks the page before deciding), and decided against this page load.
        ran: w.__awoooiMonitor === 1,
        fetchUntouched: window.fetch === w.hostFetch,
        historyUntouched: /native code/.test(String(history.pushState)),
      };
    }, `${pageOrigin}/api/fail`);
    await page.click('#boom');
    await page.close({ runBeforeUnload: true });
    await context.close();
    await new Promise((r) => setTimeout(r, 1_500));
    expect(state).toEqual({ ran: true, fetchUntouched: true, historyUntouched: true });
    expect(exceptions).toEqual(['boom from button']);
    expect(beaconsOf('rum-unsampled')).toEqual([]);
    expect(beaconPosts().length).toBe(before);
  });
});
