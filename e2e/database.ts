// The database e2e/serve.mjs made for this checkout's run, for specs that check what was stored.
import { createHash } from 'node:crypto';
import pg from 'pg';

export function e2eDatabaseUrl(): string {
  const admin = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  const root = process.cwd(); // playwright runs from the checkout, as e2e/serve.mjs does
  admin.pathname = `/${process.env.E2E_DATABASE_NAME ?? `awoooi_e2e_${createHash('sha256').update(root).digest('hex').slice(0, 8)}`}`;
  return admin.toString();
}

export async function query<T extends pg.QueryResultRow>(sql: string, params: unknown[]): Promise<T[]> {
  const client = new pg.Client({ connectionString: e2eDatabaseUrl() });
  await client.connect();
  try {
    return (await client.query<T>(sql, params)).rows;
  } finally {
    await client.end();
  }
}
