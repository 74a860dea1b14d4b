// Naming shared by global-setup.ts (runs in the main Vitest process) and test-database.ts (workers).
// Databases are named awoooi_test_<pid of the Vitest main process>_<suffix>, so a run can tell its own
// databases from those of a concurrent run on the same server and from leftovers of a dead one.

export const PREFIX = 'awoooi_test_';

export function defaultAdminUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
}

// URL and identifier helpers are shared with the e2e server and the benchmark.
export { databaseUrlFor as urlFor, describeUrl as describe, quoteIdent as ident } from '../../scripts/db/databases.mjs';
