#!/usr/bin/env node
// Playwright's webServer: a fresh database, migrated, and the production build of the app on port 3100.
//
//   TEST_DATABASE_URL   a PostgreSQL server where this script may create databases
//                       (default postgresql://postgres@127.0.0.1:5432/postgres)
//   E2E_DATABASE_NAME   the database it drops and recreates (default awoooi_e2e_<hash of this checkout's path>,
//                       so test runs from two clones on one server never drop each other's database)
//   E2E_PORT            default 3100
//   E2E_REBUILD=1       run `next build` even when .next looks current
//   REGISTRY_MAX_BYTES  passed to the app; 256 KiB unless set, so the 413 test stays small
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = process.env.E2E_DATABASE_NAME ?? `awoooi_e2e_${createHash('sha256').update(root).digest('hex').slice(0, 8)}`;
const port = process.env.E2E_PORT ?? '3100';
const migrateScript = path.join(root, 'scripts/db/migrate.mjs');
const nextBin = path.join(root, 'node_modules/next/dist/bin/next');

const log = (msg) => console.log(`[e2e/serve] ${msg}`);

if (!/^[a-z_][a-z0-9_]*$/.test(dbName)) {
  console.error(`[e2e/serve] E2E_DATABASE_NAME must be a plain lower-case identifier, got "${dbName}"`);
  process.exit(2);
}

/**
 * Claims the port before anything else and holds it through migrate and build: a second run started
 * meanwhile fails here at once instead of passing Playwright's port check and racing this one.
 */
function holdPort() {
  return new Promise((resolve) => {
    // Answers 503 so Playwright's readiness polls get a quick "not yet" rather than a hanging socket.
    const holder = http.createServer((_req, res) => res.writeHead(503, { 'content-type': 'text/plain' }).end('starting'));
    holder.once('error', (error) => {
      console.error(`[e2e/serve] port ${port} is in use (${error.code}): another test run or server holds it. Stop it or set E2E_PORT.`);
      process.exit(1);
    });
    holder.listen(Number(port), '127.0.0.1', () => resolve(holder));
  });
}

async function recreateDatabase() {
  const client = new pg.Client({ connectionString: adminUrl });
  await client.connect();
  try {
    // FORCE ends sessions a previous run may have left open (PostgreSQL 13+).
    await client.query(`DROP DATABASE IF EXISTS ${dbName} WITH (FORCE)`);
    await client.query(`CREATE DATABASE ${dbName}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${dbName}`;
  return url.toString();
}

// The migration script is written in parallel with these tests; wait for it rather than fail at once.
async function waitForMigrateScript(timeoutMs = 10 * 60_000) {
  const deadline = Date.now() + timeoutMs;
  let said = false;
  while (!fs.existsSync(migrateScript)) {
    if (Date.now() > deadline) throw new Error(`${migrateScript} did not appear within ${timeoutMs / 1000} s`);
    if (!said) log(`waiting for ${path.relative(root, migrateScript)} to exist…`);
    said = true;
    await new Promise((r) => setTimeout(r, 5_000));
  }
}

function newestMtime(p) {
  let stat;
  try {
    stat = fs.statSync(p);
  } catch {
    return 0;
  }
  if (!stat.isDirectory()) return stat.mtimeMs;
  let newest = 0;
  for (const entry of fs.readdirSync(p)) {
    if (entry === 'node_modules' || entry.startsWith('.')) continue;
    newest = Math.max(newest, newestMtime(path.join(p, entry)));
  }
  return newest;
}

/** A build is current when .next/BUILD_ID is newer than every source the app is built from. */
function buildIsCurrent() {
  const buildId = path.join(root, '.next/BUILD_ID');
  if (!fs.existsSync(buildId)) return false;
  const sources = ['app', 'components', 'lib', 'proxy.ts', 'next.config.mjs', 'postcss.config.mjs', 'package.json', 'tsconfig.json'];
  const newestSource = Math.max(...sources.map((s) => newestMtime(path.join(root, s))));
  return fs.statSync(buildId).mtimeMs > newestSource;
}

function run(label, args, env) {
  log(label);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`[e2e/serve] ${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const portHolder = await holdPort();
const databaseUrl = await recreateDatabase();
log(`database ${dbName} recreated`);
// A small upload limit lets the tests see a real 413 without sending megabytes.
const env = { REGISTRY_MAX_BYTES: String(256 * 1024), ...process.env, DATABASE_URL: databaseUrl, NEXT_TELEMETRY_DISABLED: '1' };

await waitForMigrateScript();
run('migrating', [migrateScript, 'deploy'], env);

if (process.env.E2E_REBUILD === '1' || !buildIsCurrent()) run('building (next build)', [nextBin, 'build'], env);
else log('.next is current; not rebuilding');

log(`starting next on http://127.0.0.1:${port}`);
portHolder.closeAllConnections();
await new Promise((resolve) => portHolder.close(resolve));
const server = spawn(process.execPath, [nextBin, 'start', '-p', port, '-H', '127.0.0.1'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
