// Page requests metered from Next's own request spans, driven by Next's real tracer (the one `next start` uses):
// route pattern from `next.route`, status from `http.status_code`, wrapped route handlers not counted twice.
import { SpanKind } from '@opentelemetry/api';
import { BaseServerSpan } from 'next/dist/server/lib/trace/constants';
import { getTracer } from 'next/dist/server/lib/trace/tracer';
import { Registry } from 'prom-client';
import { beforeAll, describe, expect, it } from 'vitest';
import { meterNextRequests, NEXT_REQUEST_SPAN } from '@/lib/observability/next-request-metrics';
import { withRouteMetrics } from '@/lib/observability/next-route-metrics';

const registry = new Registry();
const tracer = getTracer();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** One request as next-server runs it: the root span, the route set by the renderer, the status set at the end. */
function request(method: string, target: string, route: string | undefined, status: number, work = () => sleep(0)) {
  return tracer.trace(BaseServerSpan.handleRequest, { spanName: method, kind: SpanKind.SERVER, attributes: { 'http.method': method, 'http.target': target } }, async (span) => {
    if (route) tracer.setRootSpanAttribute('next.route', route); // app-render / the route module
    await tracer.trace(BaseServerSpan.render, async () => work()); // a nested span: not counted
    span.setAttributes({ 'http.status_code': status }); // base-server, when the response is done
    const found = tracer.getRootSpanAttributes()?.get('next.route');
    if (found) span.setAttributes({ 'next.route': found, 'http.route': found });
  });
}

const sample = async (series: string) => {
  const line = (await registry.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.split(' ').at(-1));
};

beforeAll(() => {
  expect(meterNextRequests({ registry })).toBe(true);
});

describe('meterNextRequests', () => {
  it('watches the span type Next gives a request', () => {
    expect(NEXT_REQUEST_SPAN).toBe(BaseServerSpan.handleRequest);
  });

  it('makes Next trace requests at all (it skips spans while no provider is registered)', () => {
    expect(tracer.isOpenTelemetryEnabled()).toBe(true);
  });

  it('counts a page request by route pattern, method and the status sent', async () => {
    await request('GET', '/audit/12?page=2', '/audit/[id]', 404, () => sleep(30));
    await request('GET', '/audit/13', '/audit/[id]', 200);
    expect(await sample('http_requests_total{method="GET",path="/audit/[id]",status="404"}')).toBe(1);
    expect(await sample('http_requests_total{method="GET",path="/audit/[id]",status="200"}')).toBe(1);
    expect(await sample('http_request_duration_seconds_bucket{le="0.025",method="GET",path="/audit/[id]",status="404"}')).toBe(0);
    expect(await sample('http_request_duration_seconds_bucket{le="0.1",method="GET",path="/audit/[id]",status="404"}')).toBe(1);
  });

  it('counts server actions and failures the same way', async () => {
    await request('POST', '/services', '/services', 500);
    expect(await sample('http_requests_total{method="POST",path="/services",status="500"}')).toBe(1);
  });

  it('skips requests without a route (static files) and routes withRouteMetrics already counts', async () => {
    withRouteMetrics('/api/v1/wrapped', () => new Response(), { registry: new Registry() });
    await request('GET', '/_next/static/chunks/x.js', undefined, 200);
    await request('GET', '/api/v1/wrapped', '/api/v1/wrapped', 200);
    const text = await registry.metrics();
    expect(text).not.toContain('/_next/static');
    expect(text).not.toContain('/api/v1/wrapped');
  });

  it('counts a span once even if it is ended twice', async () => {
    await tracer.trace(BaseServerSpan.handleRequest, { attributes: { 'http.method': 'GET' } }, async (span) => {
      span.setAttributes({ 'http.status_code': 200, 'next.route': '/twice' });
      span.end();
    });
    expect(await sample('http_requests_total{method="GET",path="/twice",status="200"}')).toBe(1);
  });

  it('is installed once per process', () => {
    expect(meterNextRequests({ registry: new Registry() })).toBe(true);
  });
});
