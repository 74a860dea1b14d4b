#!/usr/bin/env node
// `npm start`: from a fresh clone to a running app in one command.
//   1. install dependencies if needed   2. generate the Prisma client if needed
//   3. database: DATABASE_URL, or an embedded PostgreSQL (PGlite) served from THIS process
//   4. apply migrations   5. load the example registry (the loader decides if the database is fresh)
//   5b. an auth secret (.data/auth-secret unless BETTER_AUTH_SECRET) and the first admin (printed once)
//   6. `next build` if sources changed since the last build   7. server.mjs (Next, with the beacon fast path) on HOST:PORT
//
// Plain Node with no static imports from node_modules: it must run before `npm ci` has.
// Every child is spawned asynchronously: the embedded database answers the children's queries from
// this process's event loop, so a synchronous spawn would deadlock.
import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { checkBuild } from './build-stamp.mjs';
import { describeUrl } from './db/databases.mjs';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const rel = (p) => path.relative(ROOT, p) || '.';
process.chdir(ROOT);
process.env.NEXT_TELEMETRY_DISABLED = '1';

const log = (msg) => console.log(`[start] ${msg}`);
const mtime = (p) => {
  try {
    return fs.statSync(p).mtimeMs;
  } catch {
    return -1;
  }
};

let embedded = null; // { url, dir, close() } when we serve the database ourselves
let current = null; // the running child process
let stopping = false;

async function step(name, fn) {
  const started = Date.now();
  log(`${name} ...`);
  const result = await fn();
  log(`${name}: done in ${((Date.now() - started) / 1000).toFixed(1)} s`);
  return result;
}

/** Runs a command with inherited stdio; resolves to its exit code (128+n when killed by a signal). */
function run(cmd, args, env = process.env) {
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { stdio: 'inherit', env, cwd: ROOT });
    current = child;
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      current = null;
      resolve(code ?? 128 + (signal === 'SIGINT' ? 2 : signal === 'SIGTERM' ? 15 : 1));
    });
  });
}

async function must(cmd, args, what, env) {
  const code = await run(cmd, args, env);
  if (code !== 0) await shutdown(code, stopping ? undefined : `${what} failed (exit code ${code})`);
}

async function shutdown(code, reason) {
  if (reason) console.error(`[start] ${reason}`);
  if (embedded) {
    const db = embedded;
    embedded = null;
    await db.close().catch((e) => console.error(`[start] closing the embedded database: ${e.message}`));
    log('embedded PostgreSQL closed');
  }
  process.exit(code);
}

function onSignal(signal) {
  if (stopping) return;
  stopping = true;
  log(`${signal}: stopping`);
  if (current) current.kill(signal); // its exit then runs shutdown through the normal path
  else void shutdown(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGINT', () => onSignal('SIGINT'));
process.on('SIGTERM', () => onSignal('SIGTERM'));

/** npm through the same npm that runs us (`npm start`), else the one on PATH. */
function npm(args) {
  const cli = process.env.npm_execpath;
  return cli && cli.endsWith('.js') ? [process.execPath, [cli, ...args]] : ['npm', args];
}

async function ensureDependencies() {
  const lock = path.join(ROOT, 'package-lock.json');
  const installed = path.join(ROOT, 'node_modules/.package-lock.json');
  if (!fs.existsSync(path.join(ROOT, 'node_modules'))) log('node_modules is missing');
  else if (fs.existsSync(lock) && mtime(lock) > mtime(installed)) log('package-lock.json changed since the last install');
  else return log('dependencies: up to date');
  const args = fs.existsSync(lock) ? ['ci', '--no-audit', '--no-fund'] : ['install', '--no-audit', '--no-fund'];
  await step(`npm ${args[0]}`, async () => {
    const [cmd, cmdArgs] = npm(args);
    await must(cmd, cmdArgs, `npm ${args[0]}`);
  });
}

async function ensurePrismaClient() {
  const generated = path.join(ROOT, 'lib/db/generated/client.ts');
  if (mtime(generated) >= mtime(path.join(ROOT, 'prisma/schema.prisma'))) return log('prisma client: up to date');
  await step('generate the Prisma client', () =>
    must(process.execPath, ['scripts/db/generate-client.mjs'], 'prisma generate'),
  );
}

/** host:port/database, never the password. */
async function ensureDatabase() {
  if (process.env.DATABASE_URL) {
    log(`database: PostgreSQL at ${describeUrl(process.env.DATABASE_URL)} (password hidden)`);
    return;
  }
  const { startEmbeddedPostgres, embeddedDefaults } = await import(
    pathToFileURL(path.join(ROOT, 'scripts/db/embedded-postgres.mjs')).href
  );
  const { dir, port } = embeddedDefaults();
  embedded = await step('start the embedded PostgreSQL', () => startEmbeddedPostgres({ dir, port }));
  log(
    `database: embedded PostgreSQL (PGlite) in ${rel(embedded.dir)} — for trying out and single-node use; ` +
      'set DATABASE_URL for production',
  );
  // PGlite serves every connection from one backend session: each client gets exactly one connection.
  process.env.DATABASE_URL = embedded.url;
  process.env.DATABASE_POOL_MAX = '1';
}

/**
 * better-auth signs sessions with BETTER_AUTH_SECRET. Without one, make a random secret once and keep it beside the
 * embedded database (.data/auth-secret, readable only by this user), so sessions survive restarts.
 */
function ensureAuthSecret() {
  if (process.env.BETTER_AUTH_SECRET) return log('auth secret: from BETTER_AUTH_SECRET');
  const file = path.join(ROOT, '.data/auth-secret');
  let secret = '';
  try {
    secret = fs.readFileSync(file, 'utf8').trim();
  } catch {
    /* first start */
  }
  if (secret.length < 32) {
    fs.mkdirSync(path.dirname(file), { recursive: true });
    secret = crypto.randomBytes(48).toString('base64url');
    fs.writeFileSync(file, `${secret}\n`, { mode: 0o600 });
    log(`auth secret: created ${rel(file)} (set BETTER_AUTH_SECRET to share one between replicas)`);
  } else log(`auth secret: ${rel(file)}`);
  process.env.BETTER_AUTH_SECRET = secret;
}

async function ensureAdminAccount() {
  await step('admin account', () => must(process.execPath, ['--import', 'tsx', 'scripts/ensure-admin.ts'], 'creating the admin account'));
}

async function loadExampleRegistry() {
  const loader = 'scripts/load-example-registry.ts';
  await step('example registry', () => must(process.execPath, ['--import', 'tsx', loader], 'loading the example registry'));
}

async function ensureBuild(nextBin) {
  const build = checkBuild(ROOT);
  if (build.state === 'current') return log('next build: sources unchanged since the last build, skipping');
  log(build.state === 'stale' ? 'sources changed since the last build' : 'no production build yet');
  await step('next build', () => must(process.execPath, [nextBin, 'build'], 'next build'));
  build.record();
}

async function main() {
  const started = Date.now();
  await ensureDependencies();
  await ensurePrismaClient();
  // The Configs page checks generated files with promtool/amtool; without them it says "not checked".
  await step('Prometheus tools', () => run(process.execPath, [path.join(ROOT, 'scripts/tools/install-prometheus-tools.mjs'), '--best-effort']));
  await ensureDatabase();
  await step('migrate deploy', () => must(process.execPath, ['scripts/db/migrate.mjs', 'deploy'], 'migrate deploy'));
  await loadExampleRegistry();
  ensureAuthSecret();
  await ensureAdminAccount();
  const nextBin = path.join(ROOT, 'node_modules/next/dist/bin/next');
  await step('browser client (public/monitor.js)', () => must(process.execPath, ['scripts/build-client.mjs'], 'building public/monitor.js'));
  await ensureBuild(nextBin);

  const host = process.env.HOST || '127.0.0.1';
  const port = process.env.PORT || '3000';
  log(`ready to serve after ${((Date.now() - started) / 1000).toFixed(1)} s: server.mjs on http://${host}:${port}`);
  const code = await run(process.execPath, [path.join(ROOT, 'server.mjs'), '--hostname', host, '--port', port]);
  await shutdown(code, stopping ? undefined : `server.mjs exited with code ${code}`);
}

main().catch((e) => shutdown(1, `failed: ${e?.stack ?? e}`));
