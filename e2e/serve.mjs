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
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBuild } from '../scripts/build-stamp.mjs';
import { createMigratedDatabase } from '../scripts/db/databases.mjs';
import { e2eAuthSecret, e2eDatabaseName, e2eDeployDir } from './run-names.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
const adminUrl = process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres';
const dbName = e2eDatabaseName(root);
const port = process.env.E2E_PORT ?? '3100';
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

function run(label, args, env) {
  log(label);
  const r = spawnSync(process.execPath, args, { cwd: root, stdio: 'inherit', env });
  if (r.status !== 0) {
    console.error(`[e2e/serve] ${label} failed (exit ${r.status ?? r.signal})`);
    process.exit(1);
  }
}

const portHolder = await holdPort();
const { url: databaseUrl, migrateOutput } = await createMigratedDatabase(adminUrl, dbName);
log(`database ${dbName} recreated; ${migrateOutput.split('\n')[0]}`);
// A small upload limit lets the tests see a real 413 without sending megabytes.
// Sentry's stand-in lives in e2e/self-monitoring.spec.ts. The browser DSN is inlined at build time, so it must be in
// process.env before checkBuild() hashes it.
process.env.NEXT_PUBLIC_SENTRY_DSN ??= `http://publickey@127.0.0.1:${process.env.E2E_SENTRY_PORT ?? 3199}/42`;
process.env.SENTRY_DSN ??= process.env.NEXT_PUBLIC_SENTRY_DSN;
// One deploy target: a folder under the temp dir (no Prometheus to reload), so pushes run and have history.
const deployDir = e2eDeployDir(dbName);
fs.rmSync(deployDir, { recursive: true, force: true });
fs.mkdirSync(deployDir, { recursive: true });
const deployConfig = path.join(deployDir, 'deploy.yaml');
fs.writeFileSync(deployConfig, `targets:\n  - name: e2e-folder\n    type: directory\n    dir: ${JSON.stringify(path.join(deployDir, 'target'))}\n`);
const env = {
  REGISTRY_MAX_BYTES: String(256 * 1024),
  // The specs sign in many times from one address; the limit itself is tested in tests/integration/auth.test.ts.
  AUTH_SIGNIN_MAX: '200',
  ...process.env,
  BETTER_AUTH_SECRET: e2eAuthSecret(),
  DATABASE_URL: databaseUrl,
  NEXT_TELEMETRY_DISABLED: '1',
  // Discovery reaches only the loopback sshd of e2e/discovery.spec.ts; no schedule.
  DISCOVERY_CONFIG: path.join(root, 'e2e/discovery.yaml'),
  DISCOVERY_INTERVAL_MINUTES: '0',
  // e2e/rum.spec.ts serves its test page from another loopback origin; every spec shares one client address.
  RUM_ALLOWED_ORIGINS: `http://127.0.0.1:${process.env.E2E_RUM_PAGE_PORT ?? 3197}`,
  RUM_RATE_LIMIT_PER_MINUTE: '100000',
  DEPLOY_CONFIG: deployConfig,
};
run('users and tokens for the specs', ['--import', 'tsx', 'e2e/fixtures.ts'], env);

run('browser client (public/monitor.js)', ['scripts/build-client.mjs'], env);
const build = checkBuild(root);
if (process.env.E2E_REBUILD === '1' || build.state !== 'current') {
  run('building (next build)', [nextBin, 'build'], env);
  build.record();
} else log('.next is current; not rebuilding');

log(`starting server.mjs on http://127.0.0.1:${port}`);
portHolder.closeAllConnections();
await new Promise((resolve) => portHolder.close(resolve));
const server = spawn(process.execPath, ['server.mjs', '-p', port, '-H', '127.0.0.1'], { cwd: root, stdio: 'inherit', env });
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => server.kill(signal));
server.on('exit', (code, signal) => process.exit(code ?? (signal ? 1 : 0)));
