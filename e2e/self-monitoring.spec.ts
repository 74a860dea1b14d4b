// Self-monitoring against the production build: pages are counted in GET /metrics by route pattern with the status
// they were answered with, and errors reach Sentry (a loopback stand-in on a fixed port): one thrown in the browser,
// and server-side ones from a second server (server.mjs) of the same build whose auth is misconfigured (a real error path:
// every request that needs auth throws), since the correctly configured app has no page or route that throws.
//
// Needs the e2e server started with (e2e/serve.mjs):
//   SENTRY_DSN=NEXT_PUBLIC_SENTRY_DSN=http://publickey@127.0.0.1:${E2E_SENTRY_PORT:-3199}/42
// NEXT_PUBLIC_SENTRY_DSN is inlined at build time: the build must have been made with it.
import { expect, test } from '@playwright/test';
import { startSentryReceiver, type SentryReceiver } from '../tests/helpers/sentry-receiver';
import { startSecondServer } from './second-server';

const SENTRY_PORT = Number(process.env.E2E_SENTRY_PORT ?? 3199);
let sentry: SentryReceiver;

test.beforeAll(async () => {
  sentry = await startSentryReceiver({ port: SENTRY_PORT, project: '42' });
});
test.afterAll(async () => {
  await sentry?.close();
});

/** value of one series in GET /metrics, 0 when absent */
async function sample(request: import('@playwright/test').APIRequestContext, series: string): Promise<number> {
  const text = await (await request.get('/metrics')).text();
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? 0 : Number(line.split(' ').at(-1));
}

test('pages are counted in http_requests_total by route pattern and real status', async ({ page, request }) => {
  const signIn = 'http_requests_total{method="GET",path="/sign-in",status="200"}';
  const auditRedirect = 'http_requests_total{method="GET",path="/audit/[id]",status="307"}';
  const [signInBefore, auditBefore] = [await sample(request, signIn), await sample(request, auditRedirect)];

  expect((await page.goto('/sign-in'))?.status()).toBe(200);
  // anonymous: the page itself redirects to sign-in (requirePageRole), so the page route answers 307
  expect((await request.get('/audit/4711', { maxRedirects: 0 })).status()).toBe(307);

  await expect.poll(() => sample(request, signIn)).toBeGreaterThan(signInBefore);
  await expect.poll(() => sample(request, auditRedirect)).toBe(auditBefore + 1);
  const text = await (await request.get('/metrics')).text();
  expect(text).not.toContain('path="/audit/4711"');
  expect(text).toMatch(/http_request_duration_seconds_bucket\{le="\+Inf",method="GET",path="\/sign-in",status="200"\} [1-9]/);
});

test('an error thrown in the browser reaches Sentry', async ({ page }) => {
  await page.goto('/sign-in');
  // instrumentation-client.ts loads the SDK lazily: throw (a new message each time, Sentry drops repeats) until one
  // arrives, which is the first error after the SDK started.
  const probe = `e2e sentry probe ${Date.now()}`;
  let attempt = 0;
  const reported = () => sentry.events().find((e) => e.exception?.values?.some((v) => v.value?.startsWith(probe)));
  await expect
    .poll(async () => {
      await page.evaluate((m) => setTimeout(() => { throw new Error(m); }), `${probe} #${attempt++}`);
      await page.waitForTimeout(300);
      return reported() !== undefined;
    }, { timeout: 20_000 })
    .toBe(true);
  const event = reported()!;
  expect(event.request?.url).toMatch(/\/sign-in$/);
  expect(event.exception?.values?.[0]?.mechanism?.handled).toBe(false);
});

test('errors thrown on the server (a page render and a route handler) reach Sentry with their route', async () => {
  const port = Number(process.env.E2E_SENTRY_APP_PORT ?? 3198);
  // Half-configured single sign-on: lib/auth/oidc-config.ts throws whenever better-auth is built, before any query
  // (the database URL is a closed loopback port: nothing here may reach the suite's database).
  const server = await startSecondServer({
    port,
    readyPath: '/metrics',
    env: { SENTRY_DSN: sentry.dsn, OIDC_CLIENT_SECRET: 'half-configured', DATABASE_URL: 'postgresql://awoooi@127.0.0.1:9/unused' },
  });
  try {
    const { base } = server;
    expect((await fetch(`${base}/sign-in?from=e2e`)).status).toBe(500);
    expect((await fetch(`${base}/api/auth/get-session`, { headers: { authorization: 'Bearer awo_not_sent_anywhere' } })).status).toBe(500);
    const render = await sentry.waitForEvent((e) => e.contexts?.nextjs?.router_path === '/sign-in', 15_000);
    expect(render.contexts!.nextjs).toMatchObject({ route_type: 'render', request_path: '/sign-in' });
    expect(render.exception?.values?.[0]?.value).toContain('OIDC single sign-on is half configured');
    const route = await sentry.waitForEvent((e) => e.contexts?.nextjs?.router_path === '/api/auth/[...all]', 15_000);
    expect(route.contexts!.nextjs).toMatchObject({ route_type: 'route' });
    expect(sentry.envelopes.map((e) => e.raw).join('\n')).not.toContain('awo_not_sent_anywhere');
  } finally {
    await server.stop();
  }
});
