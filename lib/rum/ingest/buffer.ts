// The in-memory buffer between beacon requests and PostgreSQL. A request only appends (never waits for the
// database); flushes write batches, one at a time, when enough rows wait or the oldest has waited long enough.
// A failed write puts its rows back and retries with backoff, so a slow or absent database costs memory, bounded
// by maxEvents: beyond it new events are dropped and counted. The rules themselves live in policy.ts.
import { countBeaconEvents } from '../../observability/rum-metrics';
import type { RumEventRow } from '../beacon';
import { admit, isPermanentWriteError, RETRY_BACKOFF, retryDelayMs, storableRow } from './policy';

export type RowWriter = (rows: readonly RumEventRow[]) => Promise<void>;

export interface EventBufferOptions {
  maxEvents: number;
  /** flush as soon as this many rows wait */
  flushRows: number;
  /** ... or once the oldest waiting row has waited this long */
  flushIntervalMs: number;
  /** rows per INSERT at most (catching up after an outage goes in batches this big) */
  maxRowsPerWrite?: number;
  /** a write that has not answered by then counts as failed (a dead peer may never answer) */
  writeTimeoutMs?: number;
  backoff?: { firstMs: number; maxMs: number };
  log?: (message: string) => void;
}

export interface BufferStats {
  /** waiting or being written */
  buffered: number;
  stored: number;
  dropped: number;
  /** the latest failed write's error; null once a write succeeds again */
  lastFlushError: string | null;
  /** when a write last succeeded */
  lastFlushAt: Date | null;
}

const describe = (error: unknown) => (error instanceof Error ? error.message : String(error)).trim().split('\n').filter(Boolean).pop() ?? 'unknown error';

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`the write did not finish within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

export class EventBuffer {
  private queue: RumEventRow[] = [];
  private oldestQueuedAt = 0;
  private inFlight = 0;
  private flushing: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private timerDueAt = 0;
  private failures = 0;
  private retryAt = 0;
  /** shutting down: flush at once, keep the process alive while retrying */
  private closing = false;
  /** the shutdown deadline passed: nothing more is accepted */
  private closed = false;
  private closeDeadline: NodeJS.Timeout | null = null;
  private closeWait: Promise<void> | null = null;
  /** resolves when the buffer next becomes empty; `announced` once handed to a host's waitUntil */
  private idle: { promise: Promise<void>; resolve: () => void; announced: boolean } | null = null;
  private stored = 0;
  private dropped = 0;
  private lastFlushError: string | null = null;
  private lastFlushAt: Date | null = null;
  private readonly options: Required<EventBufferOptions>;

  constructor(
    private readonly write: RowWriter,
    options: EventBufferOptions,
  ) {
    this.options = {
      maxRowsPerWrite: 5_000,
      writeTimeoutMs: 30_000,
      backoff: RETRY_BACKOFF,
      log: (message) => console.warn(`[awoooi-monitor] rum ingest: ${message}`),
      ...options,
    };
  }

  stats(): BufferStats {
    return {
      buffered: this.queue.length + this.inFlight,
      stored: this.stored,
      dropped: this.dropped,
      lastFlushError: this.lastFlushError,
      lastFlushAt: this.lastFlushAt,
    };
  }

  /** Queues what fits; the rest is dropped and counted. Never waits. */
  add(rows: readonly RumEventRow[]): { taken: number; dropped: number } {
    const held = this.queue.length + this.inFlight;
    const { take, drop } = this.closed ? { take: 0, drop: rows.length } : admit(held, rows.length, this.options.maxEvents);
    if (take > 0) {
      if (this.queue.length === 0) this.oldestQueuedAt = Date.now();
      for (let i = 0; i < take; i++) this.queue.push(storableRow(rows[i]!));
      this.idle ??= newIdle();
      this.schedule();
    }
    if (drop > 0) this.recordDropped(drop);
    return { taken: take, dropped: drop };
  }

  /** Resolves when the buffer is empty (everything stored or given up). */
  drained(): Promise<void> {
    return this.idle?.promise ?? Promise.resolve();
  }

  /**
   * drained(), but only for the first caller while the buffer is busy, else null. For a host's waitUntil (Next's
   * `after`), which keeps the process from exiting until it settles: it needs the promise once, not per beacon.
   */
  drainedOnce(): Promise<void> | null {
    if (!this.idle || this.idle.announced) return null;
    this.idle.announced = true;
    return this.idle.promise;
  }

  /** Writes the next batch now, or joins the write in flight. */
  flush(): Promise<void> {
    if (this.flushing) return this.flushing;
    this.clearTimer();
    if (this.queue.length === 0) {
      this.resolveIdle();
      return Promise.resolve();
    }
    const batch = this.queue.splice(0, this.options.maxRowsPerWrite);
    this.inFlight = batch.length;
    this.flushing = this.writeBatch(batch).finally(() => {
      this.inFlight = 0;
      this.flushing = null;
      this.schedule();
    });
    return this.flushing;
  }

  /**
   * Shutdown: flush at once and keep retrying until the buffer is empty or `deadlineMs` has passed; then whatever
   * is left is dropped (counted and logged) and nothing more is accepted. Rows that arrive after the first drain but
   * before the deadline (requests still finishing) are flushed at once too.
   */
  close(deadlineMs: number): Promise<void> {
    if (!this.closing) {
      this.closing = true;
      this.retryAt = Math.min(this.retryAt, Date.now());
      this.clearTimer();
      this.schedule();
      // giveUp() resolves drained() too. The deadline stays armed for rows that come later, but once drained it
      // no longer holds the process open by itself.
      this.closeDeadline = setTimeout(() => this.giveUp(), deadlineMs);
      this.closeWait = this.drained().then(() => void this.closeDeadline?.unref());
    }
    return this.closeWait!;
  }

  private giveUp(): void {
    this.closed = true;
    const abandoned = this.queue.length;
    if (abandoned > 0) {
      this.queue = [];
      this.recordDropped(abandoned);
      this.options.log(`shutdown: gave up on ${abandoned} buffered events the database did not take in time (${this.lastFlushError ?? 'no error'})`);
    }
    this.clearTimer();
    this.idle?.resolve();
    this.idle = null;
  }

  private async writeBatch(batch: RumEventRow[]): Promise<void> {
    try {
      await withTimeout(this.write(batch), this.options.writeTimeoutMs);
      this.stored += batch.length;
      countBeaconEvents('stored', batch.length);
      this.lastFlushAt = new Date();
      if (this.failures > 0) this.options.log(`the database takes events again after ${this.failures} failed writes`);
      this.failures = 0;
      this.lastFlushError = null;
    } catch (error) {
      this.lastFlushError = describe(error);
      if (this.closed || isPermanentWriteError(error)) {
        this.recordDropped(batch.length);
        this.options.log(`dropped a batch of ${batch.length} events the database refused: ${this.lastFlushError}`);
        return;
      }
      this.queue = batch.concat(this.queue);
      this.failures++;
      const wait = retryDelayMs(this.failures, this.options.backoff);
      this.retryAt = Date.now() + (this.closing ? Math.min(wait, 1_000) : wait);
      // The first failure and then every 20th: an outage of minutes should not flood the log.
      if (this.failures === 1 || this.failures % 20 === 0) {
        this.options.log(`writing ${batch.length} events failed (${this.failures}x, ${this.queue.length} buffered, retrying): ${this.lastFlushError}`);
      }
    }
  }

  /** Sets the one timer to when the next write is due (or resolves drained() when there is nothing to write). */
  private schedule(): void {
    if (this.flushing) return; // the write's end schedules the next
    if (this.queue.length === 0) {
      this.resolveIdle();
      return;
    }
    const now = Date.now();
    const dueAt =
      this.failures > 0
        ? this.retryAt
        : this.closing || this.queue.length >= this.options.flushRows
          ? now
          : this.oldestQueuedAt + this.options.flushIntervalMs;
    if (this.timer && this.timerDueAt <= dueAt) return;
    this.clearTimer();
    this.timerDueAt = dueAt;
    this.timer = setTimeout(() => {
      this.timer = null;
      void this.flush();
    }, Math.max(0, dueAt - now));
    // Normally the timer must not keep a process alive; while shutting down it must.
    if (!this.closing) this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private resolveIdle(): void {
    if (this.idle && this.queue.length === 0 && !this.flushing) {
      this.idle.resolve();
      this.idle = null;
    }
  }

  private recordDropped(n: number): void {
    this.dropped += n;
    countBeaconEvents('dropped', n);
  }
}

function newIdle(): { promise: Promise<void>; resolve: () => void; announced: boolean } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve, announced: false };
}
