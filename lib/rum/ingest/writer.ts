// One flush = ONE SQL statement: the batch goes in as two JSON parameters (the events, and the per-path tallies)
// that json_to_recordset() turns back into rows, and the same statement inserts the events and upserts RumPath.
// Why JSON rather than one array parameter per column: the beacon intake runs on the server's one thread, and
// Prisma's driver adapter formats every array element (every timestamp) one by one in JavaScript, which cost
// ~11 µs per event there; JSON.stringify is native, and PostgreSQL, on another core, does the parsing.
// Times travel as epoch milliseconds (no Date formatting at all). One statement is atomic without an explicit
// transaction, which also keeps it safe on the embedded PostgreSQL, whose connections share one backend session.
// RumPath rows are upserted in (app, path) order by the database's collation, the order lib/rum/maintenance.ts
// locks them in: the two cannot deadlock. Rows reach here through storableRow() (policy.ts): no NUL, no lone
// surrogate, which PostgreSQL's json would refuse.
import type { Db } from '../../db/client';
import type { RumEventRow } from '../beacon';
import { pathTallies } from './policy';

const EVENT_COLUMNS: { name: keyof RumEventRow; type: string }[] = [
  { name: 'at', type: 'float8' }, // epoch ms, converted below
  { name: 'app', type: 'text' },
  { name: 'kind', type: 'text' },
  { name: 'path', type: 'text' },
  { name: 'page', type: 'text' },
  { name: 'device', type: 'text' },
  { name: 'view', type: 'text' },
  { name: 'sampleRate', type: 'float8' },
  { name: 'metric', type: 'text' },
  { name: 'value', type: 'float8' },
  { name: 'rating', type: 'text' },
  { name: 'message', type: 'text' },
  { name: 'stack', type: 'text' },
  { name: 'method', type: 'text' },
  { name: 'url', type: 'text' },
  { name: 'status', type: 'int4' },
  { name: 'fingerprint', type: 'text' },
];

const quote = (column: string) => `"${column}"`;
const fromMs = (column: string) => `to_timestamp(${column} / 1000.0)`;
const recordType = (columns: { name: string; type: string }[]) => columns.map((c) => `${quote(c.name)} ${c.type}`).join(', ');

export const WRITE_RUM_ROWS_SQL = `WITH "events" AS (
  INSERT INTO "RumEvent" (${EVENT_COLUMNS.map((c) => quote(c.name)).join(', ')})
  SELECT ${EVENT_COLUMNS.map((c) => (c.name === 'at' ? fromMs('e."at"') : `e.${quote(c.name)}`)).join(', ')}
  FROM json_to_recordset($1::json) AS e(${recordType(EVENT_COLUMNS)})
)
INSERT INTO "RumPath" ("app", "path", "page", "hits", "firstSeenAt", "lastSeenAt")
SELECT p."app", p."path", p."page", p."hits", ${fromMs('p."first"')}, ${fromMs('p."last"')}
FROM json_to_recordset($2::json) AS p("app" text, "path" text, "page" text, "hits" int4, "first" float8, "last" float8)
ORDER BY p."app", p."path"
ON CONFLICT ("app", "path") DO UPDATE SET
  "page" = EXCLUDED."page",
  "hits" = "RumPath"."hits" + EXCLUDED."hits",
  "firstSeenAt" = LEAST("RumPath"."firstSeenAt", EXCLUDED."firstSeenAt"),
  "lastSeenAt" = GREATEST("RumPath"."lastSeenAt", EXCLUDED."lastSeenAt")`;

/** The statement's two parameters: the events, and the RumPath tallies, as JSON arrays of objects. */
export function writeParameters(rows: readonly RumEventRow[]): [string, string] {
  // Times as epoch ms: cheaper than letting JSON.stringify call Date.toJSON on each.
  const events = rows.map((r) => ({ ...r, at: r.at.getTime() }));
  const tallies = pathTallies(rows).map((t) => ({ app: t.app, path: t.path, page: t.page, hits: t.hits, first: t.firstSeenAt.getTime(), last: t.lastSeenAt.getTime() }));
  return [JSON.stringify(events), JSON.stringify(tallies)];
}

/** Stores one batch (events and their RumPath upserts) or throws, leaving nothing half-written. */
export async function writeRumRows(db: Db, rows: readonly RumEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(WRITE_RUM_ROWS_SQL, ...writeParameters(rows));
}
