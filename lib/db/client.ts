// The one Prisma client of the process, connected through node-postgres (Prisma 7 driver adapter).
// DATABASE_URL names the server; scripts/start.mjs points it at the embedded PostgreSQL when unset.
import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client';

export type Db = PrismaClient;

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) {
    throw new Error(
      'DATABASE_URL is not set. Start the app with `npm start` (it provides an embedded PostgreSQL) or set DATABASE_URL.',
    );
  }
  return url;
}

/** The embedded PostgreSQL serves every connection from one backend session, so it must get exactly one. */
export function poolMax(): number {
  const raw = process.env.DATABASE_POOL_MAX;
  const n = raw ? Number.parseInt(raw, 10) : 10;
  return Number.isFinite(n) && n > 0 ? n : 10;
}

const urls = new WeakMap<Db, string>();

export function createDb(url = databaseUrl(), max = poolMax()): Db {
  const adapter = new PrismaPg({ connectionString: url, max, connectionTimeoutMillis: 5_000 });
  const client = new PrismaClient({ adapter });
  urls.set(client, url);
  return client;
}

/** The server a client talks to, for the rare connection of its own (discovery's advisory lock). */
export function urlOf(client: Db): string {
  return urls.get(client) ?? databaseUrl();
}

const holder = globalThis as unknown as { __awoooiDb?: Db };

/** Shared client; reused across hot reloads in development. */
export function db(): Db {
  holder.__awoooiDb ??= createDb();
  return holder.__awoooiDb;
}
