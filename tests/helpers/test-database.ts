// One isolated, fully migrated PostgreSQL database per caller (normally per test file):
//
//   let t: TestDatabase;
//   beforeAll(async () => { t = await createTestDatabase(); });
//   afterAll(() => t.drop());
//   ... t.db.owner.create(...)   or connect anything else to t.url
//
// The database is a copy of the template that tests/helpers/global-setup.ts migrated for this run.
import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';
import { createDb, type Db } from '@/lib/db/client';
import { ident, urlFor } from './test-db-names';

export type { Db };

export interface TestDatabase {
  /** Connection URL of this database (for code under test that reads DATABASE_URL, or for raw pg). */
  url: string;
  /** Prisma client connected to it, built by lib/db/client.ts like the app's. */
  db: Db;
  /** Disconnects `db` and drops the database. Safe to call twice. */
  drop(): Promise<void>;
}

async function admin<T>(adminUrl: string, fn: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: adminUrl, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Creates a new empty-but-migrated database (a clone of the run's template). */
export async function createTestDatabase(): Promise<TestDatabase> {
  const { adminUrl, template, runPrefix } = inject('testDatabase');
  const name = `${runPrefix}${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, async (client) => {
    // CREATE DATABASE ... TEMPLATE fails with 55006 while another session is connected to the template;
    // clones from parallel test files can briefly collide, so retry a few times.
    for (let attempt = 1; ; attempt++) {
      try {
        await client.query(`CREATE DATABASE ${ident(name)} TEMPLATE ${ident(template)}`);
        return;
      } catch (e) {
        if ((e as { code?: string }).code !== '55006' || attempt >= 20) throw e;
        await new Promise((r) => setTimeout(r, 50 * attempt));
      }
    }
  });

  const url = urlFor(adminUrl, name);
  const db = createDb(url, 4);
  let dropped = false;
  return {
    url,
    db,
    async drop() {
      if (dropped) return;
      dropped = true;
      await db.$disconnect();
      await admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`));
    },
  };
}

/** A brand-new database with NOTHING in it (no migrations), for tests of the migrations themselves. */
export async function createEmptyDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const { adminUrl, runPrefix } = inject('testDatabase');
  const name = `${runPrefix}${randomBytes(6).toString('hex')}`;
  await admin(adminUrl, (client) => client.query(`CREATE DATABASE ${ident(name)} TEMPLATE template0`));
  return {
    url: urlFor(adminUrl, name),
    drop: () => admin(adminUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${ident(name)} WITH (FORCE)`)).then(() => {}),
  };
}
