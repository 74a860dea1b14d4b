// Import and export against the real PostgreSQL: atomic, minimal writes, bad input never changes anything.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Db } from '../../lib/db/client';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import { registryToYaml } from '../../lib/registry/export';
import { importRegistryYaml } from '../../lib/registry/import';
import { applyRegistry, loadRegistry, RevisionConflictError } from '../../lib/registry/store';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import { createTestDatabase } from '../helpers/test-database';

const seed = readFileSync('registry/service-registry.yaml', 'utf8');
let db: Db;
let drop: () => Promise<void>;

/** Every row of every registry table, versions and timestamps included. */
async function snapshot(): Promise<string> {
  const tables = ['Owner', 'AlertTemplate', 'Service', 'Page', 'ApiEndpoint', 'AppSetting'];
  const rows = [];
  for (const table of tables) {
    rows.push(await db.$queryRawUnsafe(`SELECT to_jsonb(t) AS row FROM "${table}" t ORDER BY to_jsonb(t)::text`));
  }
  return JSON.stringify(rows);
}

async function reset(): Promise<void> {
  await db.$executeRawUnsafe('TRUNCATE "Service", "Owner", "Page", "ApiEndpoint", "AlertTemplate", "AppSetting" RESTART IDENTITY CASCADE');
}

async function importOk(text: string, options = {}) {
  const result = await importRegistryYaml(db, text, options);
  if (!result.ok) throw new Error(JSON.stringify(result.problems.slice(0, 3)));
  return result;
}

beforeAll(async () => {
  ({ db, drop } = await createTestDatabase());
});
afterAll(async () => {
  await drop();
});
beforeEach(reset);

describe('import', () => {
  it('loads the seed and exports it back in the same format', async () => {
    const result = await importOk(seed);
    expect(result.diff.sections.services.added).toHaveLength(11);
    expect(await db.service.count()).toBe(11);
    const api = await db.service.findUniqueOrThrow({ where: { name: 'awoooi-api' }, include: { owner: true } });
    expect(api).toMatchObject({ type: 'k8s_deployment', namespace: 'awoooi-prod', host: null, port: 8000, version: 1 });
    expect(api.owner.name).toBe('backend-team');
    expect(api.alertKeys).toEqual(['pod_crash', 'high_error_rate', 'slow_response']);
    const analyze = await db.apiEndpoint.findFirstOrThrow({ where: { path: '/api/v1/analyze' } });
    expect(analyze).toMatchObject({ method: 'POST', sloLatencyMs: 30000, sloAvailability: 95, critical: true });
  });

  it('import(seed) -> export -> import leaves the database unchanged, row for row', async () => {
    await importOk(seed);
    const exported = registryToYaml(await loadRegistry(db));
    const before = await snapshot();
    const again = await importOk(exported);
    expect(again.diff.empty).toBe(true);
    expect(await snapshot()).toBe(before);
    expect(registryToYaml(await loadRegistry(db))).toBe(exported);
  });

  it('a dry run reports the diff and writes nothing', async () => {
    await importOk(seed);
    const before = await snapshot();
    const changed = seed.replace('port: 6380', 'port: 6390');
    const preview = await importOk(changed, { dryRun: true });
    expect(preview.diff.sections.services.changed).toEqual([{ key: 'redis', changes: [{ field: 'port', before: 6380, after: 6390 }] }]);
    expect(await snapshot()).toBe(before);
  });

  it('touches only what changed: versions and updatedAt move for changed rows only', async () => {
    await importOk(seed);
    const before = await db.service.findMany({ orderBy: { name: 'asc' } });
    await importOk(seed.replace('port: 6380', 'port: 6390').replace(/  - name: sentry\n[\s\S]*?owner: devops-team\n/, ''));
    const after = await db.service.findMany({ orderBy: { name: 'asc' } });
    expect(after.map((s) => s.name)).not.toContain('sentry');
    for (const row of after) {
      const old = before.find((b) => b.name === row.name)!;
      if (row.name === 'redis') {
        expect(row.version).toBe(old.version + 1);
        expect(row.updatedAt.getTime()).toBeGreaterThanOrEqual(old.updatedAt.getTime());
        expect(row.port).toBe(6390);
      } else {
        expect(row).toEqual(old);
      }
    }
  });

  it('moves a service to another owner and removes owners nobody declares any more', async () => {
    await importOk(seed);
    const text = seed.replace(/owner: ai-team/g, 'owner: infra-team');
    const result = await importOk(text);
    expect(result.diff.sections.owners.removed).toEqual(['ai-team']);
    const ollama = await db.service.findUniqueOrThrow({ where: { name: 'ollama' }, include: { owner: true } });
    expect(ollama.owner.name).toBe('infra-team');
    expect(await db.owner.findUnique({ where: { name: 'ai-team' } })).toBeNull();
  });

  it('refuses to apply over a registry that changed since the preview', async () => {
    await importOk(seed);
    const preview = await importOk(seed.replace('port: 6380', 'port: 6390'), { dryRun: true });
    await importOk(seed.replace('port: 5432', 'port: 5433')); // someone else's change lands first
    const before = await snapshot();
    await expect(
      importRegistryYaml(db, seed.replace('port: 6380', 'port: 6390'), { expectedRevision: preview.baseRevision }),
    ).rejects.toBeInstanceOf(RevisionConflictError);
    expect(await snapshot()).toBe(before);
  });

  it('rolls everything back when a write fails half way', async () => {
    await importOk(seed);
    // A trigger stands in for any failure in the middle of the writes (disk full, a killed connection...).
    await db.$executeRawUnsafe(`CREATE FUNCTION refuse() RETURNS trigger AS $$ BEGIN RAISE EXCEPTION 'refused'; END $$ LANGUAGE plpgsql`);
    await db.$executeRawUnsafe(`CREATE TRIGGER refuse BEFORE INSERT ON "Page" FOR EACH ROW WHEN (NEW.path = '/boom') EXECUTE FUNCTION refuse()`);
    try {
      const before = await snapshot();
      const text = seed.replace('port: 6380', 'port: 6390').replace('  - path: /errors', '  - path: /boom\n    name: Boom\n  - path: /errors');
      await expect(importRegistryYaml(db, text)).rejects.toThrow(/refused/);
      expect(await snapshot()).toBe(before);
    } finally {
      await db.$executeRawUnsafe('DROP TRIGGER refuse ON "Page"');
      await db.$executeRawUnsafe('DROP FUNCTION refuse()');
    }
  });
});

describe('bad input never changes the database', () => {
  const bomb = (() => {
    let text = 'a0: &a0 ["x","x","x","x","x","x","x","x","x","x"]\n';
    for (let i = 1; i < 9; i++) text += `a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(',')}]\n`;
    return `${text}services: *a8\n`;
  })();
  const cases: [string, string][] = [
    ['malformed YAML', 'services:\n  - name: "api\n'],
    ['a wrong type', seed.replace('port: 8000', 'port: eight-thousand')],
    ['an unknown field', seed.replace('health_endpoint: /api/tags', 'helth_endpoint: /api/tags')],
    ['a duplicate name', seed.replace('name: openclaw', 'name: ollama')],
    ['a duplicate key', seed.replace('    port: 8000\n', '    port: 8000\n    port: 8001\n')],
    ['an undefined template', seed.replace('- runner_offline', '- runner_gone')],
    ['a Kubernetes service without namespace', seed.replace('    namespace: awoooi-prod\n    port: 8000', '    port: 8000')],
    ['a 20 MB file', `services: []\n${'# filler filler filler filler filler filler filler filler\n'.repeat(370_000)}`],
    ['an alias bomb', bomb],
    ['an empty file', ''],
  ];
  it.each(cases)('%s', async (_name, text) => {
    await importOk(seed);
    const before = await snapshot();
    const result = await importRegistryYaml(db, text);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.problems.length).toBeGreaterThan(0);
    expect(await snapshot()).toBe(before);
  });
});

describe('scale', () => {
  it('round-trips a 10,000-service registry through the database', async () => {
    const registry = syntheticRegistry({ services: 10_000, templates: loadDefaultTemplates() });
    const text = registryToYaml(registry);
    const first = await importOk(text);
    expect(first.diff.sections.services.added).toHaveLength(10_000);
    const exported = registryToYaml(await loadRegistry(db));
    expect(exported).toBe(text);
    const before = await snapshot();
    expect((await importOk(exported)).diff.empty).toBe(true);
    expect(await snapshot()).toBe(before);
    const changed = await applyRegistry(db, syntheticRegistry({ services: 10_000, templates: loadDefaultTemplates(), variant: 1 }));
    expect(changed.diff.sections.services.changed.length).toBeGreaterThan(1000);
  }, 120_000);
});
