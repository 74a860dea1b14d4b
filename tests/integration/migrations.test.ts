// The migration CLI (scripts/db/migrate.mjs) against real PostgreSQL databases and temp copies of
// the migrations folder / schema. Runs the CLI as a child process, exactly as npm scripts do.
import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../helpers/test-database';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));
const MIGRATIONS = path.join(ROOT, 'prisma/migrations');
const SCHEMA = path.join(ROOT, 'prisma/schema.prisma');
const execFileP = promisify(execFile);

async function cli(args: string[], databaseUrl?: string) {
  const env = { ...process.env, DATABASE_URL: databaseUrl ?? '' };
  try {
    const { stdout, stderr } = await execFileP(process.execPath, ['scripts/db/migrate.mjs', ...args], {
      cwd: ROOT,
      env,
      timeout: 60_000,
    });
    return { code: 0, out: stdout + stderr };
  } catch (e) {
    const err = e as { code?: number; stdout?: string; stderr?: string };
    return { code: err.code ?? -1, out: `${err.stdout ?? ''}${err.stderr ?? ''}` };
  }
}

async function query<T extends pg.QueryResultRow>(url: string, sql: string, params: unknown[] = []): Promise<T[]> {
  const client = new pg.Client(url);
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}

const tempDirs: string[] = [];
function tempCopyOfMigrations(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-migrations-'));
  tempDirs.push(dir);
  fs.cpSync(MIGRATIONS, dir, { recursive: true });
  return dir;
}
function addMigration(dir: string, name: string, sql: string): void {
  fs.mkdirSync(path.join(dir, name));
  fs.writeFileSync(path.join(dir, name, 'migration.sql'), sql);
}

const migrationNames = fs
  .readdirSync(MIGRATIONS, { withFileTypes: true })
  .filter((d) => d.isDirectory())
  .map((d) => d.name)
  .sort();
const schemaText = fs.readFileSync(SCHEMA, 'utf8');
const models = [...schemaText.matchAll(/^model\s+(\w+)/gm)].map((m) => m[1]!);
const enums = [...schemaText.matchAll(/^enum\s+(\w+)/gm)].map((m) => m[1]!);

afterAll(() => {
  for (const dir of tempDirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('migrate deploy on an empty database', () => {
  let database: { url: string; drop(): Promise<void> };
  let first: { code: number; out: string };
  beforeAll(async () => {
    database = await createEmptyDatabase();
    first = await cli(['deploy'], database.url);
  });
  afterAll(() => database.drop());

  it('applies every migration and says which', () => {
    expect(migrationNames.length).toBeGreaterThan(0);
    expect(first.code, first.out).toBe(0);
    for (const name of migrationNames) expect(first.out).toContain(name);
  });

  it('creates a table for every model and a type for every enum of schema.prisma', async () => {
    expect(models.length).toBeGreaterThan(3);
    const tables = (
      await query<{ table_name: string }>(database.url, `SELECT table_name FROM information_schema.tables WHERE table_schema = 'public'`)
    ).map((r) => r.table_name);
    expect(tables.sort()).toEqual([...models, '_prisma_migrations'].sort());
    const types = (await query<{ typname: string }>(database.url, `SELECT typname FROM pg_type WHERE typtype = 'e'`)).map((r) => r.typname);
    expect(types.sort()).toEqual([...enums].sort());
  });

  it('records each migration in _prisma_migrations as native Prisma does', async () => {
    const rows = await query<{ migration_name: string; checksum: string; finished_at: Date | null; applied_steps_count: number; rolled_back_at: Date | null }>(
      database.url,
      'SELECT migration_name, checksum, finished_at, applied_steps_count, rolled_back_at FROM _prisma_migrations ORDER BY migration_name',
    );
    expect(rows.map((r) => r.migration_name)).toEqual(migrationNames);
    for (const row of rows) {
      const sql = fs.readFileSync(path.join(MIGRATIONS, row.migration_name, 'migration.sql'));
      expect(row.checksum).toBe(createHash('sha256').update(sql).digest('hex'));
      expect(row.finished_at).toBeInstanceOf(Date);
      expect(row.rolled_back_at).toBeNull();
      expect(row.applied_steps_count).toBe(1);
    }
  });

  it('is a no-op the second time', async () => {
    const before = await query(database.url, 'SELECT id, finished_at FROM _prisma_migrations ORDER BY id');
    const again = await cli(['deploy'], database.url);
    expect(again.code, again.out).toBe(0);
    expect(again.out).toMatch(/up to date/);
    expect(await query(database.url, 'SELECT id, finished_at FROM _prisma_migrations ORDER BY id')).toEqual(before);
    const status = await cli(['status'], database.url);
    expect(status.code, status.out).toBe(0);
    expect(status.out).toMatch(/up to date/);
  });
});

describe('a migration that fails', () => {
  let database: { url: string; drop(): Promise<void> };
  let dir: string;
  beforeAll(async () => {
    database = await createEmptyDatabase();
    dir = tempCopyOfMigrations();
    // `;` inside a string literal: a script split on `;` would break here.
    addMigration(dir, '29990101000000_good', `CREATE TABLE "Note" ("id" INT PRIMARY KEY, "text" TEXT);\nINSERT INTO "Note" VALUES (1, 'a;b');\n`);
    addMigration(
      dir,
      '29990102000000_bad',
      `CREATE TABLE "HalfDone" ("id" INT PRIMARY KEY);\nINSERT INTO "Note" VALUES (2, 'x');\nSELECT * FROM "no_such_table";\n`,
    );
  });
  afterAll(() => database.drop());

  it('fails the deploy with the PostgreSQL error', async () => {
    const r = await cli(['deploy', '--migrations', dir], database.url);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/FAILED/);
    expect(r.out).toMatch(/no_such_table/);
  });

  it('ran the good migration whole (string with ; intact)', async () => {
    expect(await query(database.url, 'SELECT id, text FROM "Note" ORDER BY id')).toEqual([{ id: 1, text: 'a;b' }]);
  });

  it('leaves nothing of the failed migration behind', async () => {
    const halfDone = await query(database.url, `SELECT 1 FROM information_schema.tables WHERE table_name = 'HalfDone'`);
    expect(halfDone).toEqual([]);
  });

  it('does not record the failed migration as applied', async () => {
    const rows = await query<{ finished_at: Date | null; applied_steps_count: number }>(
      database.url,
      `SELECT finished_at, applied_steps_count FROM _prisma_migrations WHERE migration_name = '29990102000000_bad'`,
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]!.finished_at).toBeNull();
    expect(rows[0]!.applied_steps_count).toBe(0);
    const status = await cli(['status', '--migrations', dir], database.url);
    expect(status.code).toBe(1);
    expect(status.out).toMatch(/FAILED\s+29990102000000_bad/);
  });

  it('refuses further deploys until resolved', async () => {
    const r = await cli(['deploy', '--migrations', dir], database.url);
    expect(r.code).toBe(1);
    expect(r.out).toMatch(/failed migrations/);
  });
});

// Each of these runs the engine with a fresh in-memory PGlite shadow (~4 s alone, more on a busy CI box).
describe('migrate check and new (no database server involved)', { timeout: 90_000 }, () => {
  it('reports no drift between prisma/migrations and prisma/schema.prisma', async () => {
    const r = await cli(['check']);
    expect(r.out).not.toMatch(/DRIFT/);
    expect(r.code, r.out).toBe(0);
  });

  it('detects drift when the schema has a field no migration creates', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-schema-'));
    tempDirs.push(dir);
    const schema = path.join(dir, 'schema.prisma');
    fs.writeFileSync(schema, schemaText.replace(/^model Owner \{\n/m, 'model Owner {\n  driftProbe String?\n'));
    const r = await cli(['check', '--schema', schema]);
    expect(r.code, r.out).toBe(1);
    expect(r.out).toMatch(/ALTER TABLE "Owner" ADD COLUMN\s+"driftProbe" TEXT/);
  });

  it('`new` writes nothing when there is no change, and a migration that closes the drift otherwise', async () => {
    const dir = tempCopyOfMigrations();
    const none = await cli(['new', 'nothing', '--migrations', dir]);
    expect(none.code, none.out).toBe(0);
    expect(none.out).toMatch(/No changes/);
    expect(fs.readdirSync(dir).filter((n) => n.endsWith('_nothing'))).toEqual([]);

    const schema = path.join(dir, 'schema.prisma');
    fs.writeFileSync(schema, schemaText.replace(/^model Owner \{\n/m, 'model Owner {\n  slack String?\n'));
    const made = await cli(['new', 'add owner slack', '--migrations', dir, '--schema', schema]);
    expect(made.code, made.out).toBe(0);
    const created = fs.readdirSync(dir).filter((n) => /^\d{14}_add_owner_slack$/.test(n));
    expect(created).toHaveLength(1);
    expect(fs.readFileSync(path.join(dir, created[0]!, 'migration.sql'), 'utf8')).toMatch(/ADD COLUMN\s+"slack" TEXT/);
    const check = await cli(['check', '--migrations', dir, '--schema', schema]);
    expect(check.code, check.out).toBe(0);
  });
});
