// GET /metrics against the real PostgreSQL: one exposition with the coverage gauges, the request series of the
// wrapped route handlers (called through their real route modules) and the RUM series, each family once.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RumEventRow } from '@/lib/rum/beacon';
import { countBeaconEvents, observeRumEvents } from '@/lib/observability/rum-metrics';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let t: TestDatabase;
const savedUrl = process.env.DATABASE_URL;
beforeAll(async () => {
  t = await createTestDatabase();
  process.env.DATABASE_URL = t.url; // the route modules use the app's own client (lib/db/client.ts)
});
afterAll(async () => {
  process.env.DATABASE_URL = savedUrl;
  await t.drop();
});

const rumRow = (kind: RumEventRow['kind'], extra: Partial<RumEventRow> = {}): RumEventRow => ({
  at: new Date(), app: 'awoooi-web', kind, path: '/services/12', page: '/services/[id]', device: 'mobile', view: 'v1', sampleRate: 1,
  metric: null, value: null, rating: null, message: null, stack: null, method: null, url: null, status: null, fingerprint: null, ...extra,
});

async function scrape(): Promise<string> {
  const { GET } = await import('@/app/metrics/route');
  const response = await GET(new Request('http://monitor.test/metrics'));
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toContain('text/plain');
  return response.text();
}

describe('GET /metrics', () => {
  it('serves request series by route pattern after real route handler calls', async () => {
    const health = await import('@/app/api/v1/health/route');
    expect((await health.GET(new Request('http://monitor.test/api/v1/health'))).status).toBe(200);
    const audit = await import('@/app/api/v1/audit/[id]/route');
    // anonymous: refused before the id is read, which is still a request of /api/v1/audit/[id]
    const refused = await audit.GET(new Request('http://monitor.test/api/v1/audit/4711'), { params: Promise.resolve({ id: '4711' }) });
    const text = await scrape();
    expect(text).toContain('http_requests_total{method="GET",path="/api/v1/health",status="200"} 1');
    expect(text).toContain(`http_requests_total{method="GET",path="/api/v1/audit/[id]",status="${refused.status}"} 1`);
    expect(text).toMatch(/http_request_duration_seconds_bucket\{le="0.25",method="GET",path="\/api\/v1\/health",status="200"\} \d/);
    expect(text).not.toContain('4711');
    // a scrape counts itself once it has answered
    expect(await scrape()).toContain('http_requests_total{method="GET",path="/metrics",status="200"} 1');
  });

  it('serves the RUM series after observeRumEvents, next to the coverage gauges', async () => {
    observeRumEvents([
      rumRow('pageview'),
      rumRow('vital', { metric: 'LCP', value: 3200 }),
      rumRow('error', { message: 'boom' }),
      rumRow('fetch', { method: 'GET', url: 'https://api/x', status: 502, value: 40 }),
      rumRow('pageview', { page: null, path: '/not/registered' }),
    ]);
    countBeaconEvents('accepted', 5);
    const text = await scrape();
    expect(text).toContain('rum_page_views_total{page="/services/[id]"} 1');
    expect(text).toContain('rum_js_errors_total{page="/services/[id]"} 1');
    expect(text).toContain('rum_failed_fetches_total{page="/services/[id]"} 1');
    expect(text).toContain('web_vitals_lcp_seconds_bucket{le="3.5",page="/services/[id]"} 1');
    expect(text).toContain('web_vitals_lcp_seconds_bucket{le="3",page="/services/[id]"} 0');
    expect(text).toContain('awoooi_beacon_events_total{outcome="accepted"} 5');
    expect(text).toContain('# TYPE awoooi_beacon_buffer_events gauge');
    expect(text).not.toContain('/not/registered');
    expect(text).toContain('# TYPE awoooi_coverage_ratio gauge');
  });

  it('lists every metric family once', async () => {
    const text = await scrape();
    const families = text.split('\n').filter((l) => l.startsWith('# TYPE ')).map((l) => l.split(' ')[2]);
    expect(families.length).toBeGreaterThan(10);
    expect(new Set(families).size).toBe(families.length);
  });
});
