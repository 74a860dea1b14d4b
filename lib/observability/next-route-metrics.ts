// Request metrics for Next.js route handlers, by route pattern: http_requests_total{method,path,status} and
// http_request_duration_seconds{method,path,status}. The names and labels are the ones awoooi-monitor's generated
// SLO rules read (lib/generate/slo.ts), so an endpoint registered there gets its availability and latency SLOs.
//
// PORTABLE: this file imports nothing but prom-client, so other Next.js apps (awoooi-web) copy or import it as is.
// Usage (docs/RUM.md, "Self-monitoring and the route wrapper"):
//   export const GET = withRouteMetrics('/api/items/[id]', async (request, { params }) => ...);
//   export const GET = metricsRoute();            // app/metrics/route.ts: serves prom-client's global register
// Keep prom-client in next.config's serverExternalPackages: a bundled copy per route would mean a global register
// per route, and /metrics would not see the others' series.
import { register as globalRegister, Counter, Histogram, type Registry } from 'prom-client';

/**
 * prom-client's and client_golang's default buckets (seconds); also the default `slo.latency_buckets_seconds` of
 * awoooi-monitor's generator, so every slo_latency_ms it accepts is a boundary here (a latency SLO reads one bucket).
 */
export const DEFAULT_DURATION_BUCKETS: readonly number[] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const ROUTE_METRIC_NAMES = {
  requests: 'http_requests_total',
  duration: 'http_request_duration_seconds',
} as const;

const LABELS = ['method', 'path', 'status'] as const;
type Label = (typeof LABELS)[number];

export interface RouteMetrics {
  requests: Counter<Label>;
  duration: Histogram<Label>;
  /** One finished request: `path` must be a route pattern (`/items/[id]`), never the URL. */
  observe(method: string, path: string, status: number, seconds: number): void;
}

export interface RouteMetricsOptions {
  /** Where the series live; default prom-client's global `register` (what a plain `register.metrics()` serves). */
  registry?: Registry;
  /** Only read when this registry gets the histogram for the first time. */
  buckets?: readonly number[];
}

// One state per process, whatever number of copies of this module the bundler made (each route is its own bundle).
const STATE = Symbol.for('awoooi.next-route-metrics');
interface State {
  byRegistry: WeakMap<Registry, RouteMetrics>;
  /** every `path` handed to withRouteMetrics, so request-level metering (next-request-metrics) skips them */
  wrappedRoutes: Set<string>;
}
const state: State = ((globalThis as Record<symbol, State | undefined>)[STATE] ??= { byRegistry: new WeakMap(), wrappedRoutes: new Set() });

/** The two metrics on `registry`, created once (a registry that already has them, e.g. after a hot reload, is reused). */
export function routeMetrics(options: RouteMetricsOptions = {}): RouteMetrics {
  const registry = options.registry ?? globalRegister;
  const known = state.byRegistry.get(registry);
  if (known) return known;
  const requests =
    (registry.getSingleMetric(ROUTE_METRIC_NAMES.requests) as Counter<Label> | undefined) ??
    new Counter({ name: ROUTE_METRIC_NAMES.requests, help: 'HTTP requests by method, route pattern and status', labelNames: LABELS, registers: [registry] });
  const duration =
    (registry.getSingleMetric(ROUTE_METRIC_NAMES.duration) as Histogram<Label> | undefined) ??
    new Histogram({
      name: ROUTE_METRIC_NAMES.duration,
      help: 'HTTP request duration in seconds by method, route pattern and status (until the handler returned its response)',
      labelNames: LABELS,
      buckets: [...(options.buckets ?? DEFAULT_DURATION_BUCKETS)],
      registers: [registry],
    });
  const metrics: RouteMetrics = {
    requests,
    duration,
    observe(method, path, status, seconds) {
      const labels = { method: method.toUpperCase(), path, status: String(status) };
      requests.inc(labels);
      duration.observe(labels, seconds);
    },
  };
  state.byRegistry.set(registry, metrics);
  return metrics;
}

/** Route patterns of the handlers wrapped so far in this process. */
export function wrappedRoutePatterns(): ReadonlySet<string> {
  return state.wrappedRoutes;
}

/**
 * Wraps a route handler so each call counts once by `route` (the file's route pattern, e.g. `/api/v1/runs/[id]`).
 * A thrown error counts as status 500 and is rethrown unchanged (Next answers 500 for it).
 */
export function withRouteMetrics<Args extends unknown[]>(
  route: string,
  handler: (request: Request, ...rest: Args) => Response | Promise<Response>,
  options: RouteMetricsOptions = {},
): (request: Request, ...rest: Args) => Promise<Response> {
  state.wrappedRoutes.add(route);
  // Created now, not at the first request: /metrics lists the families (HELP/TYPE) from the start.
  const metrics = routeMetrics(options);
  return async (request, ...rest) => {
    const started = performance.now();
    let status = 500;
    try {
      const response = await handler(request, ...rest);
      status = response.status;
      return response;
    } finally {
      metrics.observe(request.method, route, status, (performance.now() - started) / 1000);
    }
  };
}

/** GET handler for `/metrics` serving `registry` (default prom-client's global register) in the text format. */
export function metricsRoute(options: { registry?: Registry } = {}): (request: Request) => Promise<Response> {
  const registry = options.registry ?? globalRegister;
  return withRouteMetrics(
    '/metrics',
    async () => new Response(await registry.metrics(), { headers: { 'content-type': registry.contentType, 'cache-control': 'no-store' } }),
    options,
  );
}
