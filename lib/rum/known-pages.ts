// The registered page patterns (Page.path), cached per database client: read at most every 10 s, and a stale list
// is served while a fresh one loads, so a request never waits for the database once the first load is done.
// Used by beacon ingestion (matching paths to pages) and GET /api/v1/registry/pages (with `revision` as its ETag).
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { pageMatcher } from './page-match';

export interface KnownPages {
  /** sorted, unique */
  patterns: readonly string[];
  /** changes exactly when the patterns do: a quoted ETag value is `"${revision}"` */
  revision: string;
  /** path -> the most specific registered pattern it matches, or null (shares one match cache per revision) */
  match: (path: string) => string | null;
  loadedAt: Date;
}

export const KNOWN_PAGES_MAX_AGE_MS = 10_000;

interface Cache {
  current: KnownPages | null;
  loading: Promise<KnownPages> | null;
  /** when the latest load started; a failed one is not retried sooner than the max age */
  attemptedAt: number;
  lastError: unknown;
}

const caches = new WeakMap<Db, Cache>();

export function knownPagesFrom(patterns: Iterable<string>, loadedAt = new Date()): KnownPages {
  const sorted = [...new Set(patterns)].sort();
  const revision = createHash('sha256').update(sorted.join('\n')).digest('base64url').slice(0, 16);
  return { patterns: sorted, revision, match: pageMatcher(sorted), loadedAt };
}

function load(db: Db, cache: Cache, now: number): Promise<KnownPages> {
  cache.attemptedAt = now;
  cache.loading ??= db.page
    .findMany({ select: { path: true } })
    .then((rows) => {
      const fresh = knownPagesFrom(rows.map((r) => r.path));
      // Same patterns: keep the old object, so its match cache stays warm.
      cache.current = cache.current?.revision === fresh.revision ? { ...cache.current, loadedAt: fresh.loadedAt } : fresh;
      cache.lastError = null;
      return cache.current;
    })
    .catch((error: unknown) => {
      cache.lastError = error;
      throw error;
    })
    .finally(() => {
      cache.loading = null;
    });
  return cache.loading;
}

/**
 * The registered page patterns. Fresh (under maxAgeMs old): at once. Stale: at once, and a reload starts in the
 * background (its failure keeps the stale list). Never loaded: waits for the first load; if that fails, throws its
 * error, and until maxAgeMs has passed throws it again at once instead of asking the database again.
 */
export async function knownPagePatterns(db: Db, maxAgeMs = KNOWN_PAGES_MAX_AGE_MS): Promise<KnownPages> {
  let cache = caches.get(db);
  if (!cache) {
    cache = { current: null, loading: null, attemptedAt: 0, lastError: null };
    caches.set(db, cache);
  }
  const now = Date.now();
  const due = now - cache.attemptedAt >= maxAgeMs;
  if (cache.current) {
    if (due && !cache.loading) load(db, cache, now).catch(() => {}); // the stale list serves meanwhile
    return cache.current;
  }
  if (cache.loading) return cache.loading;
  if (!due && cache.lastError) throw cache.lastError;
  return load(db, cache, now);
}

/** Forgets the cached list of one client (tests; or after a change that must show at once). */
export function forgetKnownPages(db: Db): void {
  caches.delete(db);
}
