// GET /api/v1/registry/pages as the route handler serves it, against the real PostgreSQL: who may read it, its
// content-derived ETag, 304 on revalidation, and a new ETag when the pages change.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SHARE_COOKIE } from '../../lib/auth/token-format';
import { SYSTEM_ACTOR } from '../../lib/auth/roles';
import { createToken, revokeToken } from '../../lib/auth/tokens';
import { importRegistryYaml } from '../../lib/registry/import';
import { getRegistryPagesResponse, PAGES_CACHE_CONTROL } from '../../lib/rum/pages-http';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let t: TestDatabase;
let viewer: Record<string, string>;
const database = () => t.db;
const get = (headers: Record<string, string> = viewer) =>
  getRegistryPagesResponse(new Request('http://test/api/v1/registry/pages', { headers }), database);

beforeAll(async () => {
  t = await createTestDatabase();
  const imported = await importRegistryYaml(t.db, readFileSync('registry/service-registry.yaml', 'utf8'));
  if (!imported.ok) throw new Error('seed import failed');
  const { token } = await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'pages test viewer', role: 'viewer' });
  viewer = { authorization: `Bearer ${token}` };
});
afterAll(() => t.drop());

describe('who may read it', () => {
  it('needs a viewer: anonymous and unknown or revoked tokens get 401', async () => {
    const anonymous = await get({});
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toMatch(/^Bearer/);
    expect(anonymous.headers.get('etag')).toBeNull();
    expect((await get({ authorization: 'Bearer awm_not_a_real_token' })).status).toBe(401);
    const { token, row } = await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'soon revoked', role: 'viewer' });
    expect((await get({ authorization: `Bearer ${token}` })).status).toBe(200);
    await revokeToken(t.db, SYSTEM_ACTOR, row.id);
    expect((await get({ authorization: `Bearer ${token}` })).status).toBe(401);
  });

  it('a share link (read-only) may read it too, as any viewer may', async () => {
    const { token } = await createToken(t.db, SYSTEM_ACTOR, { kind: 'share', name: 'wall', role: 'viewer' });
    expect((await get({ cookie: `${SHARE_COOKIE}=${token}` })).status).toBe(200);
  });
});

describe('the list and its ETag', () => {
  it('lists every registered page sorted by path, with a content-derived strong ETag and cache headers', async () => {
    const res = await get();
    expect(res.status).toBe(200);
    const body = (await res.json()) as { pages: { path: string; name: string }[]; revision: string };
    const stored = await t.db.page.findMany({ select: { path: true, name: true } });
    expect(body.pages).toHaveLength(stored.length);
    expect(body.pages.length).toBeGreaterThan(3);
    expect(body.pages.map((p) => p.path)).toEqual(stored.map((p) => p.path).sort());
    expect(body.pages).toContainEqual({ path: '/', name: 'Dashboard' });
    expect(body.revision).toMatch(/^[0-9a-f]{64}$/);
    expect(res.headers.get('etag')).toBe(`"${body.revision}"`);
    expect(res.headers.get('cache-control')).toBe(PAGES_CACHE_CONTROL);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    // same content, same ETag
    expect((await get()).headers.get('etag')).toBe(res.headers.get('etag'));
  });

  it('answers 304 with no body when If-None-Match names the current ETag', async () => {
    const etag = (await get()).headers.get('etag')!;
    for (const header of [etag, `W/${etag}`, `"older", ${etag}`, '*']) {
      const res = await get({ ...viewer, 'if-none-match': header });
      expect(res.status, header).toBe(304);
      expect(res.headers.get('etag')).toBe(etag);
      expect(res.headers.get('cache-control')).toBe(PAGES_CACHE_CONTROL);
      expect(await res.text()).toBe('');
    }
    expect((await get({ ...viewer, 'if-none-match': '"something-else"' })).status).toBe(200);
    // revalidation does not bypass the role check
    expect((await get({ 'if-none-match': etag })).status).toBe(401);
  });

  it('changes when a page is added, renamed or removed', async () => {
    const before = (await get()).headers.get('etag')!;
    await t.db.page.create({ data: { path: '/legacy/[id]', name: 'Legacy' } });
    const added = await get({ ...viewer, 'if-none-match': before });
    expect(added.status).toBe(200);
    const afterAdd = added.headers.get('etag')!;
    expect(afterAdd).not.toBe(before);
    expect(((await added.json()) as { pages: { path: string }[] }).pages.map((p) => p.path)).toContain('/legacy/[id]');

    await t.db.page.update({ where: { path: '/legacy/[id]' }, data: { name: 'Legacy detail' } });
    const afterRename = (await get()).headers.get('etag')!;
    expect(afterRename).not.toBe(afterAdd);

    await t.db.page.delete({ where: { path: '/legacy/[id]' } });
    expect((await get()).headers.get('etag')).toBe(before);
  });
});
