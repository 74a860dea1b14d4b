// Every page and API route of the app, requested over HTTP as anonymous, viewer, editor and admin (sessions
// from the sign-in page) and with API tokens of each role. The tables say which role each needs; a page or
// route file without an entry fails the test, so nothing new can appear unguarded.
import fs from 'node:fs';
import path from 'node:path';
import { expect, request as playwrightRequest, test, type APIRequestContext } from '@playwright/test';
import { fixtures, storageStateFor, type E2eRole } from './auth-fixtures';

type Need = E2eRole | 'public';
const RANK: Record<E2eRole, number> = { viewer: 0, editor: 1, admin: 2 };
const allows = (role: E2eRole, need: Need) => need === 'public' || RANK[role] >= RANK[need];

/** page file -> a concrete URL and the role it needs (keys come from the seed registry imported earlier). */
const PAGES: Record<string, { url: string; need: Need }> = {
  'app/page.tsx': { url: '/', need: 'viewer' },
  'app/sign-in/page.tsx': { url: '/sign-in', need: 'public' },
  'app/services/page.tsx': { url: '/services', need: 'viewer' },
  'app/services/new/page.tsx': { url: '/services/new', need: 'editor' },
  'app/services/edit/page.tsx': { url: '/services/edit?name=redis', need: 'editor' },
  'app/services/bulk/page.tsx': { url: '/services/bulk', need: 'editor' },
  'app/pages/page.tsx': { url: '/pages', need: 'viewer' },
  'app/pages/new/page.tsx': { url: '/pages/new', need: 'editor' },
  'app/pages/edit/page.tsx': { url: '/pages/edit?path=%2Ferrors', need: 'editor' },
  'app/endpoints/page.tsx': { url: '/endpoints', need: 'viewer' },
  'app/endpoints/new/page.tsx': { url: '/endpoints/new', need: 'editor' },
  'app/endpoints/edit/page.tsx': { url: '/endpoints/edit?method=GET&path=%2Fapi%2Fv1%2Fhealth', need: 'editor' },
  'app/templates/page.tsx': { url: '/templates', need: 'viewer' },
  'app/templates/new/page.tsx': { url: '/templates/new', need: 'editor' },
  'app/templates/edit/page.tsx': { url: '/templates/edit?key=api_error', need: 'editor' },
  'app/owners/page.tsx': { url: '/owners', need: 'viewer' },
  'app/owners/new/page.tsx': { url: '/owners/new', need: 'editor' },
  'app/owners/edit/page.tsx': { url: '/owners/edit?name=ai-team', need: 'editor' },
  'app/hosts/page.tsx': { url: '/hosts', need: 'viewer' },
  'app/hosts/new/page.tsx': { url: '/hosts/new', need: 'editor' },
  // made by editing.spec.ts, which runs first
  'app/hosts/edit/page.tsx': { url: '/hosts/edit?name=edge-188', need: 'editor' },
  'app/registry/page.tsx': { url: '/registry', need: 'viewer' },
  'app/configs/page.tsx': { url: '/configs', need: 'viewer' },
  'app/slo/page.tsx': { url: '/slo', need: 'viewer' },
  'app/discovery/page.tsx': { url: '/discovery', need: 'viewer' },
  'app/web-vitals/page.tsx': { url: '/web-vitals', need: 'viewer' },
  'app/web-vitals/page/page.tsx': { url: '/web-vitals/page?path=%2F', need: 'viewer' },
  'app/unknown-pages/page.tsx': { url: '/unknown-pages', need: 'viewer' },
  'app/errors/page.tsx': { url: '/errors', need: 'viewer' },
  'app/deploy/page.tsx': { url: '/deploy', need: 'viewer' },
  'app/deploy/git/page.tsx': { url: '/deploy/git', need: 'viewer' },
  // pushed in beforeAll (e2e/serve.mjs configures one folder target)
  'app/deploy/pushes/[id]/page.tsx': { url: '/deploy/pushes/{pushId}', need: 'viewer' },
  'app/coverage/page.tsx': { url: '/coverage', need: 'viewer' },
  'app/wall/page.tsx': { url: '/wall', need: 'viewer' },
  'app/audit/page.tsx': { url: '/audit', need: 'viewer' },
  'app/audit/[id]/page.tsx': { url: '/audit/{auditId}', need: 'viewer' },
  'app/admin/users/page.tsx': { url: '/admin/users', need: 'admin' },
  'app/admin/tokens/page.tsx': { url: '/admin/tokens', need: 'admin' },
};

interface RouteCase {
  method: 'GET' | 'PUT' | 'POST';
  url: string;
  need: Need;
  /** a body that is valid for the route, so an allowed caller gets a 2xx */
  body?: () => Promise<string> | string;
  contentType?: string;
  /** the status an allowed caller gets (default 200) */
  ok?: number;
}

let currentExport = '';
const ROUTES: Record<string, RouteCase[]> = {
  'app/api/v1/health/route.ts': [{ method: 'GET', url: '/api/v1/health', need: 'public' }],
  'app/api/auth/[...all]/route.ts': [{ method: 'GET', url: '/api/auth/ok', need: 'public' }],
  'app/api/v1/registry/route.ts': [
    { method: 'GET', url: '/api/v1/registry', need: 'viewer' },
    { method: 'PUT', url: '/api/v1/registry?dryRun=1', need: 'viewer', body: () => currentExport, contentType: 'application/yaml' },
    // applying the current export changes nothing, so every allowed call is a harmless 200
    { method: 'PUT', url: '/api/v1/registry', need: 'editor', body: () => currentExport, contentType: 'application/yaml' },
  ],
  'app/api/v1/configs/route.ts': [{ method: 'GET', url: '/api/v1/configs', need: 'viewer' }],
  'app/api/v1/configs/file/route.ts': [{ method: 'GET', url: '/api/v1/configs/file?path=prometheus%2Fprometheus.yml', need: 'viewer' }],
  'app/api/v1/audit/route.ts': [{ method: 'GET', url: '/api/v1/audit', need: 'viewer' }],
  'app/api/v1/coverage/route.ts': [
    { method: 'GET', url: '/api/v1/coverage', need: 'viewer' },
    { method: 'GET', url: '/api/v1/coverage?format=md', need: 'viewer' },
  ],
  // Prometheus scrapes it without a session; METRICS_TOKEN (unset here) would require a bearer token
  'app/metrics/route.ts': [{ method: 'GET', url: '/metrics', need: 'public' }],
  'app/api/v1/discovery/route.ts': [{ method: 'GET', url: '/api/v1/discovery', need: 'viewer' }],
  // ?wait=1: each allowed call runs a whole (loopback-only, e2e/discovery.yaml) scan and answers 200 with findings
  'app/api/v1/discovery/run/route.ts': [{ method: 'POST', url: '/api/v1/discovery/run?wait=1', need: 'admin' }],
  // run 1 exists: discovery.spec.ts scanned before this spec
  'app/api/v1/discovery/runs/[id]/route.ts': [{ method: 'GET', url: '/api/v1/discovery/runs/1', need: 'viewer' }],
  'app/api/v1/audit/[id]/route.ts': [{ method: 'GET', url: '/api/v1/audit/{auditId}', need: 'viewer' }],
  'app/api/v1/registry/pages/route.ts': [{ method: 'GET', url: '/api/v1/registry/pages', need: 'viewer' }],
  // beacons come from browsers of other apps: no auth, no cookies; 202 once queued
  'app/api/v1/beacons/route.ts': [
    {
      method: 'POST',
      url: '/api/v1/beacons',
      need: 'public',
      ok: 202,
      contentType: 'text/plain',
      body: () =>
        JSON.stringify({ v: 1, app: 'e2e-roles', view: 'roles1', device: 'desktop', rate: 1, sent: Date.now(), events: [{ t: 'pageview', path: '/', at: Date.now() }] }),
    },
  ],
  'app/api/v1/deploy/pushes/route.ts': [
    { method: 'GET', url: '/api/v1/deploy/pushes', need: 'viewer' },
    // each allowed call pushes once more to the e2e folder target and waits for it: 200 with the push
    { method: 'POST', url: '/api/v1/deploy/pushes?wait=1', need: 'editor', body: () => '{}', contentType: 'application/json' },
  ],
  'app/api/v1/deploy/pushes/[id]/route.ts': [{ method: 'GET', url: '/api/v1/deploy/pushes/{pushId}', need: 'viewer' }],
  // no Git repository is configured in e2e: an allowed caller gets 409 "not configured", the others 401/403
  'app/api/v1/export/route.ts': [{ method: 'POST', url: '/api/v1/export', need: 'editor', ok: 409, body: () => '{}', contentType: 'application/json' }],
  'app/api/v1/templates/preview/route.ts': [
    {
      method: 'POST',
      url: '/api/v1/templates/preview',
      need: 'viewer',
      contentType: 'application/json',
      body: () => JSON.stringify(TEMPLATE_PREVIEW_BODY),
    },
  ],
};

const TEMPLATE_PREVIEW_BODY = {
  draft: { key: 'matrix_check', alert: 'MatrixCheck', expr: 'up{job="${service}"} == 0', for: '1m', severity: 'warning', summary: 'down' },
  target: { kind: 'service', name: 'redis' },
};

function files(dir: string, name: string): string[] {
  const out: string[] = [];
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) out.push(...files(full, name));
    else if (entry.name === name) out.push(path.relative(process.cwd(), full).split(path.sep).join('/'));
  }
  return out;
}

const baseURL = `http://127.0.0.1:${process.env.E2E_PORT ?? 3100}`;
const contexts = new Map<string, APIRequestContext>();
/** a request context made in beforeAll; throws (failing the test) if the name is wrong */
function ctx(name: string): APIRequestContext {
  const c = contexts.get(name);
  if (!c) throw new Error(`no request context ${name}`);
  return c;
}
/** ids of real rows, resolved once the server is up, for URLs like /audit/{auditId} */
const ids: Record<string, string> = {};
const resolveUrl = (url: string) => url.replace(/\{(\w+)\}/g, (_, name: string) => ids[name] ?? `{${name}}`);

test.beforeAll(async () => {
  const f = fixtures();
  contexts.set('anonymous', await playwrightRequest.newContext({ baseURL }));
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    contexts.set(`session ${role}`, await playwrightRequest.newContext({ baseURL, storageState: storageStateFor(role) }));
    contexts.set(`token ${role}`, await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${f.tokens[role]}` } }));
  }
  contexts.set('revoked', await playwrightRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: `Bearer ${f.revokedToken}` } }));
  currentExport = await (await ctx('token admin').get('/api/v1/registry')).text();
  // the import of the example registry at start-up wrote at least one audit entry
  const audit = (await (await ctx('token admin').get('/api/v1/audit')).json()) as { entries: { id: number }[] };
  const first = audit.entries[0];
  if (!first) throw new Error('the audit log is empty; expected the start-up import');
  ids.auditId = String(first.id);
  const push = await ctx('token admin').post('/api/v1/deploy/pushes?wait=1', { data: '{}', headers: { 'content-type': 'application/json' } });
  if (push.status() !== 200) throw new Error(`the first push failed: ${push.status()} ${await push.text()}`);
  const pushed = (await push.json()) as { id: number; status: string };
  if (pushed.status !== 'ok') throw new Error(`the first push did not succeed: ${JSON.stringify(pushed).slice(0, 500)}`);
  ids.pushId = String(pushed.id);
});
test.afterAll(async () => {
  for (const c of contexts.values()) await c.dispose();
});

test('every page and route file has an entry in the tables', () => {
  expect(files('app', 'page.tsx').sort()).toEqual(Object.keys(PAGES).sort());
  expect(files('app', 'route.ts').sort()).toEqual(Object.keys(ROUTES).sort());
});

test('pages: anonymous -> sign-in, too low a role -> 403, enough -> 200', async () => {
  const outcomes: string[] = [];
  for (const [file, { url: template, need }] of Object.entries(PAGES)) {
    const url = resolveUrl(template);
    const anon = await ctx('anonymous').get(url, { maxRedirects: 0 });
    if (need === 'public') expect(anon.status(), `${file} anonymous`).toBe(200);
    else {
      expect(anon.status(), `${file} anonymous`).toBe(307);
      expect(anon.headers().location, file).toMatch(/^\/sign-in\?next=/);
    }
    for (const role of ['viewer', 'editor', 'admin'] as const) {
      const res = await ctx(`session ${role}`).get(url, { maxRedirects: 0 });
      const expected = file === 'app/sign-in/page.tsx' ? 307 : allows(role, need) ? 200 : 403;
      expect(res.status(), `${file} as ${role}`).toBe(expected);
      outcomes.push(`${url} ${role} ${res.status()}`);
    }
  }
  expect(outcomes.length).toBe(Object.keys(PAGES).length * 3);
});

test('API routes: the same with sessions and with API tokens; revoked tokens get 401', async () => {
  for (const [file, cases] of Object.entries(ROUTES)) {
    for (const c of cases) {
      const send = async (context: APIRequestContext) =>
        context.fetch(resolveUrl(c.url), {
          method: c.method,
          data: c.body ? await c.body() : undefined,
          headers: c.contentType ? { 'content-type': c.contentType } : undefined,
          maxRedirects: 0,
        });
      const anon = await send(ctx('anonymous'));
      expect(anon.status(), `${c.method} ${c.url} anonymous`).toBe(c.need === 'public' ? (c.ok ?? 200) : 401);
      if (c.need !== 'public') expect((await send(ctx('revoked'))).status(), `${c.method} ${c.url} revoked`).toBe(401);
      for (const kind of ['session', 'token'] as const) {
        for (const role of ['viewer', 'editor', 'admin'] as const) {
          const res = await send(ctx(`${kind} ${role}`));
          const expected = allows(role, c.need) ? (c.ok ?? 200) : 403;
          expect(res.status(), `${file}: ${c.method} ${c.url} with ${kind} ${role}: ${await res.text().catch(() => '')}`.slice(0, 400)).toBe(expected);
        }
      }
    }
  }
});

test('a share link is a read-only viewer until revoked, and never a bearer token', async ({ page }) => {
  const f = fixtures();
  await page.goto(`/?share=${f.share}`);
  await expect(page).toHaveURL(`${baseURL}/`); // the token left the address bar
  await expect(page.getByTestId('current-role')).toHaveText('viewer');
  const editor = await page.request.get('/services/new', { maxRedirects: 0 });
  expect(editor.status()).toBe(403);
  const asBearer = await ctx('anonymous').get('/api/v1/registry', { headers: { authorization: `Bearer ${f.share}` } });
  expect(asBearer.status()).toBe(401);
});

test('a cookie-authenticated change from another site is refused (CSRF); from this site it works', async () => {
  const admin = ctx('session admin');
  const foreign = await admin.put('/api/v1/registry?dryRun=1', {
    data: currentExport,
    headers: { 'content-type': 'application/yaml', origin: 'https://evil.example' },
  });
  expect(foreign.status()).toBe(403);
  expect((await foreign.json()).error).toMatch(/cross-site/);
  const same = await admin.put('/api/v1/registry?dryRun=1', {
    data: currentExport,
    headers: { 'content-type': 'application/yaml', origin: baseURL },
  });
  expect(same.status()).toBe(200);
});
