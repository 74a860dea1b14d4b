// User administration (lib/auth/users.ts) against the real PostgreSQL, checked through better-auth's real
// handler: the accounts it creates can sign in, a ban or a new password ends sessions at once, and nobody can
// lock every admin out. The audit log records each change and never a password or hash.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { auth } from '@/lib/auth/auth';
import { identifyCaller } from '@/lib/auth/actor';
import { SYSTEM_ACTOR, type Actor } from '@/lib/auth/roles';
import { createUser, deleteUser, listUsers, resetPassword, setBanned, setRole } from '@/lib/auth/users';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let t: TestDatabase;
let ada: Actor; // the first admin, who does most of the work below
const ORIGIN = 'http://127.0.0.1:3999';
const PASSWORDS = new Set<string>();
const HASHES = new Set<string>();
let ip = 0;

function signIn(email: string, password: string) {
  // A fresh address each time: the sign-in limit (5 a minute per address) is tested in auth.test.ts.
  ip += 1;
  return auth(t.db).handler(
    new Request(`${ORIGIN}/api/auth/sign-in/email`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', origin: ORIGIN, 'x-forwarded-for': `10.1.${ip >> 8}.${ip & 255}` },
      body: JSON.stringify({ email, password }),
    }),
  );
}

async function session(email: string, password: string): Promise<Headers> {
  const res = await signIn(email, password);
  expect(res.status, await res.clone().text()).toBe(200);
  return new Headers({ cookie: res.headers.getSetCookie().map((c) => c.split(';')[0]).join('; ') });
}

const whoIs = (headers: Headers) => auth(t.db).api.getSession({ headers });

async function add(email: string, role: 'viewer' | 'editor' | 'admin', by: Actor = ada): Promise<{ id: string; actor: Actor; password: string }> {
  const password = `${email} secret words`;
  PASSWORDS.add(password);
  const result = await createUser(t.db, by, { email, name: email.split('@')[0], role, password });
  if (!result.ok) throw new Error(JSON.stringify(result));
  await rememberHashes();
  return { id: result.userId, password, actor: { kind: 'user', id: result.userId, name: email, role } };
}

async function rememberHashes() {
  for (const a of await t.db.account.findMany({ select: { password: true } })) if (a.password) HASHES.add(a.password);
}

beforeAll(async () => {
  t = await createTestDatabase();
  ada = (await add('ada@example.com', 'admin', SYSTEM_ACTOR)).actor;
});
afterAll(() => t.drop());

describe('creating users', () => {
  it('creates a local account that signs in with its role; the email is normalised', async () => {
    const result = await createUser(t.db, ada, { email: '  Vera@Example.COM ', name: ' Vera ', role: 'viewer', password: 'vera initial password' });
    PASSWORDS.add('vera initial password');
    expect(result).toMatchObject({ ok: true, message: expect.stringContaining('vera@example.com') });
    const headers = await session('vera@example.com', 'vera initial password');
    expect(await identifyCaller(headers, t.db)).toMatchObject({ ok: true, actor: { kind: 'user', name: 'vera@example.com', role: 'viewer' } });
    const listed = (await listUsers(t.db)).find((u) => u.email === 'vera@example.com');
    expect(listed).toMatchObject({ name: 'Vera', role: 'viewer', banned: false, providers: ['credential'] });
    expect(listed?.lastSeenAt).toBeInstanceOf(Date);
    await rememberHashes();
  });

  it('answers every bad field at once, and a taken email, without writing', async () => {
    const before = await t.db.user.count();
    const bad = await createUser(t.db, ada, { email: 'not-an-email', name: '', role: 'root', password: 'short' });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { email: expect.any(String), name: expect.any(String), role: expect.any(String), password: expect.any(String) } });
    const long = await createUser(t.db, ada, { email: 'x@example.com', name: 'n'.repeat(101), role: 'viewer', password: 'p'.repeat(257) });
    expect(long).toMatchObject({ ok: false, fieldErrors: { name: expect.any(String), password: expect.any(String) } });
    const taken = await createUser(t.db, ada, { email: 'VERA@example.com', name: 'Other', role: 'editor', password: 'another password 1' });
    expect(taken).toMatchObject({ ok: false, fieldErrors: { email: 'A user with this email already exists.' } });
    expect(await createUser(t.db, ada, 'junk')).toMatchObject({ ok: false, formError: expect.stringContaining('Malformed') });
    expect(await t.db.user.count()).toBe(before);
  });
});

describe('roles, bans and passwords', () => {
  it('a new role applies to the live session at once', async () => {
    const eve = await add('eve@example.com', 'viewer');
    const headers = await session('eve@example.com', eve.password);
    expect(await setRole(t.db, ada, { userId: eve.id, role: 'editor' })).toMatchObject({ ok: true });
    expect(await identifyCaller(headers, t.db)).toMatchObject({ ok: true, actor: { role: 'editor' } });
    expect(await setRole(t.db, ada, { userId: eve.id, role: 'superuser' })).toMatchObject({ ok: false, fieldErrors: { role: expect.any(String) } });
    expect(await setRole(t.db, ada, { userId: 'no-such-user', role: 'viewer' })).toMatchObject({ ok: false, formError: expect.stringContaining('no longer exists') });
    const audit = await t.db.auditChange.findFirst({ where: { key: 'eve@example.com', op: 'changed' }, include: { entry: true } });
    expect(audit).toMatchObject({ section: 'users', before: { role: 'viewer' }, after: { role: 'editor' }, entry: { action: 'users.role', actorName: 'ada@example.com' } });
  });

  it('a ban ends every session at once and stops sign-in; unbanning lets them back', async () => {
    const bo = await add('bo@example.com', 'editor');
    const first = await session('bo@example.com', bo.password);
    const second = await session('bo@example.com', bo.password);
    expect((await whoIs(first))?.user.email).toBe('bo@example.com');
    expect(await setBanned(t.db, ada, { userId: bo.id, banned: true })).toMatchObject({ ok: true });
    expect(await whoIs(first)).toBeNull();
    expect(await whoIs(second)).toBeNull();
    expect(await identifyCaller(first, t.db)).toEqual({ ok: false, reason: 'anonymous' });
    expect(await t.db.session.count({ where: { userId: bo.id } })).toBe(0);
    expect((await signIn('bo@example.com', bo.password)).status).not.toBe(200);
    expect(await t.db.session.count({ where: { userId: bo.id } })).toBe(0);
    expect(await setBanned(t.db, ada, { userId: bo.id, banned: false })).toMatchObject({ ok: true });
    expect((await whoIs(await session('bo@example.com', bo.password)))?.user.email).toBe('bo@example.com');
    const ops = await t.db.auditEntry.findMany({ where: { action: { in: ['users.ban', 'users.unban'] } }, orderBy: { id: 'asc' } });
    expect(ops.map((e) => e.action)).toEqual(['users.ban', 'users.unban']);
  });

  it('a password reset ends their sessions; only the new password works', async () => {
    const cy = await add('cy@example.com', 'viewer');
    const old = await session('cy@example.com', cy.password);
    PASSWORDS.add('a brand new password 42');
    expect(await resetPassword(t.db, ada, { userId: cy.id, password: 'short' })).toMatchObject({ ok: false, fieldErrors: { password: expect.any(String) } });
    expect(await resetPassword(t.db, ada, { userId: cy.id, password: 'a brand new password 42' })).toMatchObject({ ok: true });
    await rememberHashes();
    expect(await whoIs(old)).toBeNull();
    expect((await signIn('cy@example.com', cy.password)).status).toBe(401);
    await session('cy@example.com', 'a brand new password 42');
  });

  it('deletes a user with their sessions and sign-in methods', async () => {
    const dee = await add('dee@example.com', 'viewer');
    const headers = await session('dee@example.com', dee.password);
    expect(await deleteUser(t.db, ada, { userId: dee.id })).toMatchObject({ ok: true });
    expect(await whoIs(headers)).toBeNull();
    expect(await t.db.user.count({ where: { id: dee.id } })).toBe(0);
    expect(await t.db.account.count({ where: { userId: dee.id } })).toBe(0);
    const removed = await t.db.auditChange.findFirst({ where: { key: 'dee@example.com', op: 'removed' } });
    expect(removed?.before).toMatchObject({ email: 'dee@example.com', role: 'viewer' });
  });
});

describe('nobody locks the admins out', () => {
  it('refuses to demote, ban or delete the last active admin', async () => {
    // SYSTEM_ACTOR is no user, so this is about the last admin, not about oneself.
    for (const refused of [
      await setRole(t.db, SYSTEM_ACTOR, { userId: ada.id!, role: 'editor' }),
      await setBanned(t.db, SYSTEM_ACTOR, { userId: ada.id!, banned: true }),
      await deleteUser(t.db, SYSTEM_ACTOR, { userId: ada.id! }),
    ]) {
      expect(refused).toMatchObject({ ok: false, formError: expect.stringContaining('last active admin') });
    }
    expect(await t.db.user.findUnique({ where: { id: ada.id! }, select: { role: true, banned: true } })).toEqual({ role: 'admin', banned: false });
  });

  it('refuses to let admins demote, ban or delete themselves, even when other admins remain', async () => {
    await add('max@example.com', 'admin');
    for (const refused of [
      await setRole(t.db, ada, { userId: ada.id!, role: 'viewer' }),
      await setBanned(t.db, ada, { userId: ada.id!, banned: true }),
      await deleteUser(t.db, ada, { userId: ada.id! }),
    ]) {
      expect(refused).toMatchObject({ ok: false, formError: expect.stringContaining('your own account') });
    }
    expect(await t.db.user.findUnique({ where: { id: ada.id! }, select: { role: true } })).toEqual({ role: 'admin' });
  });

  it('a banned admin does not count: the other one is then the last', async () => {
    const ivy = await add('ivy@example.com', 'admin');
    const max = await t.db.user.findUniqueOrThrow({ where: { email: 'max@example.com' } });
    expect(await setBanned(t.db, ada, { userId: max.id, banned: true })).toMatchObject({ ok: true });
    expect(await deleteUser(t.db, ada, { userId: ivy.id })).toMatchObject({ ok: true });
    expect(await setRole(t.db, SYSTEM_ACTOR, { userId: ada.id!, role: 'viewer' })).toMatchObject({ ok: false, formError: expect.stringContaining('last active admin') });
    expect(await setBanned(t.db, ada, { userId: max.id, banned: false })).toMatchObject({ ok: true });
  });

  it('two admins demoting each other at the same moment leave one admin, not none', async () => {
    const [a, b] = [await add('ann@example.com', 'admin'), await add('ben@example.com', 'admin')];
    // Leave exactly these two admins (directly in the table: this is the setting, not the subject).
    await t.db.user.updateMany({ where: { role: 'admin', email: { notIn: ['ann@example.com', 'ben@example.com'] } }, data: { role: 'editor' } });
    const results = await Promise.all([setRole(t.db, a.actor, { userId: b.id, role: 'viewer' }), setRole(t.db, b.actor, { userId: a.id, role: 'viewer' })]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await t.db.user.count({ where: { role: 'admin' } })).toBe(1);
  });
});

describe('the audit log', () => {
  it('is written in the same transaction: a failed audit insert leaves no user behind', async () => {
    // PostgreSQL refuses a NUL character in text, so this actor's audit entry cannot be written.
    const unrecordable: Actor = { kind: 'user', id: 'x', name: 'broken\u0000name', role: 'admin' };
    const before = { users: await t.db.user.count(), accounts: await t.db.account.count() };
    await expect(createUser(t.db, unrecordable, { email: 'ghost@example.com', name: 'Ghost', role: 'viewer', password: 'ghost password 12' })).rejects.toThrow();
    expect({ users: await t.db.user.count(), accounts: await t.db.account.count() }).toEqual(before);
  });


  it('has an entry per change and no password or hash anywhere', async () => {
    await rememberHashes();
    const entries = await t.db.auditEntry.findMany({ include: { changes: true } });
    const actions = new Set(entries.map((e) => e.action));
    for (const a of ['users.create', 'users.role', 'users.ban', 'users.unban', 'users.password', 'users.delete']) expect(actions).toContain(a);
    const text = JSON.stringify(entries);
    expect(PASSWORDS.size).toBeGreaterThan(5);
    expect(HASHES.size).toBeGreaterThan(5);
    for (const secret of [...PASSWORDS, ...HASHES]) expect(text).not.toContain(secret);
    expect(text).not.toMatch(/"(password|hash|token)":\s*"(?!reset")/i);
  });
});
