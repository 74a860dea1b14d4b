// Unknown-page detection for a Next.js app's proxy.ts (or middleware.ts): page loads whose path matches none of
// the registered page patterns are sent to awoooi-monitor as `pageview` beacons, so they appear on its Unknown
// pages list. The proxy never waits for it:
//
//   const reportUnknownPage = createUnknownPageReporter({ monitorUrl: 'https://monitor.internal', app: 'awoooi-web',
//     token: process.env.MONITOR_TOKEN }).report;
//   export function proxy(request: NextRequest) { reportUnknownPage(request); return NextResponse.next(); }
//
// Guarantees: report() is synchronous, never throws and never touches the network on the caller's stack (fetches
// start from timers); memory is bounded (queue, held paths, dedupe map); every fetch has a timeout; failures are
// counted in stats(), never retried in a loop. Self-contained: only fetch, URL, AbortController and setTimeout,
// plus ../page-match.ts and ./page-request.ts, so other apps can copy these three files as they are.
import { pageMatcher } from '../page-match';
import { deviceClass, isPageLoad, randomViewId, requestPath, type DeviceClass, type RequestLike } from './page-request';

export interface UnknownPageReporterOptions {
  /** awoooi-monitor's base URL: the patterns come from GET <url>/api/v1/registry/pages, beacons go to POST <url>/api/v1/beacons */
  monitorUrl: string;
  /** the beacon's `app` (1-64 letters, digits, dots, dashes, underscores) */
  app: string;
  /** an API token with the viewer role, sent as `Authorization: Bearer` (the pages list needs it) */
  token?: string;
  /** how often the pattern list is revalidated (If-None-Match); default 60 */
  refreshSeconds?: number;
  /** fixed patterns instead of the registry's (no pattern fetch at all) */
  pages?: readonly string[];
  /** paths never reported: prefixes, regular expressions, or a predicate */
  ignore?: ReadonlyArray<string | RegExp> | ((path: string) => boolean);
  /** an unknown path is sent at most once per this many seconds; default 300 */
  dedupeSeconds?: number;
  /** how long events wait to be batched; default 5 */
  flushSeconds?: number;
  /** events waiting to be sent, at most; more are dropped (counted); default 500 */
  maxQueue?: number;
  /** per fetch (patterns or beacon); default 3000 */
  timeoutMs?: number;
  /** the time source, ms since the epoch (tests); default Date.now */
  clock?: () => number;
}

export interface UnknownPageStats {
  /** page loads looked at */
  checked: number;
  /** unknown paths queued for sending */
  unknown: number;
  /** unknown paths not queued again because they were within dedupeSeconds */
  deduplicated: number;
  /** paths waiting for the first pattern list */
  held: number;
  /** events waiting to be sent */
  queued: number;
  /** events lost: queue or held list full, or their beacon failed */
  dropped: number;
  /** events in beacons the monitor accepted */
  sent: number;
  /** beacons that failed: network error, timeout or a non-2xx answer */
  sendErrors: number;
  /** pattern fetches that failed (the previous list stays in use) */
  refreshErrors: number;
  /** errors inside report() itself, swallowed */
  internalErrors: number;
  /** patterns in use; null until the first list arrived */
  patterns: number | null;
  /** the pattern list's revision, when the monitor gave one */
  revision: string | null;
  /** why the reporter does nothing (bad options), or null */
  disabled: string | null;
}

export interface UnknownPageReporter {
  /** Checks one request; returns at once. Safe to call for every request the proxy sees. */
  report(request: RequestLike): void;
  /** Sends what is queued now and resolves when those beacons are answered (shutdown hooks, tests). */
  flush(): Promise<void>;
  /** Fetches the pattern list now and resolves when it is in use (or failed). */
  refresh(): Promise<void>;
  stats(): UnknownPageStats;
}

interface PendingView {
  path: string;
  at: number;
  device: DeviceClass;
}

const APP_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;
/** The beacon allows 200 events and 64 KiB: stay well under both. */
const BATCH_EVENTS = 100;
const BATCH_BYTES = 48 * 1024;
const MAX_HELD = 100;
const MAX_IN_FLIGHT = 2;
const MAX_REMEMBERED = 10_000;
/** after a failed pattern fetch, retry sooner than the normal refresh */
const RETRY_MS = 10_000;

const positive = (value: number | undefined, fallback: number) =>
  typeof value === 'number' && Number.isFinite(value) && value > 0 ? value : fallback;

/** Timers must not keep a process (or a test runner) alive; `unref` exists on Node's timers only. */
function later(ms: number, fn: () => void): ReturnType<typeof setTimeout> {
  const timer = setTimeout(fn, ms);
  (timer as { unref?: () => void }).unref?.();
  return timer;
}

function ignoreRule(ignore: UnknownPageReporterOptions['ignore']): (path: string) => boolean {
  if (typeof ignore === 'function') return ignore;
  const rules = ignore ?? [];
  return (path) => rules.some((rule) => (typeof rule === 'string' ? path.startsWith(rule) : rule.test(path)));
}

/** `{ pages: [{ path }] }` (GET /api/v1/registry/pages) -> the patterns, or null when it is something else. */
export function patternsFromPageList(body: unknown): string[] | null {
  const pages = (body as { pages?: unknown } | null)?.pages;
  if (!Array.isArray(pages)) return null;
  const patterns: string[] = [];
  for (const page of pages) {
    const path = (page as { path?: unknown } | null)?.path;
    if (typeof path !== 'string' || !path.startsWith('/')) return null;
    patterns.push(path);
  }
  return patterns;
}

function disabledReporter(reason: string): UnknownPageReporter {
  // A bad option must not take the app down with it: say so once and do nothing.
  console.warn(`[unknown-pages] disabled: ${reason}`);
  const stats: UnknownPageStats = {
    checked: 0, unknown: 0, deduplicated: 0, held: 0, queued: 0, dropped: 0, sent: 0, sendErrors: 0,
    refreshErrors: 0, internalErrors: 0, patterns: null, revision: null, disabled: reason,
  };
  return { report: () => {}, flush: async () => {}, refresh: async () => {}, stats: () => ({ ...stats }) };
}

export function createUnknownPageReporter(options: UnknownPageReporterOptions): UnknownPageReporter {
  let base: URL;
  try {
    base = new URL(options.monitorUrl);
  } catch {
    return disabledReporter(`monitorUrl is not a URL: ${JSON.stringify(options.monitorUrl)}`);
  }
  if (base.protocol !== 'http:' && base.protocol !== 'https:') return disabledReporter('monitorUrl must be http or https');
  if (!APP_NAME.test(options.app)) return disabledReporter(`app must be 1-64 letters, digits, dots, dashes or underscores: ${JSON.stringify(options.app)}`);

  const root = base.href.replace(/\/+$/, '');
  const pagesUrl = `${root}/api/v1/registry/pages`;
  const beaconUrl = `${root}/api/v1/beacons`;
  const refreshMs = positive(options.refreshSeconds, 60) * 1000;
  const dedupeMs = positive(options.dedupeSeconds, 300) * 1000;
  const flushMs = positive(options.flushSeconds, 5) * 1000;
  const maxQueue = Math.floor(positive(options.maxQueue, 500));
  const timeoutMs = positive(options.timeoutMs, 3000);
  const clock = options.clock ?? Date.now;
  const ignored = ignoreRule(options.ignore);
  const auth: Record<string, string> = options.token ? { authorization: `Bearer ${options.token}` } : {};

  const counters = { checked: 0, unknown: 0, deduplicated: 0, dropped: 0, sent: 0, sendErrors: 0, refreshErrors: 0, internalErrors: 0 };
  let matcher: ((path: string) => string | null) | null = null;
  let patternCount: number | null = null;
  let revision: string | null = null;
  let etag: string | null = null;
  let lastRefreshAt: number | null = null;
  let lastRefreshFailed = false;
  let refreshing: Promise<void> | null = null;
  const held = new Map<string, PendingView>();
  let queue: PendingView[] = [];
  const lastQueuedAt = new Map<string, number>();
  let flushTimer: ReturnType<typeof setTimeout> | null = null;
  let flushTimerDelay = 0;
  let inFlight = 0;

  if (options.pages) {
    matcher = pageMatcher(options.pages);
    patternCount = new Set(options.pages).size;
  }

  /** Runs `fetch` with a timeout that also covers reading the body. */
  async function fetchWithTimeout<T>(url: string, init: RequestInit, read: (response: Response) => Promise<T>): Promise<T> {
    const controller = new AbortController();
    const timer = later(timeoutMs, () => controller.abort());
    try {
      return await read(await fetch(url, { ...init, cache: 'no-store', signal: controller.signal }));
    } finally {
      clearTimeout(timer);
    }
  }

  async function fetchPatterns(): Promise<void> {
    try {
      const headers: Record<string, string> = { accept: 'application/json', ...auth };
      if (etag && matcher) headers['if-none-match'] = etag;
      const list = await fetchWithTimeout(pagesUrl, { headers }, async (response) => {
        if (response.status === 304) {
          await response.body?.cancel();
          return null;
        }
        if (!response.ok) {
          await response.body?.cancel();
          throw new Error(`GET ${pagesUrl}: ${response.status}`);
        }
        const body = (await response.json()) as { revision?: unknown };
        const patterns = patternsFromPageList(body);
        if (!patterns) throw new Error(`GET ${pagesUrl}: not a page list`);
        return { patterns, revision: typeof body.revision === 'string' ? body.revision : null, etag: response.headers.get('etag') };
      });
      lastRefreshFailed = false;
      if (list) {
        matcher = pageMatcher(list.patterns);
        patternCount = new Set(list.patterns).size;
        revision = list.revision;
        etag = list.etag;
      }
      releaseHeld();
    } catch {
      counters.refreshErrors++;
      lastRefreshFailed = true;
    }
  }

  function refresh(): Promise<void> {
    if (options.pages) return Promise.resolve();
    if (!refreshing) {
      lastRefreshAt = clock();
      refreshing = fetchPatterns().finally(() => {
        refreshing = null;
      });
    }
    return refreshing;
  }

  function refreshIfDue(now: number): void {
    if (options.pages || refreshing) return;
    const interval = lastRefreshFailed ? Math.min(refreshMs, RETRY_MS) : refreshMs;
    if (lastRefreshAt !== null && now - lastRefreshAt < interval) return;
    lastRefreshAt = now;
    // Started from a timer: not even the start of a fetch happens on the request's stack.
    later(0, () => void refresh());
  }

  function releaseHeld(): void {
    if (!matcher) return;
    const views = [...held.values()];
    held.clear();
    for (const view of views) consider(view);
  }

  function consider(view: PendingView): void {
    if (matcher!(view.path) !== null) return;
    const last = lastQueuedAt.get(view.path);
    if (last !== undefined && view.at - last < dedupeMs) {
      counters.deduplicated++;
      return;
    }
    if (queue.length >= maxQueue) {
      counters.dropped++;
      return;
    }
    remember(view.path, view.at);
    queue.push(view);
    counters.unknown++;
    scheduleFlush(queue.length >= BATCH_EVENTS ? 0 : flushMs);
  }

  function remember(path: string, at: number): void {
    if (lastQueuedAt.size >= MAX_REMEMBERED) {
      for (const [p, t] of lastQueuedAt) if (at - t >= dedupeMs) lastQueuedAt.delete(p);
      // Still full of recent paths (a scanner): forget them all rather than grow.
      if (lastQueuedAt.size >= MAX_REMEMBERED) lastQueuedAt.clear();
    }
    lastQueuedAt.set(path, at);
  }

  function scheduleFlush(delay: number): void {
    if (flushTimer !== null) {
      if (delay >= flushTimerDelay) return;
      clearTimeout(flushTimer);
    }
    flushTimerDelay = delay;
    flushTimer = later(delay, () => {
      flushTimer = null;
      void flush();
    });
  }

  /** Takes the first device class's events off the queue, within the beacon's limits. */
  function takeBatch(): PendingView[] {
    const device = queue[0]!.device;
    const batch: PendingView[] = [];
    const rest: PendingView[] = [];
    let bytes = 200;
    for (const view of queue) {
      const size = view.path.length + 64;
      if (view.device === device && batch.length < BATCH_EVENTS && bytes + size <= BATCH_BYTES) {
        batch.push(view);
        bytes += size;
      } else {
        rest.push(view);
      }
    }
    queue = rest;
    return batch;
  }

  async function send(batch: PendingView[]): Promise<void> {
    inFlight++;
    try {
      const beacon = {
        v: 1,
        app: options.app,
        view: randomViewId(),
        device: batch[0]!.device,
        rate: 1,
        sent: clock(),
        events: batch.map((view) => ({ t: 'pageview', path: view.path, at: view.at, nav: 'load' })),
      };
      const ok = await fetchWithTimeout(
        beaconUrl,
        { method: 'POST', headers: { 'content-type': 'application/json', ...auth }, body: JSON.stringify(beacon) },
        async (response) => {
          await response.body?.cancel();
          return response.ok;
        },
      );
      if (!ok) throw new Error('beacon refused');
      counters.sent += batch.length;
    } catch {
      counters.sendErrors++;
      counters.dropped += batch.length;
      // Not retried (a struggling monitor gets no extra load), but the next visit to these paths may try again.
      for (const view of batch) if (lastQueuedAt.get(view.path) === view.at) lastQueuedAt.delete(view.path);
    } finally {
      inFlight--;
    }
  }

  async function flush(): Promise<void> {
    if (flushTimer !== null) {
      clearTimeout(flushTimer);
      flushTimer = null;
    }
    const sends: Promise<void>[] = [];
    while (queue.length > 0 && inFlight < MAX_IN_FLIGHT) sends.push(send(takeBatch()));
    await Promise.all(sends);
    // Left behind by the in-flight limit: try again later rather than open more connections.
    if (queue.length > 0) scheduleFlush(flushMs);
  }

  function report(request: RequestLike): void {
    try {
      const path = requestPath(request);
      if (path === null || !isPageLoad(request, path) || ignored(path)) return;
      counters.checked++;
      const now = clock();
      refreshIfDue(now);
      const view: PendingView = { path, at: now, device: deviceClass(request.headers) };
      if (matcher) {
        consider(view);
      } else if (held.has(path)) {
        counters.deduplicated++;
      } else if (held.size < MAX_HELD) {
        // No pattern list yet: keep a few paths to check once it arrives, so a cold start loses little.
        held.set(path, view);
      } else {
        counters.dropped++;
      }
    } catch {
      counters.internalErrors++;
    }
  }

  return {
    report,
    flush,
    refresh,
    stats: () => ({ ...counters, held: held.size, queued: queue.length, patterns: patternCount, revision, disabled: null }),
  };
}
