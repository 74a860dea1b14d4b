#!/usr/bin/env node
// Database migrations without the Prisma CLI's downloaded engine (see scripts/db/schema-engine.mjs).
//
//   node scripts/db/migrate.mjs deploy            apply pending migrations to DATABASE_URL
//   node scripts/db/migrate.mjs status            applied / pending migrations of DATABASE_URL
//   node scripts/db/migrate.mjs new <name>        write prisma/migrations/<UTC timestamp>_<name>/migration.sql
//                                                 from the diff migrations -> schema.prisma (no server needed)
//   node scripts/db/migrate.mjs check             exit 1 and print the SQL if migrations != schema.prisma
//   node scripts/db/migrate.mjs resolve --rolled-back <name> | --applied <name>
//                                                 after fixing a failed migration by hand
// Options: --schema <file> (default prisma/schema.prisma), --migrations <dir> (default prisma/migrations).
//
// Always ends with process.exit: the wasm engine leaves a 10 s timer pending.
import fs from 'node:fs';
import path from 'node:path';
import { parseArgs } from 'node:util';
import {
  DEFAULT_MIGRATIONS,
  DEFAULT_SCHEMA,
  LOCKFILE_CONTENT,
  LOCKFILE_NAME,
  deploy,
  diffMigrationsToSchema,
  openEngine,
  readMigrationsList,
  status,
} from './schema-engine.mjs';

const USAGE = `usage: node scripts/db/migrate.mjs <deploy|status|new <name>|check|resolve> [--schema FILE] [--migrations DIR]`;

/** host:port/database of a connection URL, never the password. */
function describeUrl(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable DATABASE_URL)';
  }
}

function requireUrl() {
  const url = process.env.DATABASE_URL;
  if (!url) {
    console.error('DATABASE_URL is not set. Point it at the PostgreSQL database to migrate, e.g.');
    console.error('  DATABASE_URL=postgresql://user:password@127.0.0.1:5432/awoooi npm run db:migrate');
    process.exit(2);
  }
  return url;
}

/** UTC YYYYMMDDHHMMSS, the prefix native `prisma migrate dev` uses. */
function timestamp(date = new Date()) {
  return date.toISOString().replace(/[-:T]/g, '').slice(0, 14);
}

function ms(started) {
  return `${Date.now() - started} ms`;
}

async function cmdDeploy(opts) {
  const url = requireUrl();
  const started = Date.now();
  const pending = readMigrationsList(opts.migrations).migrationDirectories.length;
  if (pending === 0) console.warn(`warning: no migrations in ${opts.migrations}`);
  let applied;
  try {
    applied = await deploy({ url, migrationsDir: opts.migrations, schemaPath: opts.schema });
  } catch (e) {
    console.error(`migrate deploy FAILED on ${describeUrl(url)}:\n${e.message}`);
    if (/failed migrations|apply_migration/i.test(e.message)) {
      console.error(
        '\nThe failed migration was rolled back by PostgreSQL (each migration runs as one transaction).\n' +
          'Fix its migration.sql, then: node scripts/db/migrate.mjs resolve --rolled-back <name>  and deploy again.',
      );
    }
    return 1;
  }
  if (applied.length === 0) {
    console.log(`migrate deploy: ${describeUrl(url)} is up to date (${ms(started)})`);
  } else {
    console.log(`migrate deploy: applied ${applied.length} migration(s) to ${describeUrl(url)} in ${ms(started)}:`);
    for (const name of applied) console.log(`  ${name}`);
  }
  return 0;
}

async function cmdStatus(opts) {
  const url = requireUrl();
  const s = await status({ url, migrationsDir: opts.migrations, schemaPath: opts.schema });
  console.log(`database ${describeUrl(url)}: ${s.local.length} migration(s) in ${path.relative(process.cwd(), opts.migrations) || '.'}`);
  for (const name of s.local) {
    const state = s.failed.includes(name) ? 'FAILED' : s.applied.includes(name) ? 'applied' : 'pending';
    const edited = s.edited.includes(name) ? ' (edited after it was applied!)' : '';
    console.log(`  ${state.padEnd(8)} ${name}${edited}`);
  }
  const unknown = s.applied.filter((n) => !s.local.includes(n));
  for (const name of unknown) console.log(`  applied  ${name} (not in the migrations folder!)`);
  if (!s.hasMigrationsTable) console.log('  (no _prisma_migrations table: nothing applied yet)');
  const pending = s.pending.filter((n) => !s.failed.includes(n));
  const ok = pending.length === 0 && s.failed.length === 0 && unknown.length === 0;
  console.log(ok ? 'up to date' : `${pending.length} pending, ${s.failed.length} failed`);
  return ok ? 0 : 1;
}

function ensureLockfile(dir) {
  const lockPath = path.join(dir, LOCKFILE_NAME);
  if (!fs.existsSync(lockPath)) {
    fs.mkdirSync(dir, { recursive: true });
    fs.writeFileSync(lockPath, LOCKFILE_CONTENT);
    console.log(`created ${path.relative(process.cwd(), lockPath)}`);
  }
}

async function cmdNew(opts, rawName) {
  if (!rawName) {
    console.error('usage: node scripts/db/migrate.mjs new <name>   (e.g. npm run db:migration -- add_hosts)');
    return 2;
  }
  const name = rawName.toLowerCase().replace(/[^a-z0-9]+/g, '_').replace(/^_+|_+$/g, '');
  if (!name) {
    console.error(`"${rawName}" is not a usable migration name (letters, digits, underscores)`);
    return 2;
  }
  const started = Date.now();
  ensureLockfile(opts.migrations);
  const sql = await diffMigrationsToSchema({ migrationsDir: opts.migrations, schemaPath: opts.schema });
  if (!sql.trim()) {
    console.log(`No changes: the migrations already produce ${path.relative(process.cwd(), opts.schema)} (${ms(started)})`);
    return 0;
  }
  let dirName = `${timestamp()}_${name}`;
  // Two migrations in the same second would sort ambiguously: bump the timestamp.
  while (fs.readdirSync(opts.migrations).some((d) => d.slice(0, 14) === dirName.slice(0, 14))) {
    dirName = `${String(Number(dirName.slice(0, 14)) + 1)}_${name}`;
  }
  const file = path.join(opts.migrations, dirName, 'migration.sql');
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, sql);
  console.log(`created ${path.relative(process.cwd(), file)} (${ms(started)})`);
  console.log('Review it, commit it, and apply it with: npm run db:migrate');
  return 0;
}

async function cmdCheck(opts) {
  const started = Date.now();
  const sql = await diffMigrationsToSchema({ migrationsDir: opts.migrations, schemaPath: opts.schema });
  const schema = path.relative(process.cwd(), opts.schema);
  if (!sql.trim()) {
    console.log(`migrate check: migrations match ${schema} (${ms(started)})`);
    return 0;
  }
  console.log(`migrate check: DRIFT - the migrations do not produce ${schema}. Missing SQL:\n`);
  console.log(sql.trimEnd());
  console.log(`\nCreate a migration for it: npm run db:migration -- <name>`);
  return 1;
}

async function cmdResolve(opts) {
  const url = requireUrl();
  const { call } = await openEngine({ url, schemaPath: opts.schema });
  if (opts['rolled-back']) {
    await call('markMigrationRolledBack', { migrationName: opts['rolled-back'] });
    console.log(`marked ${opts['rolled-back']} as rolled back`);
  } else if (opts.applied) {
    await call('markMigrationApplied', {
      migrationName: opts.applied,
      migrationsList: readMigrationsList(opts.migrations),
    });
    console.log(`marked ${opts.applied} as applied`);
  } else {
    console.error('usage: node scripts/db/migrate.mjs resolve --rolled-back <name> | --applied <name>');
    return 2;
  }
  return 0;
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      allowPositionals: true,
      options: {
        schema: { type: 'string', default: DEFAULT_SCHEMA },
        migrations: { type: 'string', default: DEFAULT_MIGRATIONS },
        'rolled-back': { type: 'string' },
        applied: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    });
  } catch (e) {
    console.error(`${e.message}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const opts = { ...values, schema: path.resolve(values.schema), migrations: path.resolve(values.migrations) };
  const [command, ...rest] = positionals;
  if (values.help || !command) {
    console.log(USAGE);
    return values.help ? 0 : 2;
  }
  switch (command) {
    case 'deploy':
      return cmdDeploy(opts);
    case 'status':
      return cmdStatus(opts);
    case 'new':
      return cmdNew(opts, rest[0]);
    case 'check':
      return cmdCheck(opts);
    case 'resolve':
      return cmdResolve(opts);
    default:
      console.error(`unknown command "${command}"\n${USAGE}`);
      return 2;
  }
}

main().then(
  (code) => process.exit(code),
  (e) => {
    console.error(`migrate: ${e.message}`);
    if (process.env.DEBUG_SCHEMA_ENGINE && e.engineLogs) console.error(e.engineLogs.join(''));
    process.exit(2);
  },
);
