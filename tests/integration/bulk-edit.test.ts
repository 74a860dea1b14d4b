// The bulk-edit page against the real PostgreSQL: which services a filter offers (lib/registry/bulk-queries.ts),
// the preview (previewBulkEditAction: editor only, writes nothing, counts only services that would really change),
// and that applying the previewed request changes exactly those services in one audited entry.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { previewBulkEditAction } from '@/app/services/bulk/actions';
import { NO_CHANGE, bulkRequest, toggleTemplate } from '@/components/bulk/bulk-request';
import { listAudit } from '@/lib/audit/queries';
import { parseAuditQuery } from '@/lib/audit/query-params';
import type { Actor, Role } from '@/lib/auth/roles';
import type { Db } from '@/lib/db/client';
import { listBulkCandidates, parseBulkQuery, previewBulkEdit, type BulkFilters } from '@/lib/registry/bulk-queries';
import { BULK_LIMIT, type BulkServiceEdit } from '@/lib/registry/edit';
import { bulkEditServices } from '@/lib/registry/edit-store';
import { registryRevision } from '@/lib/registry/export';
import { importRegistryYaml } from '@/lib/registry/import';
import type { Service } from '@/lib/registry/model';
import { applyRegistry, loadRegistry } from '@/lib/registry/store';
import { syntheticRegistry } from '@/lib/registry/synthetic';
import { defaultTemplates } from '../helpers/seed';
import { createTestDatabase } from '../helpers/test-database';

const seed = readFileSync('registry/service-registry.yaml', 'utf8');
const as = (role: Role): Actor => ({ kind: 'user', id: null, name: `${role}@example.com`, role });
const editor = as('editor');

let db: Db;
let drop: () => Promise<void>;

/** What a refused or read-only call must leave untouched. */
async function state() {
  return { revision: registryRevision(await loadRegistry(db)), entries: await db.auditEntry.count(), changes: await db.auditChange.count() };
}

const filters = (f: Partial<BulkFilters>): BulkFilters => ({ q: '', ...f });
const namesOf = async (f: Partial<BulkFilters>) => (await listBulkCandidates(filters(f), db)).rows.map((r) => r.name);
/** The same filter computed in memory from the stored registry: what the database query must agree with. */
const expected = async (pick: (s: Service) => boolean) =>
  (await loadRegistry(db)).services
    .filter(pick)
    .map((s) => s.name)
    .sort();
const preview = (input: unknown, role: Role | null = 'editor') => previewBulkEditAction.runAs(role && as(role), db)(input);

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
  const imported = await importRegistryYaml(db, seed);
  if (!imported.ok) throw new Error(JSON.stringify(imported.problems.slice(0, 3)));
});
afterAll(async () => {
  await drop();
});

describe('parseBulkQuery', () => {
  it('takes the filters, and reports each bad one while the others still apply', () => {
    expect(parseBulkQuery({ q: '  redis ', type: 'docker', owner: 'infra-team', alert: 'service_down' })).toEqual({
      query: { q: 'redis', type: 'docker', owner: 'infra-team', alert: 'service_down', alerts: undefined },
      problems: [],
    });
    const bad = parseBulkQuery({ type: 'vm', alert: 'Service Down', alerts: 'some', owner: 'ai-team' });
    expect(bad.query).toEqual({ q: '', type: undefined, owner: 'ai-team', alert: undefined, alerts: undefined });
    expect(bad.problems).toHaveLength(3);
    expect(bad.problems.join('\n')).toMatch(/type="vm": type must be one of: k8s-deployment, docker, systemd/);
    expect(bad.problems.join('\n')).toMatch(/alert="Service Down": an alert template key looks like service_down/);
    const both = parseBulkQuery({ alert: 'service_down', alerts: 'none' });
    expect(both.query).toMatchObject({ alert: 'service_down', alerts: undefined });
    expect(both.problems).toEqual(['alert=service_down and alerts=none contradict each other; alerts=none was ignored.']);
  });
});

describe('listBulkCandidates', () => {
  it('without a filter: every service by name, with the owners and templates the change panel offers', async () => {
    const all = await listBulkCandidates(filters({}), db);
    const reg = await loadRegistry(db);
    expect(all.total).toBe(reg.services.length);
    expect(all.rows.map((r) => r.name)).toEqual(await expected(() => true));
    expect(all.limit).toBe(BULK_LIMIT);
    expect(all.owners).toEqual(reg.owners.map((o) => o.name).sort());
    expect(all.templates.map((t) => t.key)).toEqual(reg.alert_templates.map((t) => t.key).sort());
    expect(all.rows.find((r) => r.name === 'ollama')).toEqual({
      name: 'ollama',
      type: 'docker',
      location: '192.168.0.188',
      owner: 'ai-team',
      alerts: ['service_down', 'inference_timeout'],
      monitoring: { prometheus: true, sentry: false, otel: false, langfuse: false },
    });
    expect(all.rows.find((r) => r.name === 'awoooi-api')).toMatchObject({ type: 'k8s-deployment', location: 'awoooi-prod' });
  });

  it('filters by search text (any case; name, location, owner or exact alert key), type, owner and alert template', async () => {
    // github-runner: its systemd unit is actions.runner.owenhytsai-awoooi.awoooi-110.service
    expect(await namesOf({ q: 'AWOOOI' })).toEqual(['awoooi-api', 'awoooi-web', 'awoooi-worker', 'github-runner']);
    expect(await namesOf({ q: '192.168.0.110' })).toEqual(await expected((s) => s.host === '192.168.0.110'));
    expect(await namesOf({ q: 'memory_high' })).toEqual(await expected((s) => s.alerts.includes('memory_high')));
    expect(await namesOf({ q: 'infra' })).toEqual(['postgres', 'redis']);
    expect(await namesOf({ type: 'docker' })).toEqual(await expected((s) => s.type === 'docker'));
    expect(await namesOf({ owner: 'ai-team' })).toEqual(await expected((s) => s.owner === 'ai-team'));
    expect(await namesOf({ alert: 'service_down' })).toEqual(await expected((s) => s.alerts.includes('service_down')));
    expect(await namesOf({ type: 'docker', owner: 'ai-team', alert: 'service_down' })).toEqual(['langfuse', 'ollama', 'openclaw']);
    expect(await namesOf({ type: 'docker', owner: 'ai-team', alert: 'service_down', q: 'LA' })).toEqual(['langfuse', 'ollama', 'openclaw']);
    expect(await namesOf({ type: 'docker', owner: 'ai-team', alert: 'inference_timeout', q: 'la' })).toEqual(['ollama']);
    expect(await namesOf({ owner: 'nobody' })).toEqual([]);
    expect((await listBulkCandidates(filters({ q: 'zzz' }), db)).total).toBe(0);
  });

  it('alerts=none: the services without any alert', async () => {
    expect(await namesOf({ alerts: 'none' })).toEqual([]);
    const r = await bulkEditServices(db, editor, { names: ['sentry'], removeAlerts: ['service_down'] });
    expect(r).toMatchObject({ ok: true, changed: true });
    expect(await namesOf({ alerts: 'none' })).toEqual(['sentry']);
    await bulkEditServices(db, editor, { names: ['sentry'], addAlerts: ['service_down'] });
    expect(await namesOf({ alerts: 'none' })).toEqual([]);
  });
});

describe('previewBulkEditAction', () => {
  it('needs the editor role: anonymous 401, viewer 403, and neither reads nor writes', async () => {
    const before = await state();
    const input = { names: ['redis'], addAlerts: ['slow_query'] };
    expect(await preview(input, null)).toMatchObject({ ok: false, status: 401 });
    expect(await preview(input, 'viewer')).toMatchObject({ ok: false, status: 403, formError: expect.stringMatching(/needs the editor role/) });
    expect(await preview(input, 'admin')).toMatchObject({ ok: true, affected: 1 });
    expect(await state()).toEqual(before);
  });

  it('counts only the services the change would really alter, and writes nothing', async () => {
    const before = await state();
    // redis already has memory_high: 3 selected (a duplicate counts once), 2 would change.
    const r = await preview({ names: ['redis', 'postgres', 'ollama', 'redis'], addAlerts: ['memory_high'] });
    expect(r).toEqual({ ok: true, selected: 3, affected: 2, examples: ['ollama', 'postgres'] });
    const owner = await preview({ names: ['redis', 'postgres', 'harbor'], owner: 'infra-team' });
    expect(owner).toEqual({ ok: true, selected: 3, affected: 1, examples: ['harbor'] });
    const noop = await preview({ names: ['redis', 'postgres'], monitoring: { prometheus: true } });
    expect(noop).toEqual({ ok: true, selected: 2, affected: 0, examples: [] });
    expect(await state()).toEqual(before);
  });

  it('refuses what the edit would refuse, with the field to blame, and writes nothing', async () => {
    const before = await state();
    expect(await preview({ names: ['redis'], addAlerts: ['no_such_template'] })).toMatchObject({
      ok: false,
      kind: 'invalid',
      fieldErrors: { alerts: 'unknown alert templates: no_such_template' },
    });
    expect(await preview({ names: ['redis'], owner: 'ghost-team' })).toMatchObject({ fieldErrors: { owner: expect.stringMatching(/"ghost-team" does not exist/) } });
    expect(await preview({ names: ['redis', 'gone'], owner: 'ai-team' })).toMatchObject({ fieldErrors: { names: 'no longer in the registry: gone' } });
    expect(await preview({ names: [], owner: 'ai-team' })).toMatchObject({ fieldErrors: { names: 'select at least one service' } });
    expect(await preview({ names: ['redis'] })).toMatchObject({ fieldErrors: { changes: 'choose at least one change' } });
    expect(await preview({ names: ['redis'], addAlerts: ['slow_query'], removeAlerts: ['slow_query'] })).toMatchObject({
      fieldErrors: { alerts: 'both added and removed: slow_query' },
    });
    // Malformed (not what the page sends): refused before any planning, never thrown.
    expect(await preview({ names: 'redis', owner: 'ai-team' })).toMatchObject({ ok: false, kind: 'invalid', formError: expect.stringMatching(/^Malformed request: names/) });
    expect(await preview({ names: ['redis'], owner: 'ai-team', extra: 1 })).toMatchObject({ ok: false, formError: expect.stringMatching(/Malformed request/) });
    expect(await state()).toEqual(before);
  });
});

describe('preview, then apply', () => {
  it('the page builds a request the server accepts; applying it changes exactly the previewed services in one audit entry', async () => {
    const names = await namesOf({ type: 'docker' });
    let change = toggleTemplate(NO_CHANGE, 'add', 'slow_query', true);
    change = toggleTemplate(change, 'remove', 'service_down', true);
    change = { ...change, monitoring: { ...change.monitoring, sentry: 'off' } };
    const request: BulkServiceEdit = bulkRequest(names, change);
    expect(request).toEqual({ names, addAlerts: ['slow_query'], removeAlerts: ['service_down'], monitoring: { sentry: false } });
    // Choosing a template in one list takes it out of the other.
    expect(toggleTemplate(change, 'add', 'service_down', true)).toMatchObject({ add: ['slow_query', 'service_down'], remove: [] });

    const beforeReg = await loadRegistry(db);
    const shown = await preview(request);
    if (!shown.ok) throw new Error(JSON.stringify(shown));
    expect(shown.selected).toBe(names.length);

    const entriesBefore = await db.auditEntry.count();
    const applied = await bulkEditServices(db, editor, request);
    expect(applied).toEqual({ ok: true, key: null, changed: true });
    expect(await db.auditEntry.count()).toBe(entriesBefore + 1);

    const afterReg = await loadRegistry(db);
    const differs = afterReg.services
      .filter((s) => JSON.stringify(s) !== JSON.stringify(beforeReg.services.find((b) => b.name === s.name)))
      .map((s) => s.name);
    expect(differs.length).toBe(shown.affected);
    expect(differs.slice(0, 10)).toEqual(shown.examples);
    for (const s of afterReg.services.filter((x) => names.includes(x.name))) {
      expect(s.alerts, s.name).toContain('slow_query');
      expect(s.alerts, s.name).not.toContain('service_down');
      expect(s.monitoring.sentry, s.name).toBe(false);
    }
    // Services that were not selected are untouched.
    const others = (r: typeof afterReg) => JSON.stringify(r.services.filter((s) => !names.includes(s.name)));
    expect(others(afterReg)).toBe(others(beforeReg));

    const entry = await db.auditEntry.findFirstOrThrow({ orderBy: { id: 'desc' }, include: { changes: { orderBy: { key: 'asc' } } } });
    expect(entry).toMatchObject({ action: 'services.bulk', actorName: 'editor@example.com' });
    expect(entry.summary).toBe(`bulk edit of ${names.length} services: added alerts slow_query; removed alerts service_down; monitoring sentry off`);
    expect(entry.changes.map((c) => c.key)).toEqual(differs.sort());
    expect(entry.changes.every((c) => c.section === 'services' && c.op === 'changed')).toBe(true);
    const openclaw = entry.changes.find((c) => c.key === 'openclaw')!;
    expect(openclaw.before).toMatchObject({ alerts: ['service_down', 'analysis_timeout'], monitoring: { sentry: true } });
    expect(openclaw.after).toMatchObject({ alerts: ['analysis_timeout', 'slow_query'], monitoring: { sentry: false } });

    // One click from the service: its history holds the bulk entry with only its own change.
    const history = await listAudit(parseAuditQuery({ section: 'services', key: 'openclaw' }).query, db);
    expect(history.rows[0]).toMatchObject({ id: entry.id, action: 'services.bulk', changeCount: differs.length });
    expect(history.rows[0]!.changes).toEqual([expect.objectContaining({ key: 'openclaw', op: 'changed' })]);

    // The same request again changes nothing, and the preview says so.
    expect(await preview(request)).toMatchObject({ ok: true, affected: 0 });
    expect(await bulkEditServices(db, editor, request)).toMatchObject({ ok: true, changed: false });
  });
});

describe('more matches than one bulk edit may change', () => {
  it(`lists the first ${BULK_LIMIT} by name and reports the full count`, async () => {
    await applyRegistry(db, syntheticRegistry({ services: BULK_LIMIT + 25, templates: defaultTemplates() }));
    const all = await listBulkCandidates(filters({}), db);
    expect(all.total).toBe(BULK_LIMIT + 25);
    expect(all.rows).toHaveLength(BULK_LIMIT);
    expect(all.rows[0]!.name).toBe('svc-00000');
    expect(all.rows.at(-1)!.name).toBe(`svc-${String(BULK_LIMIT - 1).padStart(5, '0')}`);
    const narrowed = await listBulkCandidates(filters({ q: 'svc-050' }), db);
    expect(narrowed).toMatchObject({ total: 25 });
    expect(narrowed.rows).toHaveLength(25);
  });

  it('previews a change to all of them at once, with 10 examples', async () => {
    const names = (await listBulkCandidates(filters({}), db)).rows.map((r) => r.name);
    const r = await preview({ names, monitoring: { langfuse: true } });
    const reg = await loadRegistry(db);
    const affected = reg.services.filter((s) => names.includes(s.name) && !s.monitoring.langfuse);
    expect(affected.length).toBeGreaterThan(1000);
    expect(r).toEqual({ ok: true, selected: BULK_LIMIT, affected: affected.length, examples: affected.slice(0, 10).map((s) => s.name) });
    expect(await preview({ names: [...names, 'svc-05000'], monitoring: { langfuse: true } })).toMatchObject({
      ok: false,
      formError: expect.stringMatching(/^Malformed request: names/),
    });
  });
});
