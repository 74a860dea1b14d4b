// Every server action in the app, called as anonymous, viewer, editor and admin against a real database:
// below its role it is refused (401/403) and writes nothing; at or above it gets past the check (and then
// refuses the empty input on its merits). The table says which role each action needs; an action that is not
// in the table, or not built with defineAction, fails the test: a new action cannot slip in unguarded.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isDenied, type GuardedAction } from '@/lib/auth/action';
import { ROLES, roleAllows, type Actor, type Role } from '@/lib/auth/roles';
import { waitForDiscovery } from '@/lib/discovery/runner';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

/** file#export -> the role it needs. */
const EXPECTED: Record<string, Role> = {
  'app/actions/registry.ts#saveEntryAction': 'editor',
  'app/actions/registry.ts#deleteEntryAction': 'editor',
  'app/actions/registry.ts#bulkEditServicesAction': 'editor',
  'app/services/bulk/actions.ts#previewBulkEditAction': 'editor',
  'app/admin/actions.ts#createUserAction': 'admin',
  'app/admin/actions.ts#setRoleAction': 'admin',
  'app/admin/actions.ts#setBannedAction': 'admin',
  'app/admin/actions.ts#resetPasswordAction': 'admin',
  'app/admin/actions.ts#deleteUserAction': 'admin',
  'app/admin/actions.ts#createTokenAction': 'admin',
  'app/admin/actions.ts#revokeTokenAction': 'admin',
  'app/discovery/actions.ts#startScanAction': 'editor',
  'app/discovery/actions.ts#ignoreAction': 'editor',
  'app/discovery/actions.ts#unignoreAction': 'editor',
  'app/deploy/actions.ts#previewAction': 'viewer',
  'app/deploy/actions.ts#pushAction': 'editor',
  'app/deploy/actions.ts#rollbackAction': 'editor',
  'app/deploy/git-actions.ts#exportToGitAction': 'editor',
  'app/deploy/git-actions.ts#previewSyncFromGitAction': 'editor',
  'app/deploy/git-actions.ts#applySyncFromGitAction': 'editor',
};

/** Arguments each action is called with: empty or malformed input, so an allowed call changes nothing either. */
const EMPTY_INPUT: unknown[] = [{}];

function serverActionFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...serverActionFiles(full));
    else if (/\.tsx?$/.test(name) && /^\s*(['"])use server\1/.test(readFileSync(full, 'utf8'))) out.push(full);
  }
  return out;
}

const actorFor = (role: Role): Actor => ({ kind: 'user', id: null, name: `${role}@example.com`, role });

let t: TestDatabase;
const actions = new Map<string, GuardedAction<unknown[], unknown>>();

beforeAll(async () => {
  t = await createTestDatabase();
  for (const file of serverActionFiles(path.resolve('app'))) {
    const rel = path.relative(process.cwd(), file).split(path.sep).join('/');
    const mod = (await import(/* @vite-ignore */ file)) as Record<string, unknown>;
    for (const [name, value] of Object.entries(mod)) actions.set(`${rel}#${name}`, value as GuardedAction<unknown[], unknown>);
  }
});
// "Scan now" lets its scan finish in the background: wait for it before the database goes.
afterAll(async () => {
  await waitForDiscovery();
  await t.drop();
});

/** Row counts of everything an action could write. */
async function footprint(): Promise<string> {
  const d = t.db;
  const counts = await Promise.all([
    d.service.count(), d.page.count(), d.apiEndpoint.count(), d.alertTemplate.count(), d.owner.count(),
    d.user.count(), d.apiToken.count(), d.auditEntry.count(), d.session.count(), d.discoveryIgnore.count(), d.deployPush.count(),
  ]);
  return counts.join(',');
}

describe('server actions as every role', () => {
  it('finds exactly the actions the table lists, each guarded by defineAction with that role', () => {
    expect([...actions.keys()].sort()).toEqual(Object.keys(EXPECTED).sort());
    for (const [id, action] of actions) {
      expect(typeof action.runAs, `${id} is not built with defineAction`).toBe('function');
      expect(action.requiredRole, id).toBe(EXPECTED[id]);
    }
  });

  it('refuses anonymous callers and roles below the action with 401/403 and writes nothing', async () => {
    for (const [id, action] of actions) {
      const before = await footprint();
      const anonymous = await action.runAs(null, t.db)(...EMPTY_INPUT);
      expect(anonymous, `${id} as anonymous`).toMatchObject({ ok: false, status: 401 });
      for (const role of ROLES.filter((r) => !roleAllows(r, action.requiredRole))) {
        const denied = await action.runAs(actorFor(role), t.db)(...EMPTY_INPUT);
        expect(denied, `${id} as ${role}`).toMatchObject({ ok: false, status: 403 });
        expect((denied as { formError: string }).formError).toMatch(new RegExp(`needs the ${action.requiredRole} role`));
      }
      expect(await footprint(), `${id} wrote something while refusing`).toBe(before);
    }
  });

  it('lets the role and those above it past the check', async () => {
    for (const [id, action] of actions) {
      for (const role of ROLES.filter((r) => roleAllows(r, action.requiredRole))) {
        const result = await action.runAs(actorFor(role), t.db)(...EMPTY_INPUT);
        expect(isDenied(result), `${id} as ${role}: ${JSON.stringify(result)}`).toBe(false);
      }
    }
  });
});
