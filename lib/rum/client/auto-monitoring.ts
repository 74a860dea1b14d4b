// The browser side of real-user monitoring: page views, Web Vitals, uncaught errors and failed fetches, batched
// into beacons (lib/rum/beacon.ts) for POST /api/v1/beacons. Safe to import anywhere (window is only touched inside
// initAutoMonitoring); nothing it does may throw into, block or change the behaviour of the host app.
import { onCLS, onFCP, onINP, onLCP, onTTFB, type Metric } from 'web-vitals';
import type { Beacon, BeaconEvent } from '../beacon';
import { beaconBodies } from './batch';
import { MAX_MESSAGE, MAX_STACK, MAX_VALUE } from './limits';
import { deviceClass, isSampled, parseSampleRate, randomViewId } from './page-load';
import { cleanUrl, pagePath, scrubText } from './scrub';

export interface AutoMonitoringOptions {
  /** where beacons go, e.g. https://monitor.example/api/v1/beacons (relative URLs resolve against the page) */
  endpoint: string;
  /** the app's name as registered in the monitor: letters, digits, dots, dashes, underscores */
  app: string;
  /** share of page loads that report, in (0, 1]; 0 turns reporting off. Default 1. */
  sampleRate?: number;
  /** the longest an event waits in the queue before it is sent. Default 10 s. */
  flushIntervalMs?: number;
}

const FLUSH_AT_EVENTS = 50;
// Below the browser's 64 KB in-flight budget for keepalive requests, so the flush on page hide always fits.
const FLUSH_AT_BYTES = 30_000;
// Errors and failed fetches per page load: an error thrown every frame must not become a flood.
const MAX_PROBLEMS = 100;
const STARTED = '__awoooiMonitor';

type Fetch = typeof fetch;

/** Starts monitoring this page load. Returns whether it did (false: sampled out, misconfigured, not a browser, or already started). */
export function initAutoMonitoring(options: AutoMonitoringOptions): boolean {
  try {
    return start(options);
  } catch {
    return false;
  }
}

function start({ endpoint, app, sampleRate, flushIntervalMs = 10_000 }: AutoMonitoringOptions): boolean {
  if (typeof window === 'undefined') return false;
  const w = window as unknown as Record<string, unknown>;
  // Marked before sampling: a second init (React StrictMode, a script tag plus the component) must not re-roll the dice.
  if (w[STARTED]) return false;
  w[STARTED] = 1;
  const rate = parseSampleRate(sampleRate);
  if (rate === null || !/^[A-Za-z0-9][\w.-]{0,63}$/.test(app)) {
    console.warn('monitor: bad app or sample rate', app, sampleRate);
    return false;
  }
  if (!isSampled(rate, Math.random())) return false;

  const nativeFetch: Fetch | undefined = window.fetch;
  const endpointUrl = cleanUrl(endpoint, location.href);
  const head = {
    v: 1,
    app,
    view: randomViewId(),
    device: deviceClass(innerWidth, innerHeight, !!window.matchMedia?.('(pointer: coarse)').matches),
    rate,
  } as const;
  let queue: string[] = [];
  let queuedBytes = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let problems = 0;
  const currentPath = () => pagePath(location.pathname);
  const currentPathAndQuery = () => location.pathname + location.search;
  // Vitals belong to the page load, not to wherever client-side routing has gone when they are final.
  let loadPath = currentPath();
  let lastPath = loadPath;
  let lastPathAndQuery = currentPathAndQuery();

  const flush = guard(() => {
    clearTimeout(timer);
    timer = undefined;
    if (!queue.length || !nativeFetch) return;
    // Taken off the queue first: whatever happens to this send, the queue cannot grow without bound.
    const events = queue;
    queue = [];
    queuedBytes = 0;
    const beacon: Omit<Beacon, 'events'> = { ...head, sent: Date.now() };
    const json = JSON.stringify({ ...beacon, events: [] });
    for (const body of beaconBodies(json.slice(0, -2), events)) {
      // Not sendBeacon: it always sends the endpoint's cookies (credentials "include"); a keepalive fetch outlives
      // the page just the same, and a text/plain string body needs no CORS preflight.
      nativeFetch
        .call(window, endpoint, { method: 'POST', body, keepalive: true, credentials: 'omit', mode: 'cors' })
        .catch(() => {});
    }
  });

  const push = (event: BeaconEvent) => {
    if ((event.t === 'error' || event.t === 'fetch') && ++problems > MAX_PROBLEMS) return;
    const json = JSON.stringify(event);
    queue.push(json);
    queuedBytes += json.length;
    if (queue.length >= FLUSH_AT_EVENTS || queuedBytes >= FLUSH_AT_BYTES) flush();
    else timer ??= setTimeout(flush, flushIntervalMs);
  };

  const pageview = (nav: 'load' | 'route') => push({ t: 'pageview', path: lastPath, at: Date.now(), nav });

  // A push or back/forward to another path or query is a page view; a replace only when the path changes
  // (routers replace the current entry to store state, or to tidy the query); a fragment alone never.
  const route = (isPush: boolean) => {
    const pathAndQuery = currentPathAndQuery();
    const path = currentPath();
    const changed = pathAndQuery !== lastPathAndQuery && (isPush || path !== lastPath);
    lastPathAndQuery = pathAndQuery;
    lastPath = path;
    if (changed) pageview('route');
  };

  const problem = (source: 'error' | 'rejection', thrown: unknown, fallbackMessage?: string) => {
    const e = thrown as { message?: unknown; stack?: unknown } | null | undefined;
    const message = typeof e?.message === 'string' ? e.message : fallbackMessage || String(thrown);
    push({
      t: 'error',
      path: currentPath(),
      at: Date.now(),
      message: scrubText(message, MAX_MESSAGE),
      stack: typeof e?.stack === 'string' ? scrubText(e.stack, MAX_STACK) : undefined,
      source,
    });
  };

  // One value per metric per navigation (web-vitals' metric id): CLS and INP are re-reported each time the page is
  // hidden again, and the server takes every vital event as one sample. The first report is the value at the first
  // hide, as most pages end there; counting the later ones too would weigh pages by how often they were hidden.
  const reported = new Set<string>();
  const vital = guard(({ id, name, value }: Metric) => {
    if (reported.has(id)) return;
    reported.add(id);
    push({ t: 'vital', path: loadPath, at: Date.now(), name, value: Math.min(+value.toFixed(name === 'CLS' ? 4 : 1), MAX_VALUE) });
  });
  for (const on of [onCLS, onFCP, onINP, onLCP, onTTFB]) on(vital);

  addEventListener('error', guard((e: ErrorEvent) => problem('error', e.error, e.message)));
  addEventListener('unhandledrejection', guard((e: PromiseRejectionEvent) => problem('rejection', e.reason)));

  if (nativeFetch) {
    // Returns exactly the original promise (same object, same value or error); only observes it.
    window.fetch = function monitoredFetch(this: unknown, input: RequestInfo | URL, init?: RequestInit) {
      const started = performance.now();
      // eslint-disable-next-line prefer-rest-params -- pass the call on unchanged, whatever its arity
      const result = nativeFetch.apply(this, arguments as unknown as Parameters<Fetch>);
      guard(() => {
        const url = cleanUrl(input instanceof Request ? input.url : String(input), location.href);
        if (url === endpointUrl) return;
        const method = String(init?.method || (input instanceof Request ? input.method : 'GET')).toUpperCase();
        const failed = (status: number) =>
          push({
            t: 'fetch',
            path: currentPath(),
            at: Date.now(),
            method: /^[A-Z]{1,16}$/.test(method) ? method : 'OTHER',
            url,
            status,
            ms: Math.min(Math.round(performance.now() - started), MAX_VALUE),
          });
        // Observing marks the promise handled: an uncaught fetch rejection no longer shows as unhandled. Re-throwing
        // instead would invent unhandled rejections for callers who do catch theirs.
        result.then(
          guard((response: Response) => response.status >= 400 && response.status < 600 && failed(response.status)),
          // An abort is the caller's choice (routers cancel prefetches all the time), not a failure.
          guard((error: unknown) => (error as Error)?.name !== 'AbortError' && failed(0)),
        );
      })();
      return result;
    } as Fetch;
  }

  for (const [method, isPush] of [['pushState', true], ['replaceState', false]] as const) {
    const original = history[method];
    history[method] = function (this: History) {
      // eslint-disable-next-line prefer-rest-params
      const result = original.apply(this, arguments as unknown as Parameters<History['pushState']>);
      guard(route)(isPush);
      return result;
    };
  }
  addEventListener('popstate', guard(() => route(true)));
  // A page restored from the back/forward cache is a new page view of the same page load.
  addEventListener(
    'pageshow',
    guard((e: PageTransitionEvent) => {
      if (!e.persisted) return;
      loadPath = lastPath = currentPath();
      lastPathAndQuery = currentPathAndQuery();
      pageview('load');
    }),
  );

  // Window, bubbling phase: after web-vitals' own capture-phase listeners have reported their final LCP/CLS/INP.
  addEventListener('visibilitychange', guard(() => document.visibilityState === 'hidden' && flush()));
  addEventListener('pagehide', flush);

  // A prerendered page (speculation rules) is only viewed once the user goes to it, if ever.
  if ((document as { prerendering?: boolean }).prerendering) addEventListener('prerenderingchange', guard(() => pageview('load')), { once: true });
  else pageview('load');
  return true;
}

/** A callback that can never throw into whoever calls it (the host page, web-vitals, the browser). */
function guard<A extends unknown[]>(fn: (...args: A) => unknown): (...args: A) => void {
  return (...args) => {
    try {
      fn(...args);
    } catch {
      // Monitoring must never break the page it monitors.
    }
  };
}
