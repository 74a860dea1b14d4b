// The database e2e/serve.mjs made for this checkout's run, for specs that check what was stored.
import pg from 'pg';
import { e2eDatabaseName } from './run-names.mjs';

export function e2eDatabaseUrl(): string {
  const admin = new URL(process.env.TEST_DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/postgres');
  admin.pathname = `/${e2eDatabaseName()}`; // playwright runs from the checkout, as e2e/serve.mjs does
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
