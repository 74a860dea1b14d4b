// The beacon buffer's timing and failure handling (lib/rum/ingest/buffer.ts), with a writer the test controls:
// flush by size and by time, one write at a time, retry with the rows kept, the bound, permanent errors, shutdown.
// (The same buffer against the real PostgreSQL, cut and restored: tests/integration/beacons-outage.test.ts.)
import { describe, expect, it } from 'vitest';
import type { RumEventRow } from '../../lib/rum/beacon';
import { rumRow } from '../helpers/rum-rows';
import { EventBuffer, type EventBufferOptions, type RowWriter } from '../../lib/rum/ingest/buffer';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let serial = 0;
const rows = (n: number): RumEventRow[] => Array.from({ length: n }, () => rumRow({ path: `/p/${serial++}` }));

/** A writer that records its batches and can be made to fail or hang. */
function recordingWriter() {
  const batches: string[][] = [];
  const state = { failWith: null as Error | null, concurrent: 0, maxConcurrent: 0, delayMs: 0, hang: false };
  const write: RowWriter = async (batch) => {
    state.concurrent++;
    state.maxConcurrent = Math.max(state.maxConcurrent, state.concurrent);
    try {
      if (state.hang) await new Promise(() => {});
      if (state.delayMs) await sleep(state.delayMs);
      if (state.failWith) throw state.failWith;
      batches.push(batch.map((r) => r.path));
    } finally {
      state.concurrent--;
    }
  };
  return { write, batches, state, written: () => batches.flat() };
}

const quiet: Partial<EventBufferOptions> = { log: () => {} };
const make = (write: RowWriter, options: Partial<EventBufferOptions>) =>
  new EventBuffer(write, { maxEvents: 1000, flushRows: 500, flushIntervalMs: 10_000, ...quiet, ...options });

describe('EventBuffer', () => {
  it('flushes as soon as flushRows wait', async () => {
    const w = recordingWriter();
    const buffer = make(w.write, { flushRows: 3 });
    buffer.add(rows(2));
    await sleep(30);
    expect(w.batches).toEqual([]);
    buffer.add(rows(1));
    await sleep(30);
    expect(w.batches).toHaveLength(1);
    expect(buffer.stats()).toMatchObject({ buffered: 0, stored: 3, dropped: 0, lastFlushError: null });
    expect(buffer.stats().lastFlushAt).toBeInstanceOf(Date);
  });

  it('flushes what waits once the oldest row has waited flushIntervalMs', async () => {
    const w = recordingWriter();
    const buffer = make(w.write, { flushIntervalMs: 300 });
    const started = Date.now();
    buffer.add(rows(1));
    await sleep(200);
    buffer.add(rows(1)); // does not push the deadline back
    await sleep(50);
    expect(w.batches).toEqual([]);
    await buffer.drained();
    const waited = Date.now() - started;
    expect(waited).toBeGreaterThanOrEqual(295);
    expect(waited).toBeLessThan(480); // from the first row, not the second (which would be 500)
    expect(w.batches.map((b) => b.length)).toEqual([2]);
  });

  it('writes one batch at a time, at most maxRowsPerWrite rows each, in arrival order', async () => {
    const w = recordingWriter();
    w.state.delayMs = 15;
    const buffer = make(w.write, { flushRows: 10, maxRowsPerWrite: 25 });
    const sent = rows(100);
    for (let i = 0; i < 100; i += 5) buffer.add(sent.slice(i, i + 5));
    await buffer.drained();
    expect(w.state.maxConcurrent).toBe(1);
    expect(Math.max(...w.batches.map((b) => b.length))).toBeLessThanOrEqual(25);
    expect(w.written()).toEqual(sent.map((r) => r.path));
  });

  it('keeps the rows of a failed write and retries with backoff until it succeeds', async () => {
    const w = recordingWriter();
    w.state.failWith = new Error("Raw query failed. Code: `N/A`. Message: `Can't reach database server at 127.0.0.1:5432`");
    const buffer = make(w.write, { flushRows: 1, backoff: { firstMs: 20, maxMs: 40 } });
    const sent = rows(3);
    buffer.add(sent);
    await sleep(120);
    expect(w.batches).toEqual([]);
    expect(buffer.stats()).toMatchObject({ buffered: 3, stored: 0, dropped: 0, lastFlushError: expect.stringContaining("Can't reach database server") });
    w.state.failWith = null;
    await buffer.drained();
    expect(w.written()).toEqual(sent.map((r) => r.path));
    expect(buffer.stats()).toMatchObject({ buffered: 0, stored: 3, lastFlushError: null });
  });

  it('holds at most maxEvents (waiting plus in flight) and counts the rest as dropped', async () => {
    const w = recordingWriter();
    w.state.failWith = new Error('Connection terminated unexpectedly');
    const buffer = make(w.write, { maxEvents: 10, flushRows: 1, backoff: { firstMs: 5, maxMs: 10 } });
    expect(buffer.add(rows(7))).toEqual({ taken: 7, dropped: 0 });
    await sleep(20); // a write failed meanwhile; its rows are back in the queue
    expect(buffer.add(rows(7))).toEqual({ taken: 3, dropped: 4 });
    expect(buffer.add(rows(1))).toEqual({ taken: 0, dropped: 1 });
    expect(buffer.stats()).toMatchObject({ buffered: 10, dropped: 5 });
    w.state.failWith = null;
    await buffer.drained();
    expect(buffer.stats()).toMatchObject({ buffered: 0, stored: 10, dropped: 5 });
  });

  it('drops a batch the database refuses for its data instead of retrying it forever', async () => {
    const w = recordingWriter();
    w.state.failWith = new Error('Raw query failed. Code: `22P02`. Message: `invalid input syntax`');
    const buffer = make(w.write, { flushRows: 2 });
    buffer.add(rows(2));
    await buffer.drained();
    expect(buffer.stats()).toMatchObject({ buffered: 0, stored: 0, dropped: 2 });
    w.state.failWith = null;
    buffer.add(rows(2));
    await buffer.drained();
    expect(buffer.stats()).toMatchObject({ stored: 2, dropped: 2 });
  });

  it('counts a write that never answers as failed and retries it', async () => {
    const w = recordingWriter();
    w.state.hang = true;
    const buffer = make(w.write, { flushRows: 1, writeTimeoutMs: 30, backoff: { firstMs: 5, maxMs: 5 } });
    buffer.add(rows(1));
    await sleep(60);
    expect(buffer.stats().lastFlushError).toBe('the write did not finish within 30 ms');
    w.state.hang = false;
    await buffer.drained();
    expect(buffer.stats()).toMatchObject({ stored: 1, buffered: 0 });
  });

  it('hands out the drained promise once per busy spell (for waitUntil)', async () => {
    const w = recordingWriter();
    const buffer = make(w.write, { flushIntervalMs: 20 });
    expect(buffer.drainedOnce()).toBeNull(); // nothing buffered
    buffer.add(rows(1));
    const first = buffer.drainedOnce();
    expect(first).toBeInstanceOf(Promise);
    buffer.add(rows(1));
    expect(buffer.drainedOnce()).toBeNull();
    await first;
    expect(w.written()).toHaveLength(2);
    buffer.add(rows(1));
    expect(buffer.drainedOnce()).toBeInstanceOf(Promise);
  });

  it('close() flushes at once, and keeps taking rows that arrive before its deadline', async () => {
    const w = recordingWriter();
    const buffer = make(w.write, { flushIntervalMs: 60_000 });
    buffer.add(rows(4));
    const started = Date.now();
    await buffer.close(5_000);
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(w.written()).toHaveLength(4);
    expect(buffer.add(rows(2))).toEqual({ taken: 2, dropped: 0 }); // a request still finishing
    await buffer.drained();
    expect(buffer.stats()).toMatchObject({ stored: 6, buffered: 0 });
  });

  it('close() gives up at its deadline when the database stays away: dropped, counted, nothing more taken', async () => {
    const w = recordingWriter();
    w.state.failWith = new Error('Connection terminated unexpectedly');
    const logged: string[] = [];
    const buffer = make(w.write, { flushIntervalMs: 60_000, backoff: { firstMs: 10, maxMs: 10 }, log: (m) => logged.push(m) });
    buffer.add(rows(5));
    const started = Date.now();
    await buffer.close(150);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    expect(buffer.stats()).toMatchObject({ buffered: 0, stored: 0, dropped: 5 });
    expect(logged.some((m) => m.includes('gave up on 5 buffered events'))).toBe(true);
    expect(buffer.add(rows(1))).toEqual({ taken: 0, dropped: 1 });
  });
});
