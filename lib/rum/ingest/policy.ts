// The buffer's rules, apart from its timers and the database: how many events fit, how long to wait after a
// failed write, which failures are worth retrying, and what one flush adds to RumPath. Pure.
import type { RumEventRow } from '../beacon';

/** Of `incoming` events, how many fit beside `held` under `max`; the rest are dropped (newest first to go). */
export function admit(held: number, incoming: number, max: number): { take: number; drop: number } {
  const take = Math.max(0, Math.min(incoming, max - held));
  return { take, drop: incoming - take };
}

export const RETRY_BACKOFF = { firstMs: 250, maxMs: 15_000 } as const;

/** Wait before retry number `failures` (1 = after the first failure): doubling from 250 ms up to 15 s. */
export function retryDelayMs(failures: number, backoff: { firstMs: number; maxMs: number } = RETRY_BACKOFF): number {
  if (failures <= 0) return 0;
  return Math.min(backoff.maxMs, backoff.firstMs * 2 ** Math.min(failures - 1, 30));
}

/** The SQLSTATE of a failed write: from node-postgres (`code`) or inside Prisma's raw-query message. */
export function sqlState(error: unknown): string | null {
  const code = (error as { code?: unknown } | null)?.code;
  if (typeof code === 'string' && /^[0-9A-Z]{5}$/.test(code)) return code;
  const inMessage = /Code: `([0-9A-Z]{5})`/.exec(error instanceof Error ? error.message : String(error));
  return inMessage ? inMessage[1]! : null;
}

/**
 * Whether retrying the same rows can never succeed: the data itself was refused (SQLSTATE class 22, data
 * exception, or 23, integrity violation). Such a batch is dropped so it cannot block everything behind it.
 * Everything else (connection lost, server shutting down, deadlock, even a missing table while a deploy migrates)
 * is retried: the bounded buffer caps what waiting costs.
 */
export function isPermanentWriteError(error: unknown): boolean {
  const state = sqlState(error);
  return state !== null && (state.startsWith('22') || state.startsWith('23'));
}

const NUL = '\u0000';
const TEXT_FIELDS = ['app', 'path', 'page', 'view', 'metric', 'rating', 'message', 'stack', 'method', 'url', 'fingerprint'] as const;

// ES2024 string methods (Node 20 has them; the project's TypeScript lib stops at ES2023).
type Es2024String = string & { isWellFormed(): boolean; toWellFormed(): string };
const storable = (v: string) => !v.includes(NUL) && (v as Es2024String).isWellFormed();

/**
 * One row that PostgreSQL cannot take fails its whole batch, so: NULs (which text cannot hold) are removed, and
 * lone UTF-16 surrogates (JSON.parse lets `"\ud800"` through; the writer's JSON would carry it to the server,
 * which refuses it) become U+FFFD, as UTF-8 encoding would make them.
 */
export function storableRow(row: RumEventRow): RumEventRow {
  if (TEXT_FIELDS.every((f) => row[f] === null || storable(row[f]))) return row;
  const clean = { ...row };
  for (const f of TEXT_FIELDS) {
    const v = clean[f];
    if (v !== null && !storable(v)) (clean as Record<string, unknown>)[f] = (v.replaceAll(NUL, '') as Es2024String).toWellFormed();
  }
  return clean;
}

/** One RumPath change: page views and first/last seen of one (app, path) within a batch. */
export interface PathTally {
  app: string;
  path: string;
  /** the page the latest event of the batch matched */
  page: string | null;
  hits: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/**
 * A batch's rows folded per (app, path). Every path seen counts as seen; only page views add hits. Unique per key,
 * as one INSERT ... ON CONFLICT DO UPDATE may touch each row only once (the SQL orders them for locking).
 */
export function pathTallies(rows: readonly RumEventRow[]): PathTally[] {
  const byKey = new Map<string, PathTally>();
  for (const r of rows) {
    const key = `${r.app}\u0000${r.path}`;
    const t = byKey.get(key);
    if (!t) {
      byKey.set(key, { app: r.app, path: r.path, page: r.page, hits: r.kind === 'pageview' ? 1 : 0, firstSeenAt: r.at, lastSeenAt: r.at });
      continue;
    }
    if (r.kind === 'pageview') t.hits++;
    if (r.at < t.firstSeenAt) t.firstSeenAt = r.at;
    if (r.at >= t.lastSeenAt) {
      t.lastSeenAt = r.at;
      t.page = r.page;
    }
  }
  return [...byKey.values()];
}
