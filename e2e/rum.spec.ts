// Real-user monitoring end to end: a test page of "awoooi-web" on another loopback origin loads this app's
// monitor.js with one script tag; the browser navigates (a load and a client-side navigation to a path nobody
// registered), clicks a button that throws and makes a failing fetch, then leaves. The beacons must land in the
// database and show on the Web Vitals, Unknown pages and Errors pages. Also: this app's own pages report too.
import http from 'node:http';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { query } from './database';

const APP_PORT = Number(process.env.E2E_PORT ?? 3100);
// e2e/serve.mjs allows this origin in RUM_ALLOWED_ORIGINS
const PAGE_PORT = Number(process.env.E2E_RUM_PAGE_PORT ?? 3197);
// letters only, so the Register link proposes the path itself (ids and long tokens with digits become [id])
const RUN = Date.now().toString(36).replace(/\d/g, (d) => 'abcdefghij'[Number(d)]!);
const APP = `e2e-web-${RUN}`;
const UNKNOWN_PATH = `/unregistered-${RUN}`;
const ERROR_MESSAGE = `e2e boom ${Date.now().toString(36)}`;

const testPage = (title: string) => `<!doctype html><html><head><meta charset="utf-8"><title>${title}</title>
<script src="http://127.0.0.1:${APP_PORT}/monitor.js" data-app="${APP}" defer></script></head>
<body><h1>${title}</h1><p>${'Text to paint. '.repeat(50)}</p>
<button id="boom" onclick="throw new Error('${ERROR_MESSAGE}')">Boom</button>
<button id="failing-fetch" onclick="fetch('/api/broken?token=secret').catch(() => {})">Fetch</button>
<button id="go" onclick="history.pushState({}, '', '${UNKNOWN_PATH}')">Go</button></body></html>`;

let server: http.Server;
test.beforeAll(async () => {
  server = http.createServer((req, res) => {
    if (req.url?.startsWith('/api/broken')) return res.writeHead(500).end('broken');
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(testPage(req.url === '/' ? 'Home' : 'Authorizations'));
  });
  await new Promise<void>((resolve) => server.listen(PAGE_PORT, '127.0.0.1', resolve));
});
test.afterAll(async () => {
  await new Promise((resolve) => server?.close(resolve));
});

test('a page with the script tag reports page views, vitals, errors and failed fetches', async ({ browser }) => {
  const context = await browser.newContext(); // no session: the test page is another site
  const page = await context.newPage();
  const hostErrors: string[] = [];
  page.on('pageerror', (e) => hostErrors.push(e.message));
  await page.goto(`http://127.0.0.1:${PAGE_PORT}/`);
  await expect(page.getByRole('heading', { name: 'Home' })).toBeVisible();
  await page.waitForFunction(() => performance.getEntriesByType('paint').length > 0);
  await page.click('#boom');
  await page.click('#failing-fetch');
  await page.click('#go'); // client-side navigation to a path nobody registered
  await page.getByRole('heading').click(); // an interaction, for INP
  await page.goto(`http://127.0.0.1:${PAGE_PORT}/authorizations`); // leaving the page flushes its queue
  await page.goto('about:blank');
  await context.close();
  // the only page error is the one the button throws on purpose: the monitor itself threw nothing
  expect(hostErrors.filter((m) => !m.includes(ERROR_MESSAGE))).toEqual([]);

  await expect
    .poll(async () => (await query<{ kind: string; n: number }>(`SELECT kind, count(*)::int AS n FROM "RumEvent" WHERE app = $1 GROUP BY kind ORDER BY kind`, [APP])).map((r) => r.kind), { timeout: 20_000 })
    .toEqual(['error', 'fetch', 'pageview', 'vital']);
  const views = await query<{ path: string; page: string | null }>(`SELECT path, page FROM "RumEvent" WHERE app = $1 AND kind = 'pageview' ORDER BY "at"`, [APP]);
  expect(views).toEqual([
    { path: '/', page: '/' },
    { path: UNKNOWN_PATH, page: null },
    { path: '/authorizations', page: '/authorizations' },
  ]);
  const vitals = (await query<{ metric: string }>(`SELECT DISTINCT metric FROM "RumEvent" WHERE app = $1 AND kind = 'vital'`, [APP])).map((r) => r.metric);
  expect(vitals).toEqual(expect.arrayContaining(['FCP', 'LCP', 'TTFB']));
  const [failed] = await query<{ url: string; status: number }>(`SELECT url, status FROM "RumEvent" WHERE app = $1 AND kind = 'fetch'`, [APP]);
  expect(failed).toEqual({ url: `http://127.0.0.1:${PAGE_PORT}/api/broken`, status: 500 });
});

test('the beacons show on the Web Vitals, Unknown pages and Errors pages', async ({ page }) => {
  await page.goto('/web-vitals?range=24h');
  await expect(page.getByRole('heading', { level: 1, name: 'Web Vitals' })).toBeVisible();
  // the seed registers `/` as "Dashboard": a page view or two so far, too few samples for a p75
  const dashboard = page.getByRole('row').filter({ has: page.getByRole('rowheader', { name: /Dashboard/ }) });
  await expect(dashboard).toBeVisible();
  await expect(dashboard.getByRole('cell').first()).toHaveText(/^[1-9][0-9]*$/); // page views (roles.spec may add one)
  await expect(dashboard).toContainText(/too few samples/i);

  await page.goto(`/unknown-pages?app=${APP}`);
  const row = page.getByRole('row').filter({ hasText: UNKNOWN_PATH });
  await expect(row).toBeVisible();
  await row.getByRole('link', { name: /Register/ }).click();
  await expect(page).toHaveURL(/\/pages\/new\?/);
  await expect(page.getByRole('textbox', { name: /^Path/ })).toHaveValue(UNKNOWN_PATH);

  await page.goto('/errors?range=24h');
  await expect(page.getByText(ERROR_MESSAGE).first()).toBeVisible();
  await expect(page.getByText('/api/broken').first()).toBeVisible();
});

test("this app's own pages report to its own intake", async ({ page }) => {
  const before = (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "RumEvent" WHERE app = 'awoooi-monitor' AND kind = 'pageview' AND path = '/services'`, []))[0]!.n;
  await page.goto('/services');
  await expect(page.getByRole('heading', { level: 1, name: 'Services' })).toBeVisible();
  // The heading is in the server's HTML; the client starts after hydration (and marks the window it started in).
  // Leaving before that would leave nothing to report.
  await page.waitForFunction(() => (window as unknown as Record<string, unknown>).__awoooiMonitor === 1);
  await page.goto('/coverage'); // a client-side-free full navigation: the /services page is hidden and flushes
  await expect
    .poll(async () => (await query<{ n: number }>(`SELECT count(*)::int AS n FROM "RumEvent" WHERE app = 'awoooi-monitor' AND kind = 'pageview' AND path = '/services'`, []))[0]!.n, { timeout: 20_000 })
    .toBeGreaterThan(before);
});
