// Vitest global setup, once per `vitest run`: on the test PostgreSQL server (TEST_DATABASE_URL), drop
// databases left by dead earlier runs, then create ONE freshly migrated template database with the
// real migration CLI. tests/helpers/test-database.ts clones it per test file (CREATE DATABASE ...
// TEMPLATE), which takes a few tens of ms instead of re-running the migrations every time.
import pg from 'pg';
import type { TestProject } from 'vitest/node';
import { createMigratedDatabase } from '../../scripts/db/databases.mjs';
import { PREFIX, defaultAdminUrl, describe, ident } from './test-db-names';


declare module 'vitest' {
  export interface ProvidedContext {
    testDatabase: { adminUrl: string; template: string; runPrefix: string };
  }
}

function pidAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

async function connectAdmin(adminUrl: string): Promise<pg.Client> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  try {
    await client.connect();
  } catch (e) {
    throw new Error(
      `The test PostgreSQL server at ${describe(adminUrl)} is not reachable (${(e as Error).message}).\n` +
        'Start it with:  pg_ctlcluster --skip-systemctl-redirect 15 main start\n' +
        'or point TEST_DATABASE_URL at a PostgreSQL server where this user may CREATE DATABASE.',
    );
  }
  return client;
}

/** Drops our databases whose Vitest process is gone (same machine: the pid is in the name). */
async function dropLeftovers(admin: pg.Client): Promise<string[]> {
  const { rows } = await admin.query<{ datname: string }>(
    `SELECT datname FROM pg_database WHERE datname LIKE $1`,
    [`${PREFIX.replaceAll('_', '\\_')}%`],
  );
  const dropped: string[] = [];
  for (const { datname } of rows) {
    const pid = Number.parseInt(datname.slice(PREFIX.length).split('_')[0] ?? '', 10);
    if (Number.isInteger(pid) && pid !== process.pid && pidAlive(pid)) continue; // a concurrent run
    await admin.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
    dropped.push(datname);
  }
  return dropped;
}

export default async function setup(project: TestProject) {
  const adminUrl = defaultAdminUrl();
  const admin = await connectAdmin(adminUrl);
  const runPrefix = `${PREFIX}${process.pid}_`;
  const template = `${runPrefix}template`;
  try {
    const dropped = await dropLeftovers(admin);
    if (dropped.length) console.log(`[test-db] dropped ${dropped.length} leftover database(s) of earlier runs`);
  } finally {
    await admin.end();
  }

  const started = Date.now();
  try {
    await createMigratedDatabase(adminUrl, template);
  } catch (e) {
    throw new Error(`migrating the test template database failed:\n${(e as Error).message}`);
  }
  console.log(`[test-db] template ${template} migrated on ${describe(adminUrl)} in ${Date.now() - started} ms`);
  project.provide('testDatabase', { adminUrl, template, runPrefix });

  return async () => {
    // Drop everything this run created (the template and any database a test forgot to drop).
    const client = await connectAdmin(adminUrl);
    try {
      const { rows } = await client.query<{ datname: string }>(
        'SELECT datname FROM pg_database WHERE starts_with(datname, $1)',
        [runPrefix],
      );
      for (const { datname } of rows) await client.query(`DROP DATABASE IF EXISTS ${ident(datname)} WITH (FORCE)`);
    } finally {
      await client.end();
    }
  };
}
