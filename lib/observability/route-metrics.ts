// CONTRACT STUB: wraps a Next.js route handler so it counts http_requests_total{method,path,status} and observes
// http_request_duration_seconds by route pattern. The self-monitoring work fills it in.
export function withRouteMetrics<Args extends unknown[]>(
  _route: string,
  handler: (request: Request, ...rest: Args) => Response | Promise<Response>,
): (request: Request, ...rest: Args) => Promise<Response> {
  return async (request, ...rest) => handler(request, ...rest);
}
