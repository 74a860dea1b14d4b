// Form edits against the real PostgreSQL: create, update, rename and delete one entry, with optimistic
// concurrency (a stale base is refused and writes nothing), reference guards and an audit record per change.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '../../lib/auth/roles';
import type { Db } from '../../lib/db/client';
import { emptyDraft, draftFromEntry, type Draft } from '../../lib/registry/entry-draft';
import { deleteEntry, saveEntry } from '../../lib/registry/edit-store';
import { registryRevision } from '../../lib/registry/export';
import { importRegistryYaml } from '../../lib/registry/import';
import type { Registry, Section } from '../../lib/registry/model';
import { loadRegistry } from '../../lib/registry/store';
import { createTestDatabase } from '../helpers/test-database';

const seed = readFileSync('registry/service-registry.yaml', 'utf8');
const ed: Actor = { kind: 'user', id: null, name: 'ed@example.com', role: 'editor' };
let db: Db;
let drop: () => Promise<void>;

const find = (reg: Registry, section: Section, pick: (e: Record<string, unknown>) => boolean) =>
  (reg[section] as unknown as Record<string, unknown>[]).find(pick);
const service = async (name: string) => find(await loadRegistry(db), 'services', (s) => s.name === name);
const draft = (section: Section, fields: Draft): Draft => ({ ...emptyDraft(section), ...fields });

/** Registry revision and audit row counts: what must not move when an edit is refused. */
async function state() {
  return { revision: registryRevision(await loadRegistry(db)), entries: await db.auditEntry.count(), changes: await db.auditChange.count() };
}

async function lastAudit() {
  return db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' }, include: { changes: { orderBy: { id: 'asc' } } } });
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  const imported = await importRegistryYaml(db, seed);
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems.slice(0, 3)));
});
afterAll(async () => {
  await drop();
});

describe('saveEntry', () => {
  it('creates a service and records who did it, with the entry after', async () => {
    const result = await saveEntry(db, ed, {
      section: 'services',
      draft: draft('services', { name: 'billing', type: 'docker', host: '10.0.0.7', port: '9000', owner: 'backend-team', prometheus: true, alerts: ['service_down'] }),
    });
    expect(result).toMatchObject({ ok: true, key: 'billing', changed: true });
    expect(await service('billing')).toMatchObject({ type: 'docker', host: '10.0.0.7', port: 9000, alerts: ['service_down'] });

    const audit = await lastAudit();
    expect(audit).toMatchObject({ actorKind: 'user', actorName: 'ed@example.com', action: 'services.create' });
    expect(audit.summary).toContain('"billing" created');
    expect(audit.changes).toHaveLength(1);
    expect(audit.changes[0]).toMatchObject({ section: 'services', key: 'billing', op: 'added', before: null });
    expect(audit.changes[0]!.after).toMatchObject({ name: 'billing', port: 9000 });
  });

  it('updates with the loaded entry as base, and records before and after', async () => {
    const base = await service('billing');
    const result = await saveEntry(db, ed, {
      section: 'services',
      originalKey: 'billing',
      base,
      draft: { ...draftFromEntry('services', base as never), port: '9100', otel: true },
    });
    expect(result).toMatchObject({ ok: true, key: 'billing', changed: true });
    expect(await service('billing')).toMatchObject({ port: 9100, monitoring: { otel: true, prometheus: true } });

    const audit = await lastAudit();
    expect(audit.action).toBe('services.update');
    expect(audit.changes).toEqual([
      expect.objectContaining({ section: 'services', key: 'billing', op: 'changed', before: expect.objectContaining({ port: 9000 }), after: expect.objectContaining({ port: 9100 }) }),
    ]);
  });

  it('saving an unchanged entry succeeds and writes nothing', async () => {
    const base = await service('billing');
    const before = await state();
    const result = await saveEntry(db, ed, { section: 'services', originalKey: 'billing', base, draft: draftFromEntry('services', base as never) });
    expect(result).toMatchObject({ ok: true, changed: false });
    expect(await state()).toEqual(before);
  });

  it('renames: the old key is gone, the new one holds the entry', async () => {
    const base = await service('billing');
    const result = await saveEntry(db, ed, { section: 'services', originalKey: 'billing', base, draft: { ...draftFromEntry('services', base as never), name: 'invoicing' } });
    expect(result).toMatchObject({ ok: true, key: 'invoicing' });
    expect(await service('billing')).toBeUndefined();
    expect(await service('invoicing')).toMatchObject({ host: '10.0.0.7', port: 9100 });
    const audit = await lastAudit();
    expect(audit.summary).toContain('renamed from "billing"');
    expect(audit.changes.map((c) => [c.key, c.op]).sort()).toEqual([
      ['billing', 'removed'],
      ['invoicing', 'added'],
    ]);
  });

  it('refuses a stale base with both versions, and writes nothing', async () => {
    const stale = await service('invoicing');
    // Someone else saves first.
    await saveEntry(db, ed, { section: 'services', originalKey: 'invoicing', base: stale, draft: { ...draftFromEntry('services', stale as never), port: '9200' } });
    const theirs = await service('invoicing');
    const before = await state();

    const mine = { ...draftFromEntry('services', stale as never), health_endpoint: '/healthz' };
    const result = await saveEntry(db, ed, { section: 'services', originalKey: 'invoicing', base: stale, draft: mine });
    expect(result).toMatchObject({ ok: false, kind: 'conflict', base: stale, theirs, yours: expect.objectContaining({ health_endpoint: '/healthz', port: 9100 }) });
    expect(await state()).toEqual(before);

    // Keep mine: the same draft with theirs as the base goes through.
    const again = await saveEntry(db, ed, { section: 'services', originalKey: 'invoicing', base: theirs, draft: mine });
    expect(again).toMatchObject({ ok: true, changed: true });
    expect(await service('invoicing')).toMatchObject({ port: 9100, health_endpoint: '/healthz' });
  });

  it('reports a conflict with theirs = null when the entry was deleted meanwhile', async () => {
    const base = await service('invoicing');
    expect(await deleteEntry(db, ed, { section: 'services', key: 'invoicing', base })).toMatchObject({ ok: true });
    const before = await state();
    const result = await saveEntry(db, ed, { section: 'services', originalKey: 'invoicing', base, draft: draftFromEntry('services', base as never) });
    expect(result).toMatchObject({ ok: false, kind: 'conflict', theirs: null });
    expect(await state()).toEqual(before);
  });

  it('refuses an invalid draft with field errors and writes nothing', async () => {
    const before = await state();
    const result = await saveEntry(db, ed, {
      section: 'services',
      draft: draft('services', { name: 'bad name', type: 'k8s-deployment', owner: 'nobody', port: '99999', alerts: ['no_such_template'] }),
    });
    expect(result.ok).toBe(false);
    if (result.ok || result.kind !== 'invalid') throw new Error(`expected invalid, got ${JSON.stringify(result)}`);
    expect(Object.keys(result.fieldErrors).sort()).toEqual(['alerts', 'name', 'namespace', 'owner', 'port']);
    expect(await state()).toEqual(before);
  });

  it('refuses creating onto a taken key, on the identity field', async () => {
    const before = await state();
    const result = await saveEntry(db, ed, { section: 'pages', draft: draft('pages', { path: '/', name: 'Home again' }) });
    expect(result).toMatchObject({ ok: false, kind: 'invalid', fieldErrors: { path: expect.stringMatching(/already exists/) } });
    const endpoint = await saveEntry(db, ed, { section: 'api_endpoints', draft: draft('api_endpoints', { method: 'GET', path: '/api/v1/health' }) });
    expect(endpoint).toMatchObject({ ok: false, kind: 'invalid', fieldErrors: { path: expect.stringMatching(/already exists/) } });
    expect(await state()).toEqual(before);
  });

  it('creates and updates pages and endpoints with their audit actions', async () => {
    expect(await saveEntry(db, ed, { section: 'pages', draft: draft('pages', { path: '/billing', name: 'Billing', web_vitals: true, alerts: ['slow_page_load'] }) })).toMatchObject({ ok: true, key: '/billing' });
    expect((await lastAudit()).action).toBe('pages.create');
    const created = await saveEntry(db, ed, { section: 'api_endpoints', draft: draft('api_endpoints', { method: 'POST', path: '/api/v1/bill', slo_latency_ms: '800', slo_availability: '99.5' }) });
    expect(created).toMatchObject({ ok: true, key: 'POST /api/v1/bill' });
    const reg = await loadRegistry(db);
    expect(find(reg, 'api_endpoints', (e) => e.path === '/api/v1/bill')).toEqual({ method: 'POST', path: '/api/v1/bill', critical: false, slo_latency_ms: 800, slo_availability: 99.5 });
    expect(find(reg, 'pages', (p) => p.path === '/billing')).toMatchObject({ monitoring: { web_vitals: true, sentry_session: false } });
  });

  it('refuses renaming an owner that services use', async () => {
    const base = find(await loadRegistry(db), 'owners', (o) => o.name === 'ai-team');
    const before = await state();
    const result = await saveEntry(db, ed, { section: 'owners', originalKey: 'ai-team', base, draft: draft('owners', { name: 'ml-team' }) });
    expect(result).toMatchObject({ ok: false, kind: 'invalid', fieldErrors: { name: expect.stringMatching(/cannot rename: used by service/) } });
    expect(await state()).toEqual(before);
  });
});

describe('deleteEntry', () => {
  it('refuses to delete an owner in use, listing its services, and writes nothing', async () => {
    const before = await state();
    const result = await deleteEntry(db, ed, { section: 'owners', key: 'ai-team' });
    expect(result).toMatchObject({ ok: false, kind: 'in-use', formError: expect.stringContaining('in use by') });
    if (result.ok || result.kind !== 'in-use') throw new Error('expected in-use');
    expect(result.usedBy).toContain('service ollama');
    expect(await state()).toEqual(before);
  });

  it('deletes an unused owner and records the entry before', async () => {
    expect(await saveEntry(db, ed, { section: 'owners', draft: draft('owners', { name: 'sre', display_name: 'SRE', email: 'sre@example.com' }) })).toMatchObject({ ok: true });
    const base = find(await loadRegistry(db), 'owners', (o) => o.name === 'sre');
    expect(base).toEqual({ name: 'sre', display_name: 'SRE', email: 'sre@example.com' });
    expect(await deleteEntry(db, ed, { section: 'owners', key: 'sre', base })).toMatchObject({ ok: true, key: 'sre', changed: true });
    expect(find(await loadRegistry(db), 'owners', (o) => o.name === 'sre')).toBeUndefined();
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'owners.delete', actorName: 'ed@example.com' });
    expect(audit.changes).toEqual([expect.objectContaining({ section: 'owners', key: 'sre', op: 'removed', before: base, after: null })]);
  });

  it('refuses a delete on a stale base, and says when the entry is gone', async () => {
    const base = find(await loadRegistry(db), 'pages', (p) => p.path === '/billing');
    await saveEntry(db, ed, { section: 'pages', originalKey: '/billing', base, draft: { ...draftFromEntry('pages', base as never), name: 'Invoices' } });
    const before = await state();
    expect(await deleteEntry(db, ed, { section: 'pages', key: '/billing', base })).toMatchObject({ ok: false, kind: 'conflict' });
    expect(await deleteEntry(db, ed, { section: 'pages', key: '/nowhere' })).toMatchObject({ ok: false, kind: 'not-found' });
    expect(await state()).toEqual(before);
  });
});

describe('hosts', () => {
  const edge = { name: 'edge-1', address: '192.168.0.188', ssh_user: 'deploy', ssh_key: 'env:EDGE1_SSH_KEY' };

  it('are created from the form, stored, exported with their key reference, and audited', async () => {
    const result = await saveEntry(db, ed, { section: 'hosts', draft: draft('hosts', { ...edge, ssh_port: '2222' }) });
    expect(result).toMatchObject({ ok: true, key: 'edge-1', changed: true });
    const stored = await loadRegistry(db);
    expect(stored.hosts).toEqual([{ ...edge, ssh_port: 2222 }]);
    expect(await db.host.findUniqueOrThrow({ where: { name: 'edge-1' } })).toMatchObject({ address: '192.168.0.188', sshPort: 2222, sshKey: 'env:EDGE1_SSH_KEY' });
    const audit = await lastAudit();
    expect(audit).toMatchObject({ action: 'hosts.create' });
    expect(audit.changes[0]).toMatchObject({ section: 'hosts', key: 'edge-1', op: 'added' });
  });

  it('come back from the export: re-importing it changes nothing', async () => {
    const { registryToYaml } = await import('../../lib/registry/export');
    const text = registryToYaml(await loadRegistry(db));
    expect(text).toMatch(/^hosts:\n {2}- name: edge-1\n/m);
    const again = await importRegistryYaml(db, text);
    expect(again.ok && again.diff.empty).toBe(true);
  });

  it('refuses deleting a host that services run on (seed services give its address), and writes nothing', async () => {
    const before = await state();
    const base = (await loadRegistry(db)).hosts[0];
    const result = await deleteEntry(db, ed, { section: 'hosts', key: 'edge-1', base });
    expect(result).toMatchObject({ ok: false, kind: 'in-use' });
    expect(result.ok === false && result.kind === 'in-use' && result.usedBy).toContain('service ollama');
    expect(await state()).toEqual(before);
  });
});
