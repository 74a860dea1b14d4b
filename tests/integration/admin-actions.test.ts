// Every server action of the admin pages (app/admin/actions.ts), called as admin (works), editor and viewer
// (403, nothing written) and anonymous (401, nothing written), against the real PostgreSQL.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import * as actions from '@/app/admin/actions';
import type { GuardedAction } from '@/lib/auth/action';
import { SYSTEM_ACTOR, type Actor, type Role } from '@/lib/auth/roles';
import { createUser } from '@/lib/auth/users';
import { createToken } from '@/lib/auth/tokens';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let t: TestDatabase;
const actors = {} as Record<Role, Actor>;
let targetId = '';
let tokenId = 0;

async function addUser(email: string, role: Role): Promise<string> {
  const r = await createUser(t.db, SYSTEM_ACTOR, { email, name: email, role, password: `${email} password` });
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.userId;
}

beforeAll(async () => {
  t = await createTestDatabase();
  for (const role of ['viewer', 'editor', 'admin'] as const) {
    const email = `${role}@example.com`;
    actors[role] = { kind: 'user', id: await addUser(email, role), name: email, role };
  }
  targetId = await addUser('target@example.com', 'viewer');
  tokenId = (await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'target token', role: 'viewer' })).row.id;
});
afterAll(() => t.drop());

type AnyAction = GuardedAction<[unknown], { ok: boolean }>;

/** One valid call per action, in an order that works when run one after the other as admin. */
const CASES: Array<[keyof typeof actions, () => unknown]> = [
  ['createUserAction', () => ({ email: 'new@example.com', name: 'New', role: 'editor', password: 'new user password' })],
  ['setRoleAction', () => ({ userId: targetId, role: 'editor' })],
  ['setBannedAction', () => ({ userId: targetId, banned: true })],
  ['resetPasswordAction', () => ({ userId: targetId, password: 'reset password 123' })],
  ['deleteUserAction', () => ({ userId: targetId })],
  ['createTokenAction', () => ({ kind: 'api', name: 'ci deploy', role: 'editor', expiresInDays: '30' })],
  ['revokeTokenAction', () => ({ id: tokenId })],
];

/** Everything an admin action could change, to compare before and after a refused call. */
async function snapshot() {
  const [users, accounts, sessions, tokens, audit] = await Promise.all([
    t.db.user.findMany({ orderBy: { id: 'asc' } }),
    t.db.account.findMany({ orderBy: { id: 'asc' } }),
    t.db.session.count(),
    t.db.apiToken.findMany({ orderBy: { id: 'asc' } }),
    t.db.auditEntry.count(),
  ]);
  return JSON.stringify({ users, accounts, sessions, tokens, audit });
}

const run = (name: keyof typeof actions, who: Actor | null) => (actions[name] as unknown as AnyAction).runAs(who, t.db);

it('covers every exported action, each admin-only', () => {
  const exported = Object.entries(actions).filter(([, v]) => typeof v === 'function');
  expect(exported.map(([k]) => k).sort()).toEqual(CASES.map(([k]) => k).sort());
  for (const [, action] of exported) expect((action as unknown as AnyAction).requiredRole).toBe('admin');
});

describe('refused without writing anything', () => {
  for (const [name, input] of CASES) {
    for (const role of ['viewer', 'editor'] as const) {
      it(`${name} as ${role}: 403`, async () => {
        const before = await snapshot();
        expect(await run(name, actors[role])(input())).toMatchObject({ ok: false, status: 403, formError: expect.stringContaining('admin role') });
        expect(await snapshot()).toBe(before);
      });
    }
    it(`${name} anonymous: 401`, async () => {
      const before = await snapshot();
      expect(await run(name, null)(input())).toMatchObject({ ok: false, status: 401 });
      expect(await snapshot()).toBe(before);
    });
  }
});

describe('as admin', () => {
  it('every action works and is audited', async () => {
    for (const [name, input] of CASES) {
      const entries = await t.db.auditEntry.count();
      const result = await run(name, actors.admin)(input());
      expect(result, name).toMatchObject({ ok: true });
      expect(await t.db.auditEntry.count(), name).toBe(entries + 1);
    }
    expect(await t.db.user.findUnique({ where: { id: targetId } })).toBeNull();
    expect(await t.db.user.findUnique({ where: { email: 'new@example.com' }, select: { role: true } })).toEqual({ role: 'editor' });
    expect((await t.db.apiToken.findUniqueOrThrow({ where: { id: tokenId } })).revokedAt).toBeInstanceOf(Date);
  });

  it('createToken answers the token once (never audited) and fields with messages', async () => {
    const created = await actions.createTokenAction.runAs(actors.admin, t.db)({ kind: 'share', name: 'wall tv', path: '/services?owner=x' });
    if (!created.ok) throw new Error(JSON.stringify(created));
    expect(created.token).toMatch(/^aws_/);
    expect(created).toMatchObject({ path: '/services?owner=x', row: { kind: 'share', role: 'viewer', createdBy: 'admin@example.com' } });
    const audit = JSON.stringify(await t.db.auditChange.findMany({ where: { section: 'tokens' } }));
    expect(audit).not.toContain(created.token);

    const bad = await actions.createTokenAction.runAs(actors.admin, t.db)({ kind: 'share', name: '  ', path: '//evil.example' });
    expect(bad).toMatchObject({ ok: false, fieldErrors: { path: expect.any(String) } });
    expect(await actions.createTokenAction.runAs(actors.admin, t.db)({ kind: 'api', name: '', role: 'viewer' })).toMatchObject({
      ok: false,
      fieldErrors: { name: expect.stringMatching(/^A name/) },
    });
    expect(await actions.createTokenAction.runAs(actors.admin, t.db)({ kind: 'api', name: 'x', role: 'viewer', expiresInDays: 'soon' })).toMatchObject({
      ok: false,
      fieldErrors: { expiresInDays: expect.any(String) },
    });
    expect(await actions.createTokenAction.runAs(actors.admin, t.db)({ kind: 'api', name: 'x' })).toMatchObject({ ok: false, fieldErrors: { role: expect.any(String) } });
    expect(await actions.createTokenAction.runAs(actors.admin, t.db)('junk')).toMatchObject({ ok: false, formError: expect.stringContaining('Malformed') });
    expect(await actions.revokeTokenAction.runAs(actors.admin, t.db)({ id: 999_999 })).toMatchObject({ ok: false, formError: expect.stringContaining('no longer exists') });
  });

  it('the admin cannot remove their own rights through the actions either', async () => {
    const own = { userId: actors.admin.id };
    expect(await actions.setRoleAction.runAs(actors.admin, t.db)({ ...own, role: 'viewer' })).toMatchObject({ ok: false, formError: expect.stringContaining('your own account') });
    expect(await actions.deleteUserAction.runAs(actors.admin, t.db)(own)).toMatchObject({ ok: false, formError: expect.stringContaining('your own account') });
  });
});
