// "One at a time across every replica" for long jobs (a discovery scan, a push, the RUM maintenance): a PostgreSQL
// session-level advisory lock held on a connection of its own for the length of the job. If the replica dies, its
// connection closes and PostgreSQL releases the lock, so there is no lease to expire and no stale flag to clean up.
// The embedded PostgreSQL (npm start without DATABASE_URL) serves every connection from ONE backend session, where
// advisory locks are re-entrant; it only ever has one app process, so callers' in-process single flight suffices.
import pg from 'pg';

export interface HeldLock {
  release(): Promise<void>;
}

type Env = Readonly<Record<string, string | undefined>>;

export function sharesOneBackendSession(env: Env = process.env): boolean {
  return env.DATABASE_POOL_MAX === '1';
}

/** The lock `key` (an int64 as text), or null when another connection holds it. */
export async function tryAdvisoryLock(url: string, key: string, env: Env = process.env): Promise<HeldLock | null> {
  if (sharesOneBackendSession(env)) return { release: async () => {} };
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 5_000 });
  // A dropped connection must not crash the process; the lock is gone with it, which is what we want.
  client.on('error', () => {});
  await client.connect();
  try {
    const { rows } = await client.query<{ locked: boolean }>('SELECT pg_try_advisory_lock($1::bigint) AS locked', [key]);
    if (!rows[0]?.locked) {
      await client.end();
      return null;
    }
  } catch (error) {
    await client.end().catch(() => {});
    throw error;
  }
  let released = false;
  return {
    async release() {
      if (released) return;
      released = true;
      try {
        await client.query('SELECT pg_advisory_unlock($1::bigint)', [key]);
      } finally {
        await client.end().catch(() => {});
      }
    },
  };
}
