// Naming shared by global-setup.ts (runs in the main Vitest process) and test-database.ts (workers).
// Databases are named awoooi_test_<pid of the Vitest main process>_<suffix>, so a run can tell its own
// databases from those of a concurrent run on the same server and from leftovers of a dead one.

export const PREFIX = 'awoooi_test_';

export function defaultAdminUrl(): string {
  return process.env.TEST_DATABASE_URL || 'postgresql://postgres@127.0.0.1:5432/postgres';
}

/** The same server URL pointing at another database. */
export function urlFor(adminUrl: string, database: string): string {
  const url = new URL(adminUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

/** host:port/db of a URL, never the password. */
export function describe(url: string): string {
  const u = new URL(url);
  return `${u.hostname}:${u.port || 5432}${u.pathname}`;
}

/** Quote an identifier we generated ourselves (still quoted properly, in case of a future change). */
export function ident(name: string): string {
  return `"${name.replaceAll('"', '""')}"`;
}
