// The audit log as the Audit page and GET /api/v1/audit read it, against the real PostgreSQL: changes made
// through the edit store and the import, then queried by entity, actor, action, section, dates and page.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getAuditEntry, getAuditEntryResponse, getAuditResponse, entityExists, listAudit, listAuditActions } from '../../lib/audit/queries';
import { AUDIT_PAGE_SIZE, CHANGES_PAGE_SIZE, parseAuditQuery, type SearchParams } from '../../lib/audit/query-params';
import { createToken } from '../../lib/auth/tokens';
import { SYSTEM_ACTOR, type Actor } from '../../lib/auth/roles';
import type { Db } from '../../lib/db/client';
import { draftFromEntry } from '../../lib/registry/entry-draft';
import { deleteEntry, saveEntry } from '../../lib/registry/edit-store';
import { importRegistryYaml } from '../../lib/registry/import';
import { applyRegistry, loadRegistry } from '../../lib/registry/store';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { createTestDatabase } from '../helpers/test-database';
import { defaultTemplates } from '../helpers/seed';

const seed = readFileSync('registry/service-registry.yaml', 'utf8');
const alice: Actor = { kind: 'user', id: 'u-alice', name: 'alice@example.com', role: 'editor' };
const bob: Actor = { kind: 'user', id: 'u-bob', name: 'bob@example.com', role: 'editor' };
const ci: Actor = { kind: 'token', id: '7', name: 'token ci-deploy', role: 'editor' };

let db: Db;
let drop: () => Promise<void>;
let viewerAuth: Record<string, string>;
const ids: Record<string, number> = {};

const query = (sp: SearchParams) => {
  const parsed = parseAuditQuery(sp);
  expect(parsed.problems).toEqual([]);
  return listAudit(parsed.query, db);
};
const actions = (rows: { action: string }[]) => rows.map((r) => r.action);
const latestId = async () => (await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' } })).id;

async function ollama() {
  const entry = (await loadRegistry(db)).services.find((s) => s.name === 'ollama');
  if (!entry) throw new Error('ollama missing');
  return entry;
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  const { token } = await createToken(db, SYSTEM_ACTOR, { kind: 'api', name: 'audit test', role: 'viewer' });
  viewerAuth = { authorization: `Bearer ${token}` };
  await db.auditEntry.deleteMany(); // the token's own audit entry is not part of these scenarios

  const imported = await importRegistryYaml(db, seed, { actor: ci });
  if (!imported.ok) throw new Error('seed import failed');
  ids.import = await latestId();

  const base = await ollama();
  const update = await saveEntry(db, alice, {
    section: 'services',
    originalKey: 'ollama',
    base,
    draft: { ...draftFromEntry('services', base), port: '11435', alerts: [...base.alerts, 'memory_high'] },
  });
  expect(update).toMatchObject({ ok: true, changed: true });
  ids.update = await latestId();

  const created = await saveEntry(db, bob, {
    section: 'services',
    draft: { ...draftFromEntry('services', base), name: 'ollama-2', port: '11500' },
  });
  expect(created).toMatchObject({ ok: true });
  ids.create = await latestId();

  const removed = await deleteEntry(db, alice, { section: 'services', key: 'ollama-2' });
  expect(removed).toMatchObject({ ok: true });
  ids.delete = await latestId();

  // Fixed times, so date filters have something definite to find (rows written now are all within a second).
  const at = (id: number, iso: string) => db.auditEntry.update({ where: { id }, data: { at: new Date(iso) } });
  await at(ids.import!, '2025-01-10T08:00:00Z');
  await at(ids.update!, '2025-02-01T12:00:00Z');
  await at(ids.create!, '2025-02-01T23:59:59Z');
  await at(ids.delete!, '2025-03-05T09:30:00Z');
});
afterAll(async () => {
  await drop();
});

describe('listAudit', () => {
  it('lists every entry newest first with its change count', async () => {
    const page = await query({});
    expect(page.rows.map((r) => r.id)).toEqual([ids.delete, ids.create, ids.update, ids.import]);
    const importRow = page.rows.at(-1)!;
    expect(importRow).toMatchObject({ action: 'registry.import', actorKind: 'token', actorName: 'token ci-deploy', actorId: '7' });
    expect(importRow.changeCount).toBe(await db.auditChange.count({ where: { entryId: ids.import } }));
    expect(importRow.changeCount).toBeGreaterThan(30);
    expect(importRow.changes).toBeUndefined();
    expect(page.rows[0]).toMatchObject({ action: 'services.delete', changeCount: 1, summary: 'a service "ollama-2" deleted' });
  });

  it("an entity's history: only the entries that touched it, each with only its change", async () => {
    const page = await query({ section: 'services', key: 'ollama' });
    expect(page.total).toBe(2);
    expect(page.rows.map((r) => r.id)).toEqual([ids.update, ids.import]);
    const [update, imported] = page.rows;
    expect(update!.changes).toHaveLength(1);
    expect(update!.changes![0]).toMatchObject({ section: 'services', key: 'ollama', op: 'changed' });
    expect(update!.changes![0]!.before).toMatchObject({ port: 11434, alerts: ['service_down', 'inference_timeout'] });
    expect(update!.changes![0]!.after).toMatchObject({ port: 11435, alerts: ['service_down', 'inference_timeout', 'memory_high'] });
    // The import changed dozens of entities; the history shows just this one.
    expect(imported!.changes).toEqual([expect.objectContaining({ key: 'ollama', op: 'added', before: null })]);
    expect(imported!.changeCount).toBeGreaterThan(30);

    const gone = await query({ section: 'services', key: 'ollama-2' });
    expect(gone.rows.map((r) => r.changes![0]!.op)).toEqual(['removed', 'added']);
    expect(await query({ section: 'pages', key: 'ollama' })).toMatchObject({ total: 0, rows: [] });
    expect(await query({ section: 'services', key: 'OLLAMA' })).toMatchObject({ total: 0 }); // keys are exact
  });

  it('filters by actor (part of the name, any case), action (exact or family) and section', async () => {
    expect(actions((await query({ actor: 'ALICE' })).rows)).toEqual(['services.delete', 'services.update']);
    expect(actions((await query({ actor: 'ci-deploy' })).rows)).toEqual(['registry.import']);
    expect((await query({ actor: 'nobody' })).total).toBe(0);
    expect(actions((await query({ action: 'services.update' })).rows)).toEqual(['services.update']);
    expect(actions((await query({ action: 'services' })).rows)).toEqual(['services.delete', 'services.create', 'services.update']);
    expect(actions((await query({ action: 'services.upd' })).rows)).toEqual([]); // exact when it has a dot
    expect(actions((await query({ section: 'owners' })).rows)).toEqual(['registry.import']);
    expect((await query({ section: 'services' })).total).toBe(4);
    expect(actions((await query({ actor: 'alice', action: 'services.delete', section: 'services' })).rows)).toEqual(['services.delete']);
    expect(await listAuditActions(db)).toEqual(['registry.import', 'services.create', 'services.delete', 'services.update']);
  });

  it('filters by date: whole UTC days, `to` inclusive; or exact instants', async () => {
    const ids_ = async (sp: SearchParams) => (await query(sp)).rows.map((r) => r.id);
    expect(await ids_({ from: '2025-02-01', to: '2025-02-01' })).toEqual([ids.create, ids.update]);
    expect(await ids_({ from: '2025-02-02' })).toEqual([ids.delete]);
    expect(await ids_({ to: '2025-01-31' })).toEqual([ids.import]);
    expect(await ids_({ from: '2025-02-01T12:00:01Z', to: '2025-03-05T09:30:00Z' })).toEqual([ids.create]);
    expect(await ids_({ from: '2025-02-01T13:00:00+02:00', to: '2025-02-02' })).toEqual([ids.create, ids.update]);
  });

  it('pages 50 at a time, newest first, without gaps or repeats', async () => {
    const base = new Date('2024-06-01T00:00:00Z').getTime();
    await db.auditEntry.createMany({
      data: Array.from({ length: 120 }, (_, i) => ({
        at: new Date(base + i * 60_000),
        actorKind: 'system',
        actorName: 'system',
        action: 'paging.test',
        summary: `entry ${i}`,
      })),
    });
    const pages = await Promise.all([1, 2, 3, 4].map((page) => query({ action: 'paging.test', page: String(page) })));
    expect(pages.map((p) => p.rows.length)).toEqual([AUDIT_PAGE_SIZE, AUDIT_PAGE_SIZE, 20, 0]);
    expect(pages[0]).toMatchObject({ total: 120, pageCount: 3, pageSize: 50, page: 1 });
    const summaries = pages.flatMap((p) => p.rows.map((r) => r.summary));
    expect(summaries).toEqual(Array.from({ length: 120 }, (_, i) => `entry ${119 - i}`));
    // Without a filter the test entries (2024) come after the 2025 ones.
    expect((await query({ page: '1' })).rows.slice(0, 4).map((r) => r.id)).toEqual([ids.delete, ids.create, ids.update, ids.import]);
  });
});

describe('getAuditEntry', () => {
  it('returns the entry, its breakdown and its changes 200 a page', async () => {
    await applyRegistry(db, syntheticRegistry({ services: 300, templates: defaultTemplates() }), {
      audit: { actor: ci, action: 'registry.import' },
    });
    const id = await latestId();
    const first = await getAuditEntry(id, 1, db);
    expect(first!.entry).toMatchObject({ id, action: 'registry.import', actorName: 'token ci-deploy' });
    const total = first!.entry.changeCount;
    expect(total).toBeGreaterThan(CHANGES_PAGE_SIZE);
    expect(first!.breakdown.find((b) => b.section === 'services' && b.op === 'added')?.count).toBe(300);
    expect(first!.breakdown.find((b) => b.section === 'services' && b.op === 'removed')?.count).toBe(11); // the seed's services
    expect(first!.breakdown.reduce((n, b) => n + b.count, 0)).toBe(total);
    expect(first!.changes).toMatchObject({ total, page: 1, pageCount: Math.ceil(total / CHANGES_PAGE_SIZE) });
    expect(first!.changes.rows).toHaveLength(CHANGES_PAGE_SIZE);
    const last = await getAuditEntry(id, first!.changes.pageCount, db);
    const seen = new Set<number>();
    for (let p = 1; p <= first!.changes.pageCount; p++) for (const c of (await getAuditEntry(id, p, db))!.changes.rows) seen.add(c.id);
    expect(seen.size).toBe(total);
    expect(last!.changes.rows.length).toBe(total - CHANGES_PAGE_SIZE * (first!.changes.pageCount - 1));
    expect(await getAuditEntry(999_999, 1, db)).toBeNull();
  });
});

describe('entityExists', () => {
  it('answers for registry sections, and does not know about users and tokens', async () => {
    expect(await entityExists('services', 'svc-00001', db)).toBe(true);
    expect(await entityExists('services', 'ollama-2', db)).toBe(false);
    expect(await entityExists('api_endpoints', 'GET /api/v1/resource-0', db)).toBe(true);
    expect(await entityExists('api_endpoints', 'FETCH /x', db)).toBe(false);
    expect(await entityExists('users', 'x', db)).toBeNull();
  });
});

describe('parseAuditQuery', () => {
  it('reports each bad parameter and ignores it; the good ones still apply', () => {
    const { query: q, problems } = parseAuditQuery({ section: 'widgets', from: '2025-02-30', to: 'yesterday', page: '0', actor: 'bob' });
    expect(q).toEqual({ actor: 'bob', action: undefined, section: undefined, key: undefined, from: undefined, to: undefined, page: 1 });
    expect(problems).toHaveLength(4);
    expect(problems[0]).toMatch(/^section="widgets": section must be one of: services, pages/);
    expect(problems.join('\n')).toMatch(/from="2025-02-30": "from" is not a real date/);
    expect(problems.join('\n')).toMatch(/to="yesterday": "to" must be a date/);
    expect(parseAuditQuery({ from: '2025-03-01', to: '2025-02-01' }).problems).toEqual([
      'from (2025-03-01) must be before to (2025-02-01); both dates were ignored.',
    ]);
    expect(parseAuditQuery({ action: 'DROP TABLE' }).problems[0]).toMatch(/an action looks like services.update/);
  });
});

describe('GET /api/v1/audit', () => {
  const get = (qs: string, headers: Record<string, string> = viewerAuth) =>
    getAuditResponse(new Request(`http://test/api/v1/audit${qs}`, { headers }), db);

  it('answers the same list as JSON for a viewer; 401 without credentials', async () => {
    expect((await get('', {})).status).toBe(401);
    // (until 2025: the synthetic import above removed ollama today)
    const res = await get('?section=services&key=ollama&to=2025-12-31');
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ total: 2, page: 1, pageCount: 1, pageSize: 50 });
    expect(body.entries[0]).toMatchObject({
      id: ids.update,
      at: '2025-02-01T12:00:00.000Z',
      actor: { kind: 'user', id: 'u-alice', name: 'alice@example.com' },
      action: 'services.update',
      changeCount: 1,
      changes: [{ section: 'services', key: 'ollama', op: 'changed' }],
    });
  });

  it('400 with the problems for bad parameters', async () => {
    const res = await get('?page=abc&section=nope');
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.error).toBe('invalid query parameters');
    expect(body.problems).toHaveLength(2);
  });

  it('one entry with its changes; 404 for an unknown id', async () => {
    const res = await getAuditEntryResponse(new Request(`http://test/api/v1/audit/${ids.update}`, { headers: viewerAuth }), String(ids.update), db);
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body).toMatchObject({ entry: { id: ids.update, actor: { name: 'alice@example.com' } }, total: 1 });
    expect(body.changes[0]).toMatchObject({ key: 'ollama', op: 'changed' });
    const missing = await getAuditEntryResponse(new Request('http://test/api/v1/audit/x', { headers: viewerAuth }), 'x', db);
    expect(missing.status).toBe(404);
  });
});
