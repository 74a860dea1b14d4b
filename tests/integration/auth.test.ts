// Sign-in, sessions, roles, tokens and the sign-in rate limit through better-auth's real HTTP handler and
// the real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth } from '@/lib/auth/auth';
import { identifyCaller } from '@/lib/auth/actor';
import { createLocalUser, ensureAdmin } from '@/lib/auth/bootstrap';
import { createToken, revokeToken } from '@/lib/auth/tokens';
import { SYSTEM_ACTOR } from '@/lib/auth/roles';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let t: TestDatabase;
const ORIGIN = 'http://127.0.0.1:3999';

beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

function signIn(email: string, password: string, ip = '10.0.0.1', origin = ORIGIN, extra: Record<string, string> = {}) {
  return auth(t.db).handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin, 'x-forwarded-for': ip, ...extra },
      body: JSON.stringify({ email, password }),
    }),
  );
}

const sessionCookie = (res: Response) =>
  res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');

describe('first start', () => {
  it('creates one admin with a generated password, then leaves it alone', async () => {
    const first = await ensureAdmin(t.db, {});
    expect(first).toMatchObject({ created: true, email: 'admin@awoooi.local' });
    expect(first.generatedPassword).toMatch(/^[A-Za-z0-9_-]{24}$/);
    const again = await ensureAdmin(t.db, {});
    expect(again).toEqual({ created: false, email: 'admin@awoooi.local' });
    const account = await t.db.account.findFirst({ where: { providerId: 'credential' } });
    expect(account?.password).not.toContain(first.generatedPassword!); // hashed, not stored in clear
    const res = await signIn('admin@awoooi.local', first.generatedPassword!);
    expect(res.status, await res.clone().text()).toBe(200);
    const caller = await identifyCaller(new Headers({ cookie: sessionCookie(res) }), t.db);
    expect(caller).toMatchObject({ ok: true, actor: { kind: 'user', name: 'admin@awoooi.local', role: 'admin' } });
  });

  it('refuses a short ADMIN_PASSWORD', async () => {
    const other = await createTestDatabase();
    try {
      await expect(ensureAdmin(other.db, { ADMIN_PASSWORD: 'short' })).rejects.toThrow(/at least 12/);
    } finally {
      await other.drop();
    }
  });
});

describe('sign-in', () => {
  it('gives a viewer session for a viewer account and refuses a wrong password', async () => {
    await createLocalUser(t.db, { email: 'vera@example.com', name: 'Vera', role: 'viewer', password: 'correct horse battery' });
    const wrong = await signIn('vera@example.com', 'wrong password here', '10.0.0.2');
    expect(wrong.status).toBe(401);
    const ok = await signIn('vera@example.com', 'correct horse battery', '10.0.0.2');
    expect(ok.status).toBe(200);
    const caller = await identifyCaller(new Headers({ cookie: sessionCookie(ok) }), t.db);
    expect(caller).toMatchObject({ ok: true, actor: { role: 'viewer', name: 'vera@example.com' } });
  });

  it('rate-limits attempts per address (429 after 5 a minute), other addresses unaffected', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await signIn('vera@example.com', 'guess number ' + i, '10.9.9.9')).status);
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    expect((await signIn('vera@example.com', 'correct horse battery', '10.9.9.10')).status).toBe(200);
  });

  it('refuses a sign-in posted from another origin (CSRF)', async () => {
    // A browser marks a cross-site form post; with a session cookie present the Origin itself is checked.
    const crossSite = await signIn('vera@example.com', 'correct horse battery', '10.0.0.3', 'https://evil.example', {
      'sec-fetch-site': 'cross-site',
      'sec-fetch-mode': 'navigate',
    });
    expect(crossSite.status).toBe(403);
    const withCookie = await signIn('vera@example.com', 'correct horse battery', '10.0.0.4', 'https://evil.example', {
      cookie: 'better-auth.session_token=x',
    });
    expect(withCookie.status).toBe(403);
  });

  it('accepts a sign-in from the host name the site is reached by, not only the first one seen', async () => {
    // No BETTER_AUTH_URL: the same server answers on 127.0.0.1 and on its DNS name. A page served from the
    // second must be able to sign in (its Origin is its own), with a cookie present so the Origin is checked.
    const other = 'http://monitor.internal:8080';
    const res = await auth(t.db).handler(
      new Request(`${other}/api/auth/sign-in/email`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          origin: other,
          host: 'monitor.internal:8080',
          'x-forwarded-for': '10.0.0.5',
          cookie: 'better-auth.session_token=x',
        },
        body: JSON.stringify({ email: 'vera@example.com', password: 'correct horse battery' }),
      }),
    );
    expect(res.status).toBe(200);
  });

  it('has no public sign-up', async () => {
    const res = await auth(t.db).handler(
      new Request(`${ORIGIN}/api/auth/sign-up/email`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN },
        body: JSON.stringify({ email: 'mallory@example.com', password: 'mallory password 1', name: 'M' }),
      }),
    );
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(await t.db.user.count({ where: { email: 'mallory@example.com' } })).toBe(0);
  });
});

describe("better-auth's admin endpoints", () => {
  it('are switched off over HTTP, even for an admin session (users change only through the audited Users page)', async () => {
    await createLocalUser(t.db, { email: 'root2@example.com', name: 'Root', role: 'admin', password: 'admin password 12' });
    await createLocalUser(t.db, { email: 'victim@example.com', name: 'V', role: 'viewer', password: 'viewer password 12' });
    const session = await signIn('root2@example.com', 'admin password 12', '10.0.1.1');
    expect(session.status).toBe(200);
    const victim = await t.db.user.findUniqueOrThrow({ where: { email: 'victim@example.com' } });
    const res = await auth(t.db).handler(
      new Request(`${ORIGIN}/api/auth/admin/set-role`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', origin: ORIGIN, cookie: sessionCookie(session) },
        body: JSON.stringify({ userId: victim.id, role: 'admin' }),
      }),
    );
    expect(res.status).toBe(404);
    expect((await t.db.user.findUniqueOrThrow({ where: { id: victim.id } })).role).toBe('viewer');
    const list = await auth(t.db).handler(
      new Request(`${ORIGIN}/api/auth/admin/list-users`, { headers: { origin: ORIGIN, cookie: sessionCookie(session) } }),
    );
    expect(list.status).toBe(404);
  });
});

describe('API tokens and share links', () => {
  it('resolve to their role until revoked; only the hash is stored', async () => {
    const { token, row } = await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'ci deploy', role: 'editor' });
    expect(token).toMatch(/^awm_/);
    const stored = await t.db.apiToken.findUniqueOrThrow({ where: { id: row.id } });
    expect(stored.tokenHash).not.toContain(token.slice(4));
    const auth = new Headers({ authorization: `Bearer ${token}` });
    expect(await identifyCaller(auth, t.db)).toMatchObject({ ok: true, actor: { kind: 'token', role: 'editor' } });
    await revokeToken(t.db, SYSTEM_ACTOR, row.id);
    expect(await identifyCaller(auth, t.db)).toEqual({ ok: false, reason: 'invalid-token' });
    const audit = await t.db.auditChange.findMany({ where: { section: 'tokens', key: String(row.id) }, orderBy: { id: 'asc' } });
    expect(audit.map((a) => a.op)).toEqual(['added', 'changed']);
    expect(JSON.stringify(audit)).not.toContain(token);
  });

  it('a share link is a viewer, only through its cookie, never as a bearer token', async () => {
    const { token } = await createToken(t.db, SYSTEM_ACTOR, { kind: 'share', name: 'wall tv', role: 'admin' });
    expect(token).toMatch(/^aws_/);
    expect(await identifyCaller(new Headers({ cookie: `awoooi_share=${token}` }), t.db)).toMatchObject({
      ok: true,
      actor: { kind: 'share', role: 'viewer' },
    });
    expect(await identifyCaller(new Headers({ authorization: `Bearer ${token}` }), t.db)).toEqual({ ok: false, reason: 'invalid-token' });
  });
});
