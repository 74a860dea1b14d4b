// This app's route handlers count http_requests_total / http_request_duration_seconds by route pattern through the
// portable wrapper (next-route-metrics.ts), on prom-client's global register, which GET /metrics serves
// (metrics.ts). tests/unit/route-metrics-coverage.test.ts checks that every app/**/route.ts handler is wrapped
// with its own route pattern.
export { withRouteMetrics, routeMetrics, DEFAULT_DURATION_BUCKETS, ROUTE_METRIC_NAMES } from './next-route-metrics';
