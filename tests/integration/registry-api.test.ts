// The HTTP API as the route handlers serve it, against the real PostgreSQL.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDb, type Db } from '../../lib/db/client';
import { checkDatabase } from '../../lib/db/health';
import { getRegistryResponse, putRegistryResponse } from '../../lib/registry/http';
import { createTestDatabase } from '../helpers/test-database';
import { createToken } from '../../lib/auth/tokens';
import { SYSTEM_ACTOR } from '../../lib/auth/roles';

const seed = readFileSync('registry/service-registry.yaml', 'utf8');
let db: Db;
let drop: () => Promise<void>;
const database = () => db;

const tokens: Record<'viewer' | 'editor', Record<string, string>> = { viewer: {}, editor: {} };
const put = (body: BodyInit, query = '', headers: Record<string, string> = {}, as: 'viewer' | 'editor' = 'editor') =>
  putRegistryResponse(new Request(`http://test/api/v1/registry${query}`, { method: 'PUT', body, headers: { ...tokens[as], ...headers } }), database);
const get = (query = '', headers: Record<string, string> = {}) =>
  getRegistryResponse(new Request(`http://test/api/v1/registry${query}`, { headers: { ...tokens.viewer, ...headers } }), database);

/** Every registry row with its version and timestamps. */
async function snapshot(): Promise<string> {
  const tables = ['Owner', 'AlertTemplate', 'Service', 'Page', 'ApiEndpoint'];
  const rows = [];
  for (const table of tables) rows.push(await db.$queryRawUnsafe(`SELECT to_jsonb(t) AS row FROM "${table}" t ORDER BY to_jsonb(t)::text`));
  return JSON.stringify(rows);
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  for (const role of ['viewer', 'editor'] as const) {
    const { token } = await createToken(db, SYSTEM_ACTOR, { kind: 'api', name: `registry test ${role}`, role });
    tokens[role] = { authorization: `Bearer ${token}` };
  }
});
afterAll(async () => {
  await drop();
});

describe('who may call it', () => {
  it('GET needs a viewer, PUT an editor; a viewer may preview (dry run) but not apply', async () => {
    const anonymous = await getRegistryResponse(new Request('http://test/api/v1/registry'), database);
    expect(anonymous.status).toBe(401);
    const anonymousPut = await putRegistryResponse(new Request('http://test/api/v1/registry', { method: 'PUT', body: seed }), database);
    expect(anonymousPut.status).toBe(401);
    const viewerApply = await put(seed, '', {}, 'viewer');
    expect(viewerApply.status).toBe(403);
    expect((await viewerApply.json()).error).toMatch(/needs the editor role/);
    expect((await put(seed, '?dryRun=1', {}, 'viewer')).status).toBe(200);
    expect(await db.service.count()).toBe(0);
  });
});

describe('PUT /api/v1/registry', () => {
  it('previews with ?dryRun=1 and writes nothing', async () => {
    const res = await put(seed, '?dryRun=1');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.diff.sections.services.added).toHaveLength(11);
    expect(typeof body.revision).toBe('string');
    expect(await db.service.count()).toBe(0);
  });

  it('applies, then GET returns the export with an ETag', async () => {
    const res = await put(seed);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.applied).toBe(true);
    const exported = await get();
    expect(exported.status).toBe(200);
    expect(exported.headers.get('content-type')).toMatch(/yaml/);
    expect(exported.headers.get('etag')).toBe(`"${body.revision}"`);
    const text = await exported.text();
    expect(text).toContain('  - name: awoooi-api\n');
    expect((await get('', { 'if-none-match': `"${body.revision}"` })).status).toBe(304);
    const download = await get('?download=1');
    expect(download.headers.get('content-disposition')).toBe('attachment; filename="service-registry.yaml"');
    const again = await (await put(text, '?dryRun=1')).json();
    expect(again.diff.empty).toBe(true);
    // the import is in the audit log, by the token that made it, with every entry it added
    const entry = await db.auditEntry.findFirstOrThrow({ where: { action: 'registry.import' }, include: { changes: true } });
    expect(entry.actorName).toBe('token registry test editor');
    expect(entry.changes.filter((c) => c.section === 'services' && c.op === 'added')).toHaveLength(11);
  });

  it('answers 422 with [{path, line, column, message}] for bad input, changing nothing', async () => {
    const before = await snapshot();
    const res = await put('services:\n  - name: api\n    type: docker\n    host: 10.0.0.1\n    owner: t\n    port: "80"\n');
    expect(res.status).toBe(422);
    expect(await res.json()).toEqual([
      { path: 'services[0].port', line: 6, column: 11, message: 'expected a whole number from 1 to 65535, got text "80"' },
    ]);
    const binary = await put(new Uint8Array([0xff, 0xfe, 0x00, 0x41]));
    expect(binary.status).toBe(422);
    expect((await binary.json())[0].message).toMatch(/UTF-8/);
    expect(await snapshot()).toBe(before);
  });

  it('answers 413 for a body over the limit, without reading it all', async () => {
    const before = await snapshot();
    const big = 'x'.repeat(11 * 1024 * 1024);
    const res = await put(big);
    expect(res.status).toBe(413);
    expect((await res.json()).error).toMatch(/limit/);
    // without a Content-Length the stream is cut at the limit too
    const stream = new ReadableStream<Uint8Array>({
      start(controller) {
        for (let i = 0; i < 12; i++) controller.enqueue(new Uint8Array(1024 * 1024).fill(32));
        controller.close();
      },
    });
    const streamed = await putRegistryResponse(
      new Request('http://test/api/v1/registry', { method: 'PUT', body: stream, duplex: 'half', headers: tokens.editor } as RequestInit),
      database,
    );
    expect(streamed.status).toBe(413);
    expect(await snapshot()).toBe(before);
  });

  it('answers 412 when If-Match names an old revision, and applies with the current one', async () => {
    const current = (await (await put(seed, '?dryRun=1')).json()).revision as string;
    const stale = await put(seed.replace('port: 6380', 'port: 6390'), '', { 'if-match': '"0000000000"' });
    expect(stale.status).toBe(412);
    expect((await db.service.findUniqueOrThrow({ where: { name: 'redis' } })).port).toBe(6380);
    const fresh = await put(seed.replace('port: 6380', 'port: 6390'), '', { 'if-match': `"${current}"` });
    expect(fresh.status).toBe(200);
    expect((await db.service.findUniqueOrThrow({ where: { name: 'redis' } })).port).toBe(6390);
  });
});

describe('health', () => {
  it('is ok when the database answers', async () => {
    expect(await checkDatabase(db)).toMatchObject({ status: 'ok', database: 'up' });
  });

  it('is down (503 at the route) when the database does not answer, without leaking the URL', async () => {
    const unreachable = createDb('postgresql://postgres:secret@127.0.0.1:1/nowhere', 1);
    try {
      const health = await checkDatabase(unreachable, 2_000);
      expect(health).toMatchObject({ status: 'error', database: 'down' });
      expect(health.error).not.toMatch(/secret/);
      const res = await get('', {});
      expect(res.status).toBe(200);
      const down = await getRegistryResponse(new Request('http://test/api/v1/registry', { headers: tokens.viewer }), () => unreachable);
      expect(down.status).toBe(503);
    } finally {
      await unreachable.$disconnect();
    }
  });
});
