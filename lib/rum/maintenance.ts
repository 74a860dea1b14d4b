// Keeps the real-user monitoring tables in step, once per interval (startRumMaintenanceSchedule) or on demand:
//   1. re-match: RumPath.page and RumEvent.page follow the pages registered NOW (pageMatcher over the Page table)
//   2. rollup: raw events before the run's start (less ROLLUP_LAG_MS) -> RumHourly per hour, app, page, metric and
//      device, and their sums per day -> RumDaily (today so far included; idempotent), then the mark "rolled up
//      until" (AppSetting rum.rolledUntil) moves there. All of it is one transaction, so a reader that takes the rolled rows
//      before the mark and raw events after it never counts an event twice or misses one rolled in this run.
//   3. retention: raw events older than RUM_RETENTION_DAYS go, in batches, and only once their day is rolled up;
//      RumHourly rows and RumPath rows older than the retention go too.
// Between runs, the rollup tick (runRollupTick, every RUM_ROLLUP_TICK_SECONDS) rolls up the last hour or two, so
// the pages read at most a minute of raw events. One replica at a time for both (a session advisory lock); every
// step is safe to repeat, so a run cut short is simply finished by the next one. The day arithmetic is
// lib/rum/rollup.ts; the rollup SELECT is lib/rum/rollup-sql.ts; the writes are lib/rum/rollup-store.ts.
import { db as sharedDb, urlOf, type Db } from '../db/client';
import { tryAdvisoryLock } from '../db/advisory-lock';
import { matcherForApp, SELF_APP } from './app-pages';
import { pageMatcher } from './page-match';
import { planRollupDays, rawDeleteBound } from './rollup';
import { rollupMarkAt, rollUpDay, rollUpRecent, ROLLUP_TRANSACTION, setRolledUntil } from './rollup-store';
import { maintenanceIntervalMinutes, rawCutoff, retentionDays, rollupTickSeconds, type Env } from './settings';

export interface RumMaintenanceResult {
  /** set when nothing ran: another replica holds the lock */
  skipped?: string;
  retentionDays: number;
  /** RumPath rows whose page changed, and raw events moved to another page (or to none) */
  rematchedPaths: number;
  rematchedEvents: number;
  /** days rolled up, 'YYYY-MM-DD', oldest first */
  rolledDays: string[];
  /** RumDaily rows written, and rows removed because their group no longer exists in that day's raw events */
  rollupRows: number;
  staleRollupRows: number;
  /** the same for RumHourly */
  hourlyRows: number;
  staleHourlyRows: number;
  /** RumHourly rows older than the retention, deleted */
  deletedHourlyRows: number;
  deletedEvents: number;
  deletedPaths: number;
  ms: number;
}

export interface RumMaintenanceOptions {
  retentionDays?: number;
  /** rows per DELETE statement */
  batchSize?: number;
}

/** pg_advisory_lock key: "awoooi-r" as an int64, distinct from discovery's and Prisma's. */
const MAINTENANCE_LOCK_KEY = '8247186418519074162';
const PATH_PAGE = 10_000;

/** What the previous full re-match of this process saw, per database: the pattern set and how often it ran on it. */
const memory = globalThis as unknown as { __awoooiRumRematch?: Map<string, { patterns: string; passes: number }> };

export async function runRumMaintenance(db: Db, now: Date = new Date(), options: RumMaintenanceOptions = {}): Promise<RumMaintenanceResult> {
  const started = Date.now();
  const retention = options.retentionDays ?? retentionDays().value;
  const result: RumMaintenanceResult = {
    retentionDays: retention, rematchedPaths: 0, rematchedEvents: 0, rolledDays: [], rollupRows: 0, staleRollupRows: 0,
    hourlyRows: 0, staleHourlyRows: 0, deletedHourlyRows: 0, deletedEvents: 0, deletedPaths: 0, ms: 0,
  };
  const lock = await tryAdvisoryLock(urlOf(db), MAINTENANCE_LOCK_KEY);
  if (!lock) return { ...result, skipped: 'another replica is running the RUM maintenance', ms: Date.now() - started };
  try {
    const cutoff = rawCutoff(now, retention);
    const rematch = await rematchPages(db);
    result.rematchedPaths = rematch.paths;
    result.rematchedEvents = rematch.events;

    const [bounds] = await db.$queryRaw<{ rolledThrough: Date | null; oldestRaw: Date | null }[]>`
      SELECT (SELECT max(day) FROM "RumDaily") AS "rolledThrough", (SELECT min("at") FROM "RumEvent") AS "oldestRaw"`;
    result.rolledDays = planRollupDays({ now, rolledThrough: bounds?.rolledThrough ?? null, oldestRaw: bounds?.oldestRaw ?? null, rematchedDays: rematch.days, cutoff });
    const days = result.rolledDays;
    const until = rollupMarkAt(now);
    await db.$transaction(
      async (tx) => {
        for (const day of days) {
          const rolled = await rollUpDay(tx, day, until);
          result.rollupRows += rolled.upserted;
          result.staleRollupRows += rolled.removed;
          result.hourlyRows += rolled.hourlyUpserted;
          result.staleHourlyRows += rolled.hourlyRemoved;
        }
        await setRolledUntil(tx, until);
      },
      ROLLUP_TRANSACTION,
    );

    const [after] = await db.$queryRaw<{ rolledThrough: Date | null }[]>`SELECT max(day) AS "rolledThrough" FROM "RumDaily"`;
    const bound = rawDeleteBound(cutoff, after?.rolledThrough ?? null);
    const batch = options.batchSize ?? 5_000;
    if (bound) result.deletedEvents = await deleteEventsBefore(db, bound, batch);
    result.deletedHourlyRows = await db.$executeRaw`DELETE FROM "RumHourly" WHERE hour < ${cutoff}`;
    result.deletedPaths = await deletePathsNotSeenSince(db, cutoff, batch);
  } finally {
    await lock.release();
  }
  result.ms = Date.now() - started;
  return result;
}

export interface RollupTickResult {
  skipped?: string;
  /** the rolled range [from, now); null from: nothing rolled (no maintenance run has set a mark yet) */
  from: Date | null;
  hourlyRows: number;
  dailyRows: number;
  ms: number;
}

/** The rollup tick: the recent hours into RumHourly / RumDaily and the mark to `now`, unless a maintenance run holds the lock. */
export async function runRollupTick(db: Db, now: Date = new Date()): Promise<RollupTickResult> {
  const started = Date.now();
  const lock = await tryAdvisoryLock(urlOf(db), MAINTENANCE_LOCK_KEY);
  if (!lock) return { skipped: 'another replica is running the RUM maintenance', from: null, hourlyRows: 0, dailyRows: 0, ms: Date.now() - started };
  try {
    const rolled = await rollUpRecent(db, now);
    return { from: rolled?.from ?? null, hourlyRows: rolled?.hourlyUpserted ?? 0, dailyRows: rolled?.upserted ?? 0, ms: Date.now() - started };
  } finally {
    await lock.release();
  }
}

/** Deletes raw events before `bound`, `batch` rows per statement, so a backlog never becomes one huge transaction. */
export async function deleteEventsBefore(db: Db, bound: Date, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "RumEvent" WHERE id IN (SELECT id FROM "RumEvent" WHERE "at" < ${bound} LIMIT ${batch})`;
    total += n;
    if (n < batch) return total;
  }
}

/** Deletes RumPath rows last seen before `cutoff`, in batches; rows an ingester holds right now wait for the next run. */
export async function deletePathsNotSeenSince(db: Db, cutoff: Date, batch: number): Promise<number> {
  let total = 0;
  for (;;) {
    const n = await db.$executeRaw`
      DELETE FROM "RumPath" WHERE (app, path) IN (
        SELECT app, path FROM "RumPath" WHERE "lastSeenAt" < ${cutoff} ORDER BY app, path LIMIT ${batch} FOR UPDATE SKIP LOCKED)`;
    total += n;
    if (n < batch) return total;
  }
}

interface Wanted {
  apps: string[];
  paths: string[];
  pages: (string | null)[];
}

/**
 * Brings page matches in line with the registry. RumPath rows are checked every run (cheap). Raw events are moved
 * when their page is no longer registered (found through the page index), and, once per pattern set and process
 * (twice, for beacons written with an ingester's older pattern cache), every event whose path now matches another
 * page. The ingester updates RumPath.page on its own, so RumPath cannot tell which events are stale: hence the
 * full pass whenever the set of patterns changed. Returns the days of moved events, for the rollup to redo.
 */
export async function rematchPages(db: Db): Promise<{ paths: number; events: number; days: string[] }> {
  const patterns = (await db.page.findMany({ select: { path: true } })).map((p) => p.path).sort();
  const match = pageMatcher(patterns);
  const all: Wanted = { apps: [], paths: [], pages: [] };
  const changed: Wanted = { apps: [], paths: [], pages: [] };
  let after: { app: string; path: string } | null = null;
  for (;;) {
    const rows: { app: string; path: string; page: string | null }[] = after
      ? await db.$queryRaw`SELECT app, path, page FROM "RumPath" WHERE (app, path) > (${after.app}, ${after.path}) ORDER BY app, path LIMIT ${PATH_PAGE}`
      : await db.$queryRaw`SELECT app, path, page FROM "RumPath" ORDER BY app, path LIMIT ${PATH_PAGE}`;
    for (const r of rows) {
      const want = matcherForApp(r.app, match)(r.path);
      if (want !== null) push(all, r.app, r.path, want);
      if (want !== r.page) push(changed, r.app, r.path, want);
    }
    if (rows.length < PATH_PAGE) break;
    after = rows[rows.length - 1]!;
  }

  if (changed.apps.length > 0) {
    // Locked in (app, path) order first, as the ingester's upserts lock them, so the two cannot deadlock.
    await db.$executeRaw`
      WITH w AS (SELECT * FROM unnest(${changed.apps}::text[], ${changed.paths}::text[], ${changed.pages}::text[]) AS w(app, path, page)),
      locked AS (SELECT r.app, r.path, w.page FROM "RumPath" r JOIN w USING (app, path) ORDER BY r.app, r.path FOR UPDATE OF r)
      UPDATE "RumPath" r SET page = locked.page FROM locked WHERE r.app = locked.app AND r.path = locked.path`;
  }

  const days = new Set<string>();
  let events = 0;
  const moved = (rows: { day: string; n: number }[]) => {
    for (const r of rows) {
      days.add(r.day);
      events += r.n;
    }
  };
  // Pages that are no longer registered; this app's own events match its own pages (app-pages.ts) and stay put.
  const stale = (await distinctEventPages(db)).filter((p) => !patterns.includes(p));
  if (stale.length > 0) {
    moved(await db.$queryRaw<{ day: string; n: number }[]>`
      WITH w AS (SELECT * FROM unnest(${all.apps}::text[], ${all.paths}::text[], ${all.pages}::text[]) AS w(app, path, page)),
      u AS (UPDATE "RumEvent" e SET page = w.page FROM w WHERE e.page = ANY(${stale}::text[]) AND e.app <> ${SELF_APP} AND e.app = w.app AND e.path = w.path RETURNING e."at")
      SELECT to_char(("at" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS n FROM u GROUP BY 1`);
    // what is left on a removed page matched nothing registered (or its path was never in RumPath)
    moved(await db.$queryRaw<{ day: string; n: number }[]>`
      WITH u AS (UPDATE "RumEvent" SET page = NULL WHERE page = ANY(${stale}::text[]) AND app <> ${SELF_APP} RETURNING "at")
      SELECT to_char(("at" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS n FROM u GROUP BY 1`);
  }

  const key = urlOf(db);
  memory.__awoooiRumRematch ??= new Map();
  const seen = memory.__awoooiRumRematch.get(key);
  const patternsKey = JSON.stringify(patterns);
  const passes = seen?.patterns === patternsKey ? seen.passes : 0;
  if (passes < 2 && all.apps.length > 0) {
    moved(await db.$queryRaw<{ day: string; n: number }[]>`
      WITH w AS (SELECT * FROM unnest(${all.apps}::text[], ${all.paths}::text[], ${all.pages}::text[]) AS w(app, path, page)),
      u AS (UPDATE "RumEvent" e SET page = w.page FROM w WHERE e.app = w.app AND e.path = w.path AND e.page IS DISTINCT FROM w.page RETURNING e."at")
      SELECT to_char(("at" AT TIME ZONE 'UTC')::date, 'YYYY-MM-DD') AS day, count(*)::int AS n FROM u GROUP BY 1`);
  }
  memory.__awoooiRumRematch.set(key, { patterns: patternsKey, passes: passes + 1 });
  return { paths: changed.apps.length, events, days: [...days].sort() };
}

function push(w: Wanted, app: string, path: string, page: string | null) {
  w.apps.push(app);
  w.paths.push(path);
  w.pages.push(page);
}

/** The distinct pages on raw events, by skipping through the (page, kind, at) index: one probe per page. */
async function distinctEventPages(db: Db): Promise<string[]> {
  const rows = await db.$queryRaw<{ page: string }[]>`
    WITH RECURSIVE p AS (
      (SELECT page FROM "RumEvent" WHERE page IS NOT NULL ORDER BY page LIMIT 1)
      UNION ALL
      SELECT (SELECT e.page FROM "RumEvent" e WHERE e.page > p.page ORDER BY e.page LIMIT 1) FROM p WHERE p.page IS NOT NULL
    )
    SELECT page FROM p WHERE page IS NOT NULL`;
  return rows.map((r) => r.page);
}

const holder = globalThis as unknown as { __awoooiRumMaintenance?: { interval: NodeJS.Timeout; first: NodeJS.Timeout; tick?: NodeJS.Timeout } };

/**
 * Runs the maintenance every RUM_MAINTENANCE_INTERVAL_MINUTES (default 60; 0 = off), the first time one minute
 * after start, and the rollup tick every RUM_ROLLUP_TICK_SECONDS (default 60; 0 = off). Once per process; the timers never keep the process alive; a failed run is logged and the next one
 * tries again; a run still going when the next is due is not doubled. Never throws: returns what it did, for the
 * start-up log.
 */
export function startRumMaintenanceSchedule(env: Env = process.env, getDb: () => Db = sharedDb): string {
  try {
    if (holder.__awoooiRumMaintenance) return 'RUM maintenance already scheduled';
    const interval = maintenanceIntervalMinutes(env);
    const retention = retentionDays(env);
    const tickSeconds = rollupTickSeconds(env);
    for (const p of [interval.problem, retention.problem, tickSeconds.problem]) if (p) console.warn(`[awoooi-monitor] ${p}`);
    if (interval.value === 0) return 'RUM maintenance off (interval 0)';
    // one thing at a time in this process: a run or tick still going when the next is due is skipped
    let running = false;
    const exclusive = (what: string, work: () => Promise<unknown>) => async () => {
      if (running) return;
      running = true;
      try {
        await work();
      } catch (error) {
        console.error(`${what} failed:`, error);
      } finally {
        running = false;
      }
    };
    const run = exclusive('RUM maintenance', () => runRumMaintenance(getDb(), new Date(), { retentionDays: retention.value }));
    const tick = exclusive('RUM rollup tick', () => runRollupTick(getDb(), new Date()));
    const everyMs = interval.value * 60_000;
    holder.__awoooiRumMaintenance = {
      interval: setInterval(run, everyMs).unref(),
      first: setTimeout(run, Math.min(60_000, everyMs)).unref(),
      tick: tickSeconds.value > 0 ? setInterval(tick, tickSeconds.value * 1000).unref() : undefined,
    };
    const ticks = tickSeconds.value > 0 ? `, recent hours rolled up every ${tickSeconds.value} s` : '';
    return `RUM maintenance every ${interval.value} min${ticks}, raw events kept ${retention.value} days`;
  } catch (error) {
    return `RUM maintenance not scheduled: ${(error as Error).message}`;
  }
}

/** Stops the schedule (tests; a process that shuts down cleanly). */
export function stopRumMaintenanceSchedule(): void {
  const timers = holder.__awoooiRumMaintenance;
  if (!timers) return;
  clearInterval(timers.interval);
  clearTimeout(timers.first);
  if (timers.tick) clearInterval(timers.tick);
  holder.__awoooiRumMaintenance = undefined;
}
