// Throw-away databases on a PostgreSQL server (test runs, the e2e server, the benchmark), and URLs shown
// without their passwords. Plain ESM with no static dependency, so scripts/start.mjs can import it before
// `npm ci` has run; `pg` is loaded only when a database is actually created or dropped.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

/** host:port/database of a connection URL, never the password. @param {string} url */
export function describeUrl(url) {
  try {
    const u = new URL(url);
    return `${u.hostname}:${u.port || 5432}${u.pathname}`;
  } catch {
    return '(unparseable URL)';
  }
}

/** The same server URL, pointing at another database. @param {string} serverUrl @param {string} name */
export function databaseUrlFor(serverUrl, name) {
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** A quoted SQL identifier. @param {string} name */
export function quoteIdent(name) {
  return `"${name.replaceAll('"', '""')}"`;
}

/**
 * Runs `fn` with a client connected to the server's maintenance database.
 * @template T @param {string} serverUrl @param {(client: import('pg').Client) => Promise<T>} fn @returns {Promise<T>}
 */
export async function withServer(serverUrl, fn) {
  const { default: pg } = await import('pg');
  const client = new pg.Client({ connectionString: serverUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Drops a database, ending sessions still connected to it. @param {string} serverUrl @param {string} name */
export async function dropDatabase(serverUrl, name) {
  await withServer(serverUrl, async (client) => {
    try {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)} WITH (FORCE)`);
    } catch {
      await client.query(`DROP DATABASE IF EXISTS ${quoteIdent(name)}`); // PostgreSQL < 13 has no WITH (FORCE)
    }
  });
}

/**
 * (Re)creates database `name` on the server and applies the migrations with the real migration CLI.
 * @param {string} serverUrl @param {string} name
 * @returns {Promise<{ url: string; migrateOutput: string }>}
 */
export async function createMigratedDatabase(serverUrl, name) {
  await dropDatabase(serverUrl, name);
  await withServer(serverUrl, (client) => client.query(`CREATE DATABASE ${quoteIdent(name)}`));
  const url = databaseUrlFor(serverUrl, name);
  const migrateOutput = await new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(ROOT, 'scripts/db/migrate.mjs'), 'deploy'], {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: url },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (chunk) => (output += chunk));
    child.stderr.on('data', (chunk) => (output += chunk));
    child.on('error', reject);
    child.on('exit', (code) =>
      code === 0 ? resolve(output.trim()) : reject(new Error(`migrating ${describeUrl(url)} failed (exit ${code}):\n${output}`)),
    );
  });
  return { url, migrateOutput };
}
