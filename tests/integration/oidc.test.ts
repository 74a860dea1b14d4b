// OpenID Connect single sign-on, end to end: better-auth's real HTTP handler and the real PostgreSQL on one side,
// a local OpenID Connect provider (tests/helpers/oidc-provider.ts, real protocol shapes) on the other. The test
// plays the browser: start sign-in, follow the redirect to the provider, bring the code back to the callback with
// the state cookie, then use the session cookie.
import { createHash } from 'node:crypto';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { auth } from '@/lib/auth/auth';
import { identifyCaller } from '@/lib/auth/actor';
import { createLocalUser } from '@/lib/auth/bootstrap';
import { oidcFromEnv, oidcSummary } from '@/lib/auth/oidc-config';
import { startOidcProvider, type OidcProvider, type OidcTestUser } from '../helpers/oidc-provider';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const ORIGIN = 'http://127.0.0.1:3999';
const REDIRECT_URI = `${ORIGIN}/api/auth/callback/oidc`;
const CLIENT_ID = 'awoooi-monitor';
const CLIENT_SECRET = 'provider-issued client secret 0123456789';
const OIDC_KEYS = [
  'OIDC_ISSUER', 'OIDC_DISCOVERY_URL', 'OIDC_CLIENT_ID', 'OIDC_CLIENT_SECRET', 'OIDC_NAME', 'OIDC_SCOPES', 'OIDC_CLIENT_AUTH', 'OIDC_LINK_BY_EMAIL',
] as const;

const OLIVIA: OidcTestUser = { sub: 'idp-user-4711', email: 'Olivia.Ops@Example.com', email_verified: true, name: 'Olivia Ops' };

let t: TestDatabase;
let idp: OidcProvider;
const savedEnv: Partial<Record<(typeof OIDC_KEYS)[number], string>> = {};

function useOidcEnv(overrides: Partial<Record<(typeof OIDC_KEYS)[number], string | undefined>> = {}) {
  const env: Record<string, string | undefined> = {
    OIDC_ISSUER: idp.issuer,
    OIDC_DISCOVERY_URL: undefined,
    OIDC_CLIENT_ID: CLIENT_ID,
    OIDC_CLIENT_SECRET: CLIENT_SECRET,
    OIDC_NAME: 'Test IdP',
    OIDC_SCOPES: undefined,
    ...overrides,
  };
  for (const key of OIDC_KEYS) {
    if (env[key] === undefined) delete process.env[key];
    else process.env[key] = env[key];
  }
}

beforeAll(async () => {
  for (const key of OIDC_KEYS) if (process.env[key] !== undefined) savedEnv[key] = process.env[key];
  t = await createTestDatabase();
  idp = await startOidcProvider({
    clientId: CLIENT_ID,
    clientSecret: CLIENT_SECRET,
    redirectUris: [REDIRECT_URI],
    user: OLIVIA,
    clientAuthMethods: ['client_secret_basic', 'client_secret_post'],
  });
});
afterAll(async () => {
  for (const key of OIDC_KEYS) {
    if (savedEnv[key] === undefined) delete process.env[key];
    else process.env[key] = savedEnv[key];
  }
  await idp?.close();
  await t?.drop();
});
afterEach(() => useOidcEnv());

const cookiePairs = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0]!)
    .filter((pair) => pair.slice(pair.indexOf('=') + 1) !== ''); // drop cookies being cleared

const sessionCookieOf = (res: Response) => cookiePairs(res).find((c) => c.startsWith('better-auth.session_token='));

interface Flow {
  start: Response;
  authorizeUrl: URL;
  authorize: Response;
  callbackUrl: URL;
  callback: Response;
}

/** The browser's part: sign-in button -> provider -> callback. */
async function signInWithOidc(ip: string): Promise<Flow> {
  const instance = auth(t.db);
  const start = await instance.handler(
    new Request(`${ORIGIN}/api/auth/sign-in/social`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': ip },
      body: JSON.stringify({ provider: 'oidc', callbackURL: '/services', errorCallbackURL: '/sign-in?next=%2Fservices' }),
    }),
  );
  expect(start.status, await start.clone().text()).toBe(200);
  const started = (await start.clone().json()) as { url: string; redirect: boolean };
  expect(started.redirect).toBe(true);
  expect(start.headers.get('location')).toBe(started.url);
  const authorizeUrl = new URL(started.url);

  // The provider "signs the user in" and redirects back; the browser follows that redirect.
  const authorize = await fetch(authorizeUrl, { redirect: 'manual' });
  expect(authorize.status, await authorize.clone().text()).toBe(302);
  const callbackUrl = new URL(authorize.headers.get('location')!);

  const callback = await instance.handler(
    new Request(callbackUrl, { headers: { cookie: cookiePairs(start).join('; '), 'x-forwarded-for': ip } }),
  );
  return { start, authorizeUrl, authorize, callbackUrl, callback };
}

describe('OIDC configuration from the environment', () => {
  it('is off without OIDC_* variables, complete with issuer + client id', () => {
    expect(oidcFromEnv({})).toBeNull();
    expect(oidcSummary({})).toBeNull();
    const config = oidcFromEnv({ OIDC_ISSUER: 'https://idp.example.com/realms/ops/', OIDC_CLIENT_ID: 'mon', OIDC_CLIENT_SECRET: 's' });
    expect(config).toMatchObject({
      providerId: 'oidc',
      discoveryUrl: 'https://idp.example.com/realms/ops/.well-known/openid-configuration',
      clientId: 'mon',
      clientSecret: 's',
      scopes: ['openid', 'email', 'profile'],
      pkce: true,
    });
    expect(oidcSummary({ OIDC_ISSUER: 'https://idp.example.com', OIDC_CLIENT_ID: 'mon', OIDC_CLIENT_SECRET: 's', OIDC_NAME: 'Okta' })).toEqual({
      providerId: 'oidc',
      name: 'Okta',
    });
  });

  it('refuses half a configuration with a message naming what is missing', () => {
    expect(() => oidcFromEnv({ OIDC_ISSUER: 'https://idp.example.com' })).toThrow(
      /OIDC single sign-on is half configured: set OIDC_CLIENT_ID too/,
    );
    expect(() => oidcFromEnv({ OIDC_CLIENT_ID: 'mon' })).toThrow(/half configured: set OIDC_DISCOVERY_URL \(or OIDC_ISSUER\) too/);
    expect(() => oidcFromEnv({ OIDC_CLIENT_SECRET: 'only a secret' })).toThrow(
      /half configured: set OIDC_DISCOVERY_URL \(or OIDC_ISSUER\) and OIDC_CLIENT_ID too/,
    );
    expect(() => oidcFromEnv({ OIDC_ISSUER: 'idp.example.com', OIDC_CLIENT_ID: 'mon' })).toThrow(/must be an absolute URL/);
  });
});

describe('the local provider is strict (so passing against it means something)', () => {
  it('refuses a wrong secret, a PKCE mismatch and a reused code with the real OAuth errors', async () => {
    const verifier = 'v'.repeat(43);
    const s256 = createHash('sha256').update(verifier).digest('base64url');
    const getCode = async () => {
      const url = new URL(`${idp.issuer}/authorize`);
      for (const [k, v] of Object.entries({
        response_type: 'code',
        client_id: CLIENT_ID,
        redirect_uri: REDIRECT_URI,
        scope: 'openid email',
        state: 'st',
        nonce: 'nn',
        code_challenge: s256,
        code_challenge_method: 'S256',
      }))
        url.searchParams.set(k, v);
      const res = await fetch(url, { redirect: 'manual' });
      expect(res.status).toBe(302);
      return new URL(res.headers.get('location')!).searchParams.get('code')!;
    };
    const exchange = (form: Record<string, string>) =>
      fetch(`${idp.issuer}/token`, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        body: new URLSearchParams({ grant_type: 'authorization_code', redirect_uri: REDIRECT_URI, client_id: CLIENT_ID, ...form }),
      });

    const wrongSecret = await exchange({ code: await getCode(), code_verifier: verifier, client_secret: 'nope' });
    expect(wrongSecret.status).toBe(401);
    expect(await wrongSecret.json()).toMatchObject({ error: 'invalid_client' });

    const badPkce = await exchange({ code: await getCode(), code_verifier: 'w'.repeat(43), client_secret: CLIENT_SECRET });
    expect(badPkce.status).toBe(400);
    expect(await badPkce.json()).toMatchObject({ error: 'invalid_grant', error_description: 'PKCE verification failed' });

    const code = await getCode();
    const ok = await exchange({ code, code_verifier: verifier, client_secret: CLIENT_SECRET });
    expect(ok.status).toBe(200);
    expect(await ok.json()).toMatchObject({ token_type: 'Bearer', expires_in: 300 });
    const reused = await exchange({ code, code_verifier: verifier, client_secret: CLIENT_SECRET });
    expect(reused.status).toBe(400);
    expect(await reused.json()).toMatchObject({ error: 'invalid_grant' });

    const wrongRedirect = await fetch(`${idp.issuer}/authorize?client_id=${CLIENT_ID}&redirect_uri=${encodeURIComponent('https://evil.example/cb')}`, {
      redirect: 'manual',
    });
    expect(wrongRedirect.status).toBe(400); // shown, never redirected to an unregistered URI
  });
});

describe('OIDC sign-in through better-auth', () => {
  it('signs a new user in as a viewer through the full authorization code + PKCE flow', async () => {
    useOidcEnv();
    idp.requests.length = 0;
    idp.user = OLIVIA;
    const flow = await signInWithOidc('10.1.0.1');

    // 1. better-auth sent the browser to the provider's authorize endpoint with a complete OIDC request.
    const q = flow.authorizeUrl.searchParams;
    expect(`${flow.authorizeUrl.origin}${flow.authorizeUrl.pathname}`).toBe(`${idp.issuer}/authorize`);
    expect(q.get('response_type')).toBe('code');
    expect(q.get('client_id')).toBe(CLIENT_ID);
    expect(q.get('redirect_uri')).toBe(REDIRECT_URI);
    expect(q.get('scope')!.split(' ')).toEqual(expect.arrayContaining(['openid', 'email', 'profile']));
    expect(q.get('code_challenge_method')).toBe('S256');
    expect(q.get('state')).toBeTruthy();
    expect(q.get('nonce')).toBeTruthy();
    expect(q.has('client_secret')).toBe(false);
    // the start set a (signed) state cookie that binds the flow to this browser
    expect(cookiePairs(flow.start).some((c) => c.startsWith('better-auth.state='))).toBe(true);

    // 2. the provider redirected back to better-auth's callback with code, state and its issuer (RFC 9207)
    expect(`${flow.callbackUrl.origin}${flow.callbackUrl.pathname}`).toBe(REDIRECT_URI);
    expect(flow.callbackUrl.searchParams.get('state')).toBe(q.get('state'));
    expect(flow.callbackUrl.searchParams.get('iss')).toBe(idp.issuer);

    // 3. the callback exchanged the code and signed the user in
    expect(flow.callback.status, await flow.callback.clone().text()).toBe(302);
    expect(flow.callback.headers.get('location')).toBe('/services');
    const session = sessionCookieOf(flow.callback);
    expect(session).toBeDefined();

    // 4. the provider saw discovery, one valid PKCE exchange with client_secret_post, and a userinfo call
    const [tokenRequest, ...moreTokenRequests] = idp.requestsTo('/token');
    expect(moreTokenRequests).toEqual([]);
    expect(tokenRequest).toMatchObject({ method: 'POST', status: 200, clientAuth: 'client_secret_post' });
    expect(tokenRequest!.form).toMatchObject({
      grant_type: 'authorization_code',
      client_id: CLIENT_ID,
      client_secret: CLIENT_SECRET,
      redirect_uri: REDIRECT_URI,
      code: flow.callbackUrl.searchParams.get('code'),
    });
    expect(tokenRequest!.headers.authorization).toBeUndefined();
    expect(createHash('sha256').update(tokenRequest!.form.code_verifier!).digest('base64url')).toBe(q.get('code_challenge'));
    expect(idp.requestsTo('/userinfo')).toMatchObject([{ status: 200, headers: { authorization: expect.stringMatching(/^Bearer /) } }]);
    expect(idp.requestsTo('/jwks').length).toBeGreaterThan(0); // the id_token signature was checked
    expect(idp.requests.filter((r) => r.status >= 400)).toEqual([]);

    // 5. the session is a viewer with the provider's email
    const caller = await identifyCaller(new Headers({ cookie: session! }), t.db);
    expect(caller).toMatchObject({ ok: true, actor: { kind: 'user', name: 'olivia.ops@example.com', role: 'viewer' } });
    const user = await t.db.user.findUniqueOrThrow({ where: { email: 'olivia.ops@example.com' }, include: { accounts: true } });
    expect(user).toMatchObject({ role: 'viewer', name: 'Olivia Ops', emailVerified: true });
    expect(user.accounts).toMatchObject([{ providerId: 'oidc', accountId: OLIVIA.sub, password: null }]);
    // the state is used up: replaying the same callback does not sign anyone in again
    const replay = await auth(t.db).handler(
      new Request(flow.callbackUrl, { headers: { cookie: cookiePairs(flow.start).join('; '), 'x-forwarded-for': '10.1.0.1' } }),
    );
    expect(replay.status).toBe(302);
    expect(replay.headers.get('location')).toMatch(/error=/);
    expect(sessionCookieOf(replay)).toBeUndefined();
  });

  it('signs the same subject in again as the same user (no duplicate), keeping a role an admin gave', async () => {
    useOidcEnv();
    const before = await t.db.user.findUniqueOrThrow({ where: { email: 'olivia.ops@example.com' } });
    await t.db.user.update({ where: { id: before.id }, data: { role: 'editor' } });
    idp.user = OLIVIA;
    const flow = await signInWithOidc('10.1.0.2');
    expect(flow.callback.status).toBe(302);
    expect(flow.callback.headers.get('location')).toBe('/services');
    const caller = await identifyCaller(new Headers({ cookie: sessionCookieOf(flow.callback)! }), t.db);
    expect(caller).toMatchObject({ ok: true, actor: { kind: 'user', id: before.id, role: 'editor' } });
    expect(await t.db.user.count({ where: { email: 'olivia.ops@example.com' } })).toBe(1);
    expect(await t.db.account.count({ where: { providerId: 'oidc', accountId: OLIVIA.sub } })).toBe(1);
    await t.db.user.update({ where: { id: before.id }, data: { role: 'viewer' } });
  });

  it('fails cleanly with a wrong client secret: no session, no user', async () => {
    useOidcEnv({ OIDC_CLIENT_SECRET: 'not the secret the provider issued' });
    idp.requests.length = 0;
    idp.user = { sub: 'idp-user-0001', email: 'wrong.secret@example.com', email_verified: true, name: 'Wes' };
    const flow = await signInWithOidc('10.1.0.3');
    expect(flow.callback.status).toBe(302);
    const location = new URL(flow.callback.headers.get('location')!, ORIGIN);
    expect(location.pathname).toBe('/sign-in'); // the errorCallbackURL the sign-in page passes
    expect(location.searchParams.get('next')).toBe('/services');
    expect(location.searchParams.get('error')).toBe('invalid_code');
    expect(sessionCookieOf(flow.callback)).toBeUndefined();
    expect(idp.requestsTo('/token')).toMatchObject([{ status: 401, error: 'invalid_client', clientAuth: 'client_secret_post' }]);
    expect(idp.requestsTo('/userinfo')).toEqual([]);
    expect(await t.db.user.count({ where: { email: 'wrong.secret@example.com' } })).toBe(0);
    expect(await t.db.account.count({ where: { accountId: 'idp-user-0001' } })).toBe(0);
  });

  it('does not hand a local account to an OIDC user whose email the provider has not verified', async () => {
    useOidcEnv();
    await createLocalUser(t.db, { email: 'ada@example.com', name: 'Ada', role: 'admin', password: 'ada local password 1' });
    idp.user = { sub: 'idp-user-ada', email: 'ada@example.com', email_verified: false, name: 'Not Ada' };
    const flow = await signInWithOidc('10.1.0.4');
    expect(flow.callback.status).toBe(302);
    expect(new URL(flow.callback.headers.get('location')!, ORIGIN).searchParams.get('error')).toBe('account_not_linked');
    expect(sessionCookieOf(flow.callback)).toBeUndefined();
    expect(await t.db.account.count({ where: { providerId: 'oidc', accountId: 'idp-user-ada' } })).toBe(0);
  });

  it('does not hand a local account to a provider that says the email is verified, unless linking is switched on', async () => {
    useOidcEnv();
    await createLocalUser(t.db, { email: 'root@example.com', name: 'Root', role: 'admin', password: 'root local password 1' });
    idp.user = { sub: 'idp-user-root', email: 'root@example.com', email_verified: true, name: 'Claims To Be Root' };
    const refused = await signInWithOidc('10.1.0.6');
    expect(new URL(refused.callback.headers.get('location')!, ORIGIN).searchParams.get('error')).toBe('account_not_linked');
    expect(sessionCookieOf(refused.callback)).toBeUndefined();

    useOidcEnv({ OIDC_LINK_BY_EMAIL: '1' });
    const linked = await signInWithOidc('10.1.0.7');
    const caller = await identifyCaller(new Headers({ cookie: sessionCookieOf(linked.callback)! }), t.db);
    expect(caller).toMatchObject({ ok: true, actor: { name: 'root@example.com', role: 'admin' } });
  });

  it('sends the client secret with HTTP Basic when OIDC_CLIENT_AUTH=basic', async () => {
    useOidcEnv({ OIDC_CLIENT_AUTH: 'basic' });
    idp.requests.length = 0;
    idp.user = OLIVIA;
    const flow = await signInWithOidc('10.1.0.8');
    expect(sessionCookieOf(flow.callback)).toBeDefined();
    expect(idp.requestsTo('/token')).toMatchObject([{ status: 200, clientAuth: 'client_secret_basic' }]);
  });

  it('with no OIDC configuration, refuses sign-in with provider "oidc"', async () => {
    useOidcEnv({ OIDC_ISSUER: undefined, OIDC_CLIENT_ID: undefined, OIDC_CLIENT_SECRET: undefined, OIDC_NAME: undefined });
    expect(oidcFromEnv()).toBeNull();
    const before = idp.requests.length;
    const res = await auth(t.db).handler(
      new Request(`${ORIGIN}/api/auth/sign-in/social`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': '10.1.0.5' },
        body: JSON.stringify({ provider: 'oidc', callbackURL: '/services' }),
      }),
    );
    expect(res.status).toBe(404);
    expect(await res.json()).toMatchObject({ code: 'PROVIDER_NOT_FOUND' });
    expect(res.headers.get('location')).toBeNull();
    expect(idp.requests.length).toBe(before); // nothing went to the provider
  });
});
