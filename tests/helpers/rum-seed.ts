// RumEvent / RumPath rows for the RUM tests, written straight into the tables as the ingester would write them.
import type { RumEventRow } from '@/lib/rum/beacon';
import { rate, type VitalName } from '@/lib/rum/thresholds';
import type { Db } from './test-database';

let views = 0;

const base = (at: Date, path: string, page: string | null): RumEventRow => ({
  at, app: 'web', kind: 'pageview', path, page, device: 'desktop', view: `v${++views}`, sampleRate: 1,
  metric: null, value: null, rating: null, message: null, stack: null, method: null, url: null, status: null, fingerprint: null,
});

export const pageview = (at: Date, path: string, page: string | null, extra: Partial<RumEventRow> = {}): RumEventRow => ({ ...base(at, path, page), ...extra });

export const vital = (at: Date, path: string, page: string | null, metric: VitalName, value: number, extra: Partial<RumEventRow> = {}): RumEventRow => ({
  ...base(at, path, page), kind: 'vital', metric, value, rating: rate(metric, value), ...extra,
});

export const jsError = (at: Date, path: string, page: string | null, message: string, extra: Partial<RumEventRow> = {}): RumEventRow => ({
  ...base(at, path, page), kind: 'error', message, stack: `Error: ${message}\n    at render (app.js:1:2)`, fingerprint: `error ${message}`, ...extra,
});

export const failedFetch = (at: Date, path: string, page: string | null, url: string, status: number, extra: Partial<RumEventRow> = {}): RumEventRow => ({
  ...base(at, path, page), kind: 'fetch', method: 'GET', url, status, value: 120, fingerprint: `fetch GET ${url} ${status === 0 ? 'network' : `${Math.floor(status / 100)}xx`}`, ...extra,
});

/** One multi-row INSERT per 5,000 rows (Prisma's createMany is far slower for thousands of rows). */
export async function insertEvents(db: Db, rows: readonly RumEventRow[]): Promise<void> {
  for (let i = 0; i < rows.length; i += 5_000) {
    const chunk = rows.slice(i, i + 5_000);
    const col = <K extends keyof RumEventRow>(k: K) => chunk.map((r) => r[k]);
    await db.$executeRaw`
      INSERT INTO "RumEvent" ("at", app, kind, path, page, device, view, "sampleRate", metric, value, rating, message, stack, method, url, status, fingerprint)
      SELECT * FROM unnest(${col('at')}::timestamptz[], ${col('app')}::text[], ${col('kind')}::text[], ${col('path')}::text[], ${col('page')}::text[],
        ${col('device')}::text[], ${col('view')}::text[], ${col('sampleRate')}::float8[], ${col('metric')}::text[], ${col('value')}::float8[],
        ${col('rating')}::text[], ${col('message')}::text[], ${col('stack')}::text[], ${col('method')}::text[], ${col('url')}::text[],
        ${col('status')}::int[], ${col('fingerprint')}::text[])`;
  }
}

/** RumPath rows for the events' paths, as the ingester keeps them (hits = page views, page = the latest event's). */
export async function insertPathsOf(db: Db, rows: readonly RumEventRow[]): Promise<void> {
  const byKey = new Map<string, { app: string; path: string; page: string | null; hits: number; firstSeenAt: Date; lastSeenAt: Date }>();
  for (const r of rows) {
    const key = `${r.app} ${r.path}`;
    const p = byKey.get(key) ?? { app: r.app, path: r.path, page: r.page, hits: 0, firstSeenAt: r.at, lastSeenAt: r.at };
    if (r.kind === 'pageview') p.hits++;
    if (r.at < p.firstSeenAt) p.firstSeenAt = r.at;
    if (r.at >= p.lastSeenAt) {
      p.lastSeenAt = r.at;
      p.page = r.page;
    }
    byKey.set(key, p);
  }
  await db.rumPath.createMany({ data: [...byKey.values()] });
}

/** Deterministic pseudo-random numbers (mulberry32), so a failing test fails the same way again. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Log-normally spread values around `median` (the shape of real latencies). */
export function logNormal(random: () => number, median: number, sigma = 0.6): number {
  const u = Math.max(1e-12, random());
  const v = random();
  const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
  return median * Math.exp(sigma * z);
}
