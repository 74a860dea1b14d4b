// One beacon intake: its settings, the per-client rate limiter, the buffer in front of PostgreSQL, the page
// matcher, and the counts ingestStats() reports. The route uses the process's one (instance.ts); tests build
// their own against their own database.
import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Db } from '../../db/client';
import { countBeaconEvents, type BeaconOutcome } from '../../observability/rum-metrics';
import type { RumEventRow } from '../beacon';
import { knownPagePatterns } from '../known-pages';
import { EventBuffer, type EventBufferOptions, type RowWriter } from './buffer';
import type { IngestConfig } from './config';
import { writeRumRows } from './writer';

export interface IngestStats {
  /** events waiting for PostgreSQL or being written */
  buffered: number;
  /** events answered with 202 (dropped ones included: accepted = stored + dropped + buffered) */
  accepted: number;
  stored: number;
  /** accepted but not kept: the buffer was full, the database refused the batch, or shutdown ran out of time */
  dropped: number;
  /** refused: 400, 403, 413, 415, and events too old to keep (a beacon whose events were never read counts 1) */
  rejected: number;
  /** beacons answered 429 */
  rateLimited: number;
  lastFlushError: string | null;
  lastFlushAt: Date | null;
}

export type PageLookup = () => Promise<(path: string) => string | null>;

/** How long after the first beacon requests may wait for the first load of the registered pages (a cold start
 *  of Prisma and its first connection can take seconds); after that, no request waits for them. */
export const FIRST_PAGES_WAIT_MS = 3_000;
const noPage = () => null;

export interface RumIngestParts {
  config: IngestConfig;
  /** stores one batch (tests may wrap it); default: writeRumRows(database()) */
  writer?: RowWriter;
  /** registered page matcher; default: knownPagePatterns(database()) */
  pages?: PageLookup;
  database?: () => Db;
  buffer?: Partial<EventBufferOptions>;
  now?: () => Date;
}

export class RumIngest {
  readonly config: IngestConfig;
  readonly buffer: EventBuffer;
  readonly now: () => Date;
  private readonly limiter: RateLimiterMemory | null;
  private readonly lookupPages: PageLookup;
  private readonly counts = { accepted: 0, rejected: 0, rateLimited: 0 };
  private firstPagesDeadline: number | null = null;
  private pagesLoaded = false;

  constructor(parts: RumIngestParts) {
    const { config } = parts;
    const database = parts.database ?? (() => { throw new Error('RumIngest: pass `database`, or both `writer` and `pages`'); });
    this.config = config;
    this.now = parts.now ?? (() => new Date());
    this.limiter = config.ratePerMinute > 0 ? new RateLimiterMemory({ points: config.ratePerMinute, duration: 60 }) : null;
    this.buffer = new EventBuffer(parts.writer ?? ((rows) => writeRumRows(database(), rows)), {
      maxEvents: config.bufferMaxEvents,
      flushRows: config.flushRows,
      flushIntervalMs: config.flushIntervalMs,
      ...parts.buffer,
    });
    this.lookupPages = parts.pages ?? (async () => (await knownPagePatterns(database())).match);
  }

  /** Takes one beacon from `key`, or says how long until it may send again. */
  async allow(key: string): Promise<{ ok: true } | { ok: false; retryAfterSeconds: number }> {
    if (!this.limiter) return { ok: true };
    try {
      await this.limiter.consume(key, 1);
      return { ok: true };
    } catch (result) {
      if (result instanceof RateLimiterRes) return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(result.msBeforeNext / 1000)) };
      throw result;
    }
  }

  /**
   * The registered-page matcher, without waiting on the database: the cached list (fresh or stale) at once. Only
   * the first FIRST_PAGES_WAIT_MS after the first beacon (or warmUp()) may wait for the very first load; without
   * a list by then (database down at start), paths match no page and the maintenance job fills `page` in later.
   */
  async pageMatcher(): Promise<(path: string) => string | null> {
    // Once a list has loaded, the lookup serves it (stale or fresh) without waiting: no timer per beacon.
    if (this.pagesLoaded) return this.lookupPages().catch(() => noPage);
    this.firstPagesDeadline ??= Date.now() + FIRST_PAGES_WAIT_MS;
    const lookup = this.lookupPages().then(
      (match) => {
        this.pagesLoaded = true;
        return match;
      },
      () => noPage,
    );
    // A cached list resolves within microtasks, so even a 0 ms timer loses to it.
    let timer: NodeJS.Timeout | undefined;
    const giveUp = new Promise<typeof noPage>((resolve) => {
      timer = setTimeout(() => resolve(noPage), Math.max(0, this.firstPagesDeadline! - Date.now()));
    });
    try {
      return await Promise.race([lookup, giveUp]);
    } finally {
      clearTimeout(timer);
    }
  }

  /** Starts loading the registered pages now (at server start), so the first beacons find them ready. */
  warmUp(): void {
    void this.pageMatcher();
  }

  /** Queues a 202'd beacon's rows; returns how many the full buffer had to drop. */
  accept(rows: readonly RumEventRow[]): { dropped: number } {
    this.count('accepted', rows.length);
    return { dropped: this.buffer.add(rows).dropped };
  }

  count(outcome: 'accepted' | 'rejected' | 'rate_limited', events: number): void {
    if (events <= 0) return;
    if (outcome === 'rate_limited') this.counts.rateLimited += events;
    else this.counts[outcome] += events;
    countBeaconEvents(outcome satisfies BeaconOutcome, events);
  }

  stats(): IngestStats {
    return { ...this.buffer.stats(), ...this.counts };
  }
}
