// Pages (server-rendered HTML, RSC payloads, server actions) counted like route handlers, in the same
// http_requests_total / http_request_duration_seconds, from Next's own OpenTelemetry spans: `next start` runs every
// request inside one `BaseServer.handleRequest` span and, when it ends, has set `next.route` (the route pattern, e.g.
// `/audit/[id]`) and `http.status_code` (the response's status) on it. A tracer provider that wraps whatever is
// registered (Sentry's, or none) watches those spans only; everything else passes through untouched.
//
// Not counted: requests without a route (static files under /_next), requests proxy.ts answers itself, and the
// route handlers withRouteMetrics already counts. Duration is until Next finished sending the response; status is
// what was sent first, so an error after the HTML started streaming still counts as 200.
//
// PORTABLE like next-route-metrics.ts (imports @opentelemetry/api, which Next itself loads when present).
// Call once from instrumentation.ts register(), AFTER Sentry.init (Sentry refuses to share a provider it did not
// register; this one wraps Sentry's instead).
import { AsyncLocalStorage } from 'node:async_hooks';
import { context, ROOT_CONTEXT, trace, type Context, type ContextManager, type Span, type SpanOptions, type Tracer, type TracerOptions, type TracerProvider } from '@opentelemetry/api';
import { routeMetrics, wrappedRoutePatterns, type RouteMetrics, type RouteMetricsOptions } from './next-route-metrics';

/** The span type Next gives a request's root span (next/dist/server/lib/trace/constants). */
export const NEXT_REQUEST_SPAN = 'BaseServer.handleRequest';

/** AsyncLocalStorage context, for when no one else (Sentry) registered one: Next finds the request's root span by it. */
class AsyncLocalStorageContextManager implements ContextManager {
  private readonly storage = new AsyncLocalStorage<Context>();
  active(): Context {
    return this.storage.getStore() ?? ROOT_CONTEXT;
  }
  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(ctx: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    return this.storage.run(ctx, () => fn.apply(thisArg, args));
  }
  bind<T>(ctx: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const manager = this;
    const fn = target as (...args: unknown[]) => unknown;
    return function (this: unknown, ...args: unknown[]) {
      return manager.with(ctx, () => fn.apply(this, args));
    } as T;
  }
  enable(): this {
    return this;
  }
  disable(): this {
    this.storage.disable();
    return this;
  }
}

/** Watches a request span's attributes and its end; the span itself is the inner tracer's, unchanged. */
function meterRequestSpan(span: Span, options: SpanOptions | undefined, metrics: RouteMetrics): Span {
  if (options?.attributes?.['next.span_type'] !== NEXT_REQUEST_SPAN) return span;
  const started = performance.now();
  const method = String(options.attributes['http.method'] ?? 'GET');
  let route: string | undefined;
  let status: number | undefined;
  const capture = (key: string, value: unknown) => {
    if (key === 'next.route') route = String(value);
    else if (key === 'http.status_code') status = Number(value);
  };
  const { setAttribute, setAttributes, end } = span;
  let ended = false;
  // Own properties on this one span object: its identity (Next and Sentry compare and store it) stays the same.
  Object.assign(span, {
    setAttribute(this: Span, key: string, value: Parameters<Span['setAttribute']>[1]) {
      capture(key, value);
      return setAttribute.call(this, key, value);
    },
    setAttributes(this: Span, attributes: Parameters<Span['setAttributes']>[0]) {
      for (const [key, value] of Object.entries(attributes)) capture(key, value);
      return setAttributes.call(this, attributes);
    },
    end(this: Span, endTime?: Parameters<Span['end']>[0]) {
      if (!ended) {
        ended = true;
        if (route !== undefined && status !== undefined && !wrappedRoutePatterns().has(route)) {
          metrics.observe(method, route, status, (performance.now() - started) / 1000);
        }
      }
      return end.call(this, endTime);
    },
  });
  return span;
}

class MeteringTracer implements Tracer {
  constructor(
    private readonly inner: Tracer,
    private readonly metrics: RouteMetrics,
  ) {}
  startSpan(name: string, options?: SpanOptions, ctx?: Context): Span {
    return meterRequestSpan(this.inner.startSpan(name, options, ctx), options, this.metrics);
  }
  // The overloads' arguments go to the inner tracer as they came (Sentry tells "no context" from an explicit one);
  // only the callback, always last, is wrapped.
  startActiveSpan(...args: unknown[]): never {
    const fn = args[args.length - 1] as (span: Span) => unknown;
    const options = args.length >= 3 ? (args[1] as SpanOptions | undefined) : undefined;
    args[args.length - 1] = (span: Span) => fn(meterRequestSpan(span, options, this.metrics));
    return Reflect.apply(this.inner.startActiveSpan, this.inner, args) as never;
  }
}

class MeteringTracerProvider implements TracerProvider {
  constructor(
    private readonly inner: TracerProvider,
    private readonly metrics: RouteMetrics,
  ) {}
  getTracer(name: string, version?: string, options?: TracerOptions): Tracer {
    return new MeteringTracer(this.inner.getTracer(name, version, options), this.metrics);
  }
}

type GlobalProvider = TracerProvider & { getDelegate?(): TracerProvider; setDelegate?(provider: TracerProvider): void };
const INSTALLED = Symbol.for('awoooi.next-request-metrics');

/**
 * Counts every Next request that has a route pattern into http_requests_total / http_request_duration_seconds.
 * Returns false if it could not hook in (a provider that is not OpenTelemetry's global proxy is registered).
 */
export function meterNextRequests(options: RouteMetricsOptions = {}): boolean {
  const flag = globalThis as Record<symbol, boolean | undefined>;
  if (flag[INSTALLED]) return true;
  const metrics = routeMetrics(options);
  context.setGlobalContextManager(new AsyncLocalStorageContextManager()); // false (kept) when Sentry has one
  const global = trace.getTracerProvider() as GlobalProvider;
  const metering = new MeteringTracerProvider(global.getDelegate?.() ?? global, metrics);
  if (!trace.setGlobalTracerProvider(metering)) {
    if (!global.setDelegate) return false;
    global.setDelegate(metering);
  }
  flag[INSTALLED] = true;
  return true;
}
