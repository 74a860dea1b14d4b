// One flush = ONE SQL statement: the events go in through unnest() over one array per column (thousands of rows
// per round trip; Prisma's createMany is several times slower), and the same statement upserts RumPath from the
// batch's per-path tallies. One statement is atomic without an explicit transaction, which also keeps it safe on
// the embedded PostgreSQL, whose connections share one backend session. RumPath rows are upserted in (app, path)
// order by the database's collation, the order lib/rum/maintenance.ts locks them in: the two cannot deadlock.
import type { Db } from '../../db/client';
import type { RumEventRow } from '../beacon';
import { pathTallies } from './policy';

const EVENT_COLUMNS: { name: keyof RumEventRow; type: string }[] = [
  { name: 'at', type: 'timestamptz' },
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

const PATH_TYPES = ['text', 'text', 'text', 'int4', 'timestamptz', 'timestamptz'];

const quote = (column: string) => `"${column}"`;
const unnestOf = (types: string[], first: number) => types.map((t, i) => `$${first + i}::${t}[]`).join(', ');

export const WRITE_RUM_ROWS_SQL = `WITH "events" AS (
  INSERT INTO "RumEvent" (${EVENT_COLUMNS.map((c) => quote(c.name)).join(', ')})
  SELECT * FROM unnest(${unnestOf(EVENT_COLUMNS.map((c) => c.type), 1)})
)
INSERT INTO "RumPath" ("app", "path", "page", "hits", "firstSeenAt", "lastSeenAt")
SELECT * FROM unnest(${unnestOf(PATH_TYPES, EVENT_COLUMNS.length + 1)}) AS p("app", "path", "page", "hits", "firstSeenAt", "lastSeenAt")
ORDER BY "app", "path"
ON CONFLICT ("app", "path") DO UPDATE SET
  "page" = EXCLUDED."page",
  "hits" = "RumPath"."hits" + EXCLUDED."hits",
  "firstSeenAt" = LEAST("RumPath"."firstSeenAt", EXCLUDED."firstSeenAt"),
  "lastSeenAt" = GREATEST("RumPath"."lastSeenAt", EXCLUDED."lastSeenAt")`;

/** The statement's parameters: one array per RumEvent column, then one per RumPath column. */
export function writeParameters(rows: readonly RumEventRow[]): unknown[] {
  const tallies = pathTallies(rows);
  return [
    ...EVENT_COLUMNS.map((c) => rows.map((r) => r[c.name])),
    tallies.map((t) => t.app),
    tallies.map((t) => t.path),
    tallies.map((t) => t.page),
    tallies.map((t) => t.hits),
    tallies.map((t) => t.firstSeenAt),
    tallies.map((t) => t.lastSeenAt),
  ];
}

/** Stores one batch (events and their RumPath upserts) or throws, leaving nothing half-written. */
export async function writeRumRows(db: Db, rows: readonly RumEventRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db.$executeRawUnsafe(WRITE_RUM_ROWS_SQL, ...writeParameters(rows));
}
