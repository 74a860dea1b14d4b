#!/usr/bin/env node
// Embedded PostgreSQL for `npm start` without DATABASE_URL (and, in memory, the shadow database of
// scripts/db/migrate.mjs): PGlite (PostgreSQL compiled to WebAssembly, in-process) served on a loopback
// TCP port by @electric-sql/pglite-socket, so the app and the migration engine talk to it through
// node-postgres exactly as they would to a real server.
//
// Two properties of PGlite shape this file:
// - Every socket connection shares ONE backend session, so transactions from two connections would
//   interleave. Each client must use a pool of exactly 1 connection (DATABASE_POOL_MAX=1).
// - One process may open a data folder at a time, and PGlite must be closed explicitly (otherwise the
//   data may not be flushed and Node lingers ~10 s). We guard the folder with a pid lock file.
//
// Standalone: `node scripts/db/embedded-postgres.mjs` prints the URL and serves until SIGINT/SIGTERM.
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

export const DEFAULT_DIR = '.data/pglite';
export const DEFAULT_PORT = 54329;
const MEMORY = 'memory://';

/** Default options from the environment (EMBEDDED_PG_DIR, EMBEDDED_PG_PORT). */
export function embeddedDefaults(env = process.env) {
  const port = env.EMBEDDED_PG_PORT ? Number.parseInt(env.EMBEDDED_PG_PORT, 10) : DEFAULT_PORT;
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    throw new Error(`EMBEDDED_PG_PORT must be a TCP port number, got "${env.EMBEDDED_PG_PORT}"`);
  }
  return { dir: env.EMBEDDED_PG_DIR || DEFAULT_DIR, port };
}

function pidAlive(pid) {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return e.code === 'EPERM';
  }
}

/** Takes `<dir>.lock` holding our pid; refuses if another live process holds it. Returns a release fn. */
function lockDataDir(dir) {
  const lockPath = `${dir}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      fs.writeFileSync(lockPath, String(process.pid), { flag: 'wx' });
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        try {
          if (fs.readFileSync(lockPath, 'utf8') === String(process.pid)) fs.unlinkSync(lockPath);
        } catch {
          /* already gone */
        }
      };
      // Last resort if the process exits without close(): never leave a stale lock behind.
      process.once('exit', release);
      return release;
    } catch (e) {
      if (e.code !== 'EEXIST') throw e;
      const holder = Number.parseInt(fs.readFileSync(lockPath, 'utf8'), 10);
      if (Number.isInteger(holder) && pidAlive(holder)) {
        throw new Error(
          `The embedded PostgreSQL data folder ${dir} is in use by process ${holder}. ` +
            'Stop it first (PGlite allows one process per folder), or set EMBEDDED_PG_DIR to another folder.',
        );
      }
      fs.rmSync(lockPath, { force: true }); // stale lock from a crashed process
    }
  }
  throw new Error(`Could not lock ${dir}`);
}

function assertPortFree(host, port) {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', (e) =>
      reject(e?.code === 'EADDRINUSE' ? new Error(`Port ${port} on ${host} is already in use: set EMBEDDED_PG_PORT to a free port.`) : e),
    );
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

/**
 * Starts PGlite on `dir` ('memory://' for a throw-away in-memory database) and serves it on
 * 127.0.0.1:`port` (0 = any free port). Resolves to { url, dir, port, close() }.
 * @param {{ dir?: string, port?: number, maxConnections?: number }} [options]
 * @returns {Promise<{ url: string, dir: string, port: number, close(): Promise<void> }>}
 */
export async function startEmbeddedPostgres(options = {}) {
  const defaults = embeddedDefaults();
  const dir = options.dir ?? defaults.dir;
  const port = options.port ?? defaults.port;
  const host = '127.0.0.1'; // never anything but loopback: there is no authentication
  const memory = dir === MEMORY;
  const absDir = memory ? MEMORY : path.resolve(dir);

  // Before the data folder is touched: a start that fails on a busy port must not leave a half-made folder
  // (seen: the next start then aborts inside PGlite).
  if (port !== 0) await assertPortFree(host, port);
  let releaseLock = () => {};
  if (!memory) {
    fs.mkdirSync(absDir, { recursive: true });
    releaseLock = lockDataDir(absDir);
  }
  let db;
  let server;
  try {
    db = await PGlite.create(memory ? undefined : absDir);
    // >= 2: with 1, a client reconnecting after a query error is refused while the old socket closes.
    server = new PGLiteSocketServer({ db, host, port, maxConnections: options.maxConnections ?? 8 });
    await server.start();
  } catch (e) {
    await db?.close().catch(() => {});
    releaseLock();
    if (e?.code === 'EADDRINUSE') {
      throw new Error(`Port ${port} on ${host} is already in use: set EMBEDDED_PG_PORT to a free port.`);
    }
    throw e;
  }
  const boundPort = Number.parseInt(server.getServerConn().split(':').pop(), 10);
  const url = `postgresql://postgres:postgres@${host}:${boundPort}/postgres`;

  let closing;
  const close = () => {
    closing ??= (async () => {
      await server.stop().catch(() => {});
      await db.close();
      releaseLock();
    })();
    return closing;
  };
  return { url, dir: absDir, port: boundPort, close };
}

// Standalone use: serve until told to stop.
if (process.argv[1] && import.meta.url === pathToFileURL(path.resolve(process.argv[1])).href) {
  const started = Date.now();
  try {
    const pg = await startEmbeddedPostgres();
    console.log(`embedded PostgreSQL (PGlite) in ${pg.dir} ready in ${Date.now() - started} ms`);
    console.log(`DATABASE_URL=${pg.url}`);
    console.log('Clients must use ONE connection (DATABASE_POOL_MAX=1). Ctrl-C to stop.');
    const stop = async (signal) => {
      console.log(`${signal}: closing embedded PostgreSQL`);
      await pg.close();
      process.exit(0);
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  } catch (e) {
    console.error(`embedded PostgreSQL failed to start: ${e.message}`);
    process.exit(1);
  }
}
