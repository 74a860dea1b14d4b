// The route wrapper's series: names and labels the generated SLO rules read, buckets, status of thrown errors.
import { Registry } from 'prom-client';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DURATION_BUCKETS, metricsRoute, routeMetrics, withRouteMetrics, wrappedRoutePatterns } from '@/lib/observability/next-route-metrics';
import { SLO_METRICS } from '@/lib/generate/slo';
import { DEFAULT_LATENCY_BUCKETS } from '@/lib/generate/settings';

const lines = async (registry: Registry, prefix: string) => (await registry.metrics()).split('\n').filter((l) => l.startsWith(prefix));
const request = (method = 'GET', path = '/api/v1/discovery/runs/17?x=1') => new Request(`http://test${path}`, { method });

describe('withRouteMetrics', () => {
  it('counts by method, route pattern (never the URL) and status, in the series the SLO rules read', async () => {
    const registry = new Registry();
    const handler = withRouteMetrics('/api/v1/discovery/runs/[id]', async (_req: Request, ctx: { params: Promise<{ id: string }> }) => Response.json({ id: (await ctx.params).id }, { status: 201 }), { registry });
    const response = await handler(request('post'), { params: Promise.resolve({ id: '17' }) });
    expect(await response.json()).toEqual({ id: '17' });
    await handler(request('POST'), { params: Promise.resolve({ id: '18' }) });

    expect(await lines(registry, `${SLO_METRICS.requests}{`)).toEqual(['http_requests_total{method="POST",path="/api/v1/discovery/runs/[id]",status="201"} 2']);
    const buckets = await lines(registry, `${SLO_METRICS.durationBucket}{`);
    expect(buckets.map((l) => /le="([^"]+)"/.exec(l)![1])).toEqual([...DEFAULT_DURATION_BUCKETS.map(String), '+Inf']);
    expect(buckets.at(-1)).toBe('http_request_duration_seconds_bucket{le="+Inf",method="POST",path="/api/v1/discovery/runs/[id]",status="201"} 2');
    expect(await lines(registry, `${SLO_METRICS.durationCount}{`)).toEqual(['http_request_duration_seconds_count{method="POST",path="/api/v1/discovery/runs/[id]",status="201"} 2']);
    expect(wrappedRoutePatterns().has('/api/v1/discovery/runs/[id]')).toBe(true);
  });

  it('counts a thrown error as 500 and rethrows it unchanged', async () => {
    const registry = new Registry();
    const boom = new Error('database gone');
    const handler = withRouteMetrics('/api/v1/health', () => Promise.reject(boom), { registry });
    await expect(handler(request('GET', '/api/v1/health'))).rejects.toBe(boom);
    const sync = withRouteMetrics('/api/v1/health', (): Response => { throw boom; }, { registry });
    await expect(sync(request('GET', '/api/v1/health'))).rejects.toBe(boom);
    expect(await lines(registry, 'http_requests_total{')).toEqual(['http_requests_total{method="GET",path="/api/v1/health",status="500"} 2']);
  });

  it('keeps real error statuses as they are', async () => {
    const registry = new Registry();
    const handler = withRouteMetrics('/api/v1/registry', (req: Request) => new Response(null, { status: req.method === 'PUT' ? 409 : 503 }), { registry });
    await handler(request('PUT'));
    await handler(request('GET'));
    expect((await lines(registry, 'http_requests_total{')).sort()).toEqual([
      'http_requests_total{method="GET",path="/api/v1/registry",status="503"} 1',
      'http_requests_total{method="PUT",path="/api/v1/registry",status="409"} 1',
    ]);
  });

  it('measures the time until the handler answered, in seconds', async () => {
    const registry = new Registry();
    const handler = withRouteMetrics('/slow', async () => {
      await new Promise((r) => setTimeout(r, 60));
      return new Response('ok');
    }, { registry });
    await handler(request('GET', '/slow'));
    const bucket = async (le: string) => Number((await lines(registry, `http_request_duration_seconds_bucket{le="${le}",`))[0]!.split(' ').at(-1));
    expect(await bucket('0.05')).toBe(0);
    expect(await bucket('0.1')).toBe(1);
  });

  it('registers its metrics once per registry, whoever asks (hot reloads, several bundles)', () => {
    const registry = new Registry();
    const first = routeMetrics({ registry });
    withRouteMetrics('/a', () => new Response(), { registry });
    withRouteMetrics('/b', () => new Response(), { registry });
    expect(routeMetrics({ registry })).toBe(first);
    expect(registry.getMetricsAsArray().map((m) => m.name).sort()).toEqual(['http_request_duration_seconds', 'http_requests_total']);
  });

  it('serves a registry as Prometheus text, counting its own scrapes', async () => {
    const registry = new Registry();
    const GET = metricsRoute({ registry });
    await GET(request('GET', '/metrics'));
    const response = await GET(request('GET', '/metrics'));
    expect(response.headers.get('content-type')).toBe(registry.contentType);
    expect(await response.text()).toContain('http_requests_total{method="GET",path="/metrics",status="200"} 1');
  });
});

describe('duration buckets', () => {
  it('are the generator default latency buckets, so every slo_latency_ms it accepts by default is a boundary', () => {
    expect([...DEFAULT_DURATION_BUCKETS]).toEqual(DEFAULT_LATENCY_BUCKETS);
  });

  it("include the seed's buckets", () => {
    for (const le of [0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]) expect(DEFAULT_DURATION_BUCKETS).toContain(le);
  });
});
