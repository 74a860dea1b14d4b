// The push API against the real database: roles (viewer reads, editor pushes), a push started and waited for
// through POST ?wait=1, 409 while one runs, 422 without targets, 400 for bad input, and the rows as JSON.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '@/lib/auth/tokens';
import { SYSTEM_ACTOR, type Role } from '@/lib/auth/roles';
import { startPush, waitForPush } from '@/lib/deploy/push';
import { getPushResponse, listPushesResponse, postPushResponse } from '@/lib/deploy/push-http';
import { applyRegistry } from '@/lib/registry/store';
import { seedRegistry } from '../helpers/seed';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const root = mkdtempSync(path.join(tmpdir(), 'awoooi-deploy-api-'));
let t: TestDatabase;
const bearer: Partial<Record<Role, string>> = {};

const request = (method: string, url: string, role?: Role, body?: string) =>
  new Request(`http://test${url}`, { method, headers: role ? { authorization: `Bearer ${bearer[role]}` } : {}, ...(body === undefined ? {} : { body }) });

beforeAll(async () => {
  t = await createTestDatabase();
  await applyRegistry(t.db, seedRegistry());
  for (const role of ['viewer', 'editor'] as const) bearer[role] = (await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: `deploy ${role}`, role })).token;
  const settings = path.join(root, 'settings.yml');
  writeFileSync(settings, 'self:\n  target: 127.0.0.1:9\n');
  const config = path.join(root, 'deploy.yml');
  writeFileSync(config, `targets:\n  - name: folder\n    type: directory\n    dir: ${path.join(root, 'monitoring')}\n`);
  process.env.GENERATE_SETTINGS_FILE = settings;
  process.env.DEPLOY_CONFIG = config;
});

afterAll(async () => {
  await waitForPush();
  delete process.env.DEPLOY_CONFIG;
  delete process.env.GENERATE_SETTINGS_FILE;
  await t?.drop();
});

describe('the push API', () => {
  const db = () => t.db;

  it('lets editors push and viewers read, and says why it refuses', async () => {
    expect((await postPushResponse(request('POST', '/api/v1/deploy/pushes'), db)).status).toBe(401);
    expect((await postPushResponse(request('POST', '/api/v1/deploy/pushes', 'viewer'), db)).status).toBe(403);
    const bad = await postPushResponse(request('POST', '/api/v1/deploy/pushes', 'editor', '{"rollbackOf":"one"}'), db);
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { error: string }).error).toBe('rollbackOf must be a push id (a positive whole number), got "one"');

    const pushed = await postPushResponse(request('POST', '/api/v1/deploy/pushes?wait=1', 'editor'), db);
    expect(pushed.status).toBe(200);
    const row = (await pushed.json()) as { id: number; status: string; actorName: string; targets: { name: string; status: string }[] };
    expect(row).toMatchObject({ status: 'ok', actorName: 'token deploy editor', targets: [{ name: 'folder', status: 'ok' }] });

    const list = await listPushesResponse(request('GET', '/api/v1/deploy/pushes', 'viewer'), db);
    expect(((await list.json()) as { pushes: { id: number }[] }).pushes.map((p) => p.id)).toEqual([row.id]);
    const one = await getPushResponse(request('GET', `/api/v1/deploy/pushes/${row.id}`, 'viewer'), String(row.id), db);
    expect(await one.json()).toMatchObject({ id: row.id, kind: 'push', fileCount: expect.any(Number) });
    expect((await getPushResponse(request('GET', '/x', 'viewer'), 'abc', db)).status).toBe(400);
    expect((await getPushResponse(request('GET', '/x', 'viewer'), '999999', db)).status).toBe(404);

    const started = await startPush(t.db, { actor: SYSTEM_ACTOR, kind: 'push' });
    if (!started.ok) throw new Error(started.message);
    const busy = await postPushResponse(request('POST', '/api/v1/deploy/pushes', 'editor'), db);
    expect(busy.status).toBe(409);
    expect(await busy.json()).toMatchObject({ pushId: started.pushId, url: `/api/v1/deploy/pushes/${started.pushId}` });
    await started.done;

    const rollback = await postPushResponse(request('POST', '/api/v1/deploy/pushes', 'editor', JSON.stringify({ rollbackOf: row.id })), db);
    expect(rollback.status).toBe(202);
    await waitForPush();

    // The history in pages, newest first; bad paging is refused with why.
    const paged = await listPushesResponse(request('GET', '/api/v1/deploy/pushes?page=2&per_page=2', 'viewer'), db);
    expect(await paged.json()).toMatchObject({ pushes: [{ id: row.id }], page: 2, perPage: 2, pageCount: 2, total: 3 });
    const firstPage = (await (await listPushesResponse(request('GET', '/api/v1/deploy/pushes?per_page=2', 'viewer'), db)).json()) as { pushes: { id: number; kind: string }[] };
    expect(firstPage.pushes.map((p) => p.kind)).toEqual(['rollback', 'push']);
    for (const [query, error] of [
      ['page=0', 'page must be a whole number from 1 to 10000000, got "0"'],
      ['per_page=201', 'per_page must be a whole number from 1 to 200, got "201"'],
      ['page=two', 'page must be a whole number from 1 to 10000000, got "two"'],
    ]) {
      const refused = await listPushesResponse(request('GET', `/api/v1/deploy/pushes?${query}`, 'viewer'), db);
      expect(refused.status).toBe(400);
      expect(await refused.json()).toEqual({ error });
    }

    delete process.env.DEPLOY_CONFIG;
    const none = await postPushResponse(request('POST', '/api/v1/deploy/pushes', 'editor'), db);
    expect(none.status).toBe(422);
    expect(((await none.json()) as { error: string }).error).toMatch(/^there are no deploy targets: set DEPLOY_CONFIG/);
  }, 90_000);
});
