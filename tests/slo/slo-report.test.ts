// The SLO page's numbers against a real Prometheus on loopback whose TSDB holds known series (backfilled with
// promtool), so every expected figure is worked out by hand below.
//
// Time: 30 days of samples every 15 minutes, ending 3 h ago on a 15-minute boundary (backfilled data must be
// in the past); every query is evaluated at that end, so the results do not depend on when the test runs.
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { defaultSettings } from '@/lib/generate/settings';
import { emptyRegistry, type ApiEndpoint, type Registry } from '@/lib/registry/model';
import { createPrometheusClient, PrometheusError } from '@/lib/slo/prometheus-client';
import { buildSloReport, loadSloPage, type SloReport } from '@/lib/slo/slo-report';
import type { SloRow } from '@/lib/slo/slo-rows';
import { openMetrics, startPrometheus, type MetricFamily, type PrometheusServer, type Series } from '../helpers/prometheus-server';

const STEP = 900; // seconds between samples
const HOUR = 3600;
const END = Math.floor((Date.now() / 1000 - 3 * HOUR) / STEP) * STEP;
const START = END - 30 * 24 * HOUR;
const AT = new Date(END * 1000);
const TIMES = Array.from({ length: (END - START) / STEP + 1 }, (_, i) => START + i * STEP);
/** the last `hours` before END (a sample at t counts the 15 minutes ending at t) */
const inLast = (hours: number) => (t: number) => t > END - hours * HOUR;

/** A counter from 0 at START growing by `perHour(t)` per hour in each 15 minutes ending at t. */
function counter(labels: Record<string, string>, perHour: (t: number) => number, name = 'http_requests_total'): Series {
  let value = 0;
  return { name, labels, points: TIMES.map((t, i) => [t, i === 0 ? 0 : (value += (perHour(t) * STEP) / HOUR)] as const) };
}

/** A gauge, as a recording rule's output series. */
const gauge = (labels: Record<string, string>, value: (t: number) => number): Series => ({ labels, points: TIMES.map((t) => [t, value(t)] as const) });

const requests = (series: Series[]): MetricFamily => ({ name: 'http_requests', type: 'counter', series });
const api = { job: 'api', instance: 'api-1:8000' };
const endpoint = (method: string, path: string, slo: Partial<ApiEndpoint> = {}): ApiEndpoint => ({ method: method as ApiEndpoint['method'], path, critical: false, ...slo });
const registryOf = (endpoints: ApiEndpoint[]): Registry => ({ ...emptyRegistry(), api_endpoints: endpoints });
const row = (report: { rows: SloRow[] }, id: string) => report.rows.find((r) => r.id === id)!;
const burns = (r: SloRow) => r.burnRates.map((b) => [b.window, b.rate === null ? null : +b.rate.toFixed(9), b.status]);

describe('raw series (no recording rules in Prometheus)', () => {
  // GET /api/orders, 99 % available (budget 1 % of requests): 1,000 requests an hour for 30 days; 5 an hour
  //   fail (0.5 %), except in the last 6 hours, when 100 an hour fail (10 %).
  // POST /api/orders, 99.9 % available and 99 % within 250 ms: 1,000 requests an hour, none failing (so no 5xx
  //   series at all); 980 an hour within 0.25 s, 900 within 0.1 s (a neighbouring bucket that must not be read).
  // GET /api/idle: an SLO but no traffic. GET /api/slow: 300 ms is no bucket. GET /api/health: no SLO.
  const registry = registryOf([
    endpoint('GET', '/api/orders', { slo_availability: 99 }),
    endpoint('POST', '/api/orders', { slo_availability: 99.9, slo_latency_ms: 250 }),
    endpoint('GET', '/api/idle', { slo_availability: 99.9 }),
    endpoint('GET', '/api/slow', { slo_latency_ms: 300 }),
    endpoint('GET', '/api/health'),
  ]);
  const last6h = inLast(6);
  const get = { ...api, method: 'GET', path: '/api/orders' };
  const post = { ...api, method: 'POST', path: '/api/orders' };
  const histogram = (le: string, perHour: number) => counter({ ...post, le }, () => perHour, 'http_request_duration_seconds_bucket');
  const families: MetricFamily[] = [
    requests([
      counter({ ...get, status: '200' }, (t) => (last6h(t) ? 900 : 995)),
      counter({ ...get, status: '500' }, (t) => (last6h(t) ? 100 : 5)),
      counter({ ...post, status: '201' }, () => 1000),
    ]),
    {
      name: 'http_request_duration_seconds',
      type: 'histogram',
      series: [
        histogram('0.1', 900),
        histogram('0.25', 980),
        histogram('+Inf', 1000),
        counter(post, () => 1000, 'http_request_duration_seconds_count'),
        counter(post, () => 80, 'http_request_duration_seconds_sum'), // 0.08 s on average
      ],
    },
  ];
  let prom: PrometheusServer;
  let report: SloReport;

  beforeAll(async () => {
    prom = await startPrometheus(openMetrics(families));
    report = await buildSloReport(registry, defaultSettings(), createPrometheusClient(prom.url), { at: AT });
  }, 120_000);
  afterAll(() => prom?.stop());

  it('measures GET /api/orders availability over 30 days, by hand', () => {
    // requests: 720 h x 1,000 = 720,000; failed: 714 h x 5 + 6 h x 100 = 3,570 + 600 = 4,170
    const ratio = 4_170 / 720_000; // 0.0057916...
    const r = row(report, 'availability GET /api/orders');
    expect(r.source).toBe('raw');
    expect(r.errorRatio).toBeCloseTo(ratio, 12);
    expect(r.sli).toBeCloseTo(1 - ratio, 12); // 99.42 %
    expect(r.budgetRemaining).toBeCloseTo(1 - ratio / 0.01, 9); // 0.4208: 58 % of the budget spent
    expect(r.status).toBe('ok');
    // burn rates = failed share over the window / 1 %:
    //   1h and 6h: 10 % / 1 % = 10; 1d: (18 x 5 + 6 x 100) / 24,000 = 2.875 %; 3d: (66 x 5 + 600) / 72,000 = 1.2916 %
    expect(burns(r)).toEqual([
      ['1h', 10, 'ok'], // the page alert needs 14.4
      ['6h', 10, 'critical'], // above 6
      ['1d', +(690 / 24_000 / 0.01).toFixed(9), 'ok'], // 2.875, below 3
      ['3d', +(930 / 72_000 / 0.01).toFixed(9), 'warning'], // 1.29, above 1
    ]);
  });

  it('measures latency from the threshold’s bucket: 2 % slow against a 1 % budget is overspent', () => {
    const r = row(report, 'latency POST /api/orders');
    expect(r.errorRatio).toBeCloseTo(1 - 980 / 1000, 12);
    expect(r.budgetRemaining).toBeCloseTo(1 - 0.02 / 0.01, 9); // -1: twice the budget
    expect(r.status).toBe('exhausted');
    expect(burns(r)).toEqual([
      ['1h', 2, 'ok'],
      ['6h', 2, 'ok'],
      ['1d', 2, 'ok'],
      ['3d', 2, 'warning'],
    ]);
  });

  it('counts an endpoint that never failed as 100 %, not as missing', () => {
    const r = row(report, 'availability POST /api/orders');
    expect([r.sli, r.budgetRemaining, r.status]).toEqual([1, 1, 'ok']);
    expect(r.burnRates.map((b) => b.rate)).toEqual([0, 0, 0, 0]);
  });

  it('shows no numbers, not zeros, for an endpoint without traffic', () => {
    const r = row(report, 'availability GET /api/idle');
    expect([r.source, r.sli, r.budgetRemaining, r.status]).toEqual(['raw', null, null, 'no-data']);
    expect(r.burnRates.every((b) => b.rate === null)).toBe(true);
  });

  it('sorts by budget remaining, least first, then the rows without numbers', () => {
    expect(report.rows.map((r) => [r.id, r.status])).toEqual([
      ['latency POST /api/orders', 'exhausted'],
      ['availability GET /api/orders', 'ok'],
      ['availability POST /api/orders', 'ok'],
      ['availability GET /api/idle', 'no-data'],
      ['latency GET /api/slow', 'not-measurable'],
      ['none GET /api/health', 'no-slo'],
    ]);
    expect(row(report, 'latency GET /api/slow').problem).toMatch(/not a bucket boundary/);
  });

  it('charts the least-budget SLO by default: 720 hourly points of 98 % fast', () => {
    const chart = report.chart!;
    expect([chart.id, chart.source, chart.window, chart.objective]).toEqual(['latency POST /api/orders', 'raw', '1h', 0.99]);
    // one point per hour of the 30 days, each the hour before it: START + 1h ... END
    expect(chart.points).toHaveLength(720);
    expect(chart.points[0]!.t).toBe((START + HOUR) * 1000);
    expect(chart.points.every((p) => Math.abs(p.sli! - 0.98) < 1e-9)).toBe(true);
    expect(chart.points.at(-1)!.remaining).toBeCloseTo(-1, 9);
  });

  it('charts another SLO on request: the last 6 hours at 90 %', async () => {
    const other = await buildSloReport(registry, defaultSettings(), createPrometheusClient(prom.url), { at: AT, chart: 'availability GET /api/orders' });
    const slis = other.chart!.points.map((p) => +p.sli!.toFixed(9));
    expect(slis.slice(-6)).toEqual([0.9, 0.9, 0.9, 0.9, 0.9, 0.9]);
    expect(slis.slice(0, -6).every((s) => s === 0.995)).toBe(true);
    // hourly points weigh alike; with steady traffic that is the same as the period figure
    expect(other.chart!.points.at(-1)!.remaining).toBeCloseTo(1 - (714 * 0.005 + 6 * 0.1) / 720 / 0.01, 9);
    expect(other.chartProblem).toBeNull();
  });

  it('says so when asked to chart an SLO that cannot be measured', async () => {
    const other = await buildSloReport(registry, defaultSettings(), createPrometheusClient(prom.url), { at: AT, chart: 'latency GET /api/slow' });
    expect(other.chartProblem).toBe('There is no measurable SLO "latency GET /api/slow"; showing the chart of latency POST /api/orders.');
    expect(other.chart!.id).toBe('latency POST /api/orders');
  });

  it('uses the settings’ SLO window: over 7 days the budget is low', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-slo-settings-'));
    try {
      fs.writeFileSync(path.join(dir, 'settings.yml'), 'slo:\n  window: 7d\n');
      const page = await loadSloPage({
        env: { PROMETHEUS_URL: prom.url, GENERATE_SETTINGS_FILE: path.join(dir, 'settings.yml') },
        loadRegistry: async () => registry,
        at: AT,
        chart: 'availability GET /api/orders',
      });
      if (page.state !== 'ok') throw new Error(JSON.stringify(page));
      // 168 h x 1,000 = 168,000 requests; failed: 162 h x 5 + 6 h x 100 = 1,410
      const r = row(page, 'availability GET /api/orders');
      expect(r.budgetRemaining).toBeCloseTo(1 - 1_410 / 168_000 / 0.01, 9); // 0.1607
      expect(r.status).toBe('low');
      // 7 days of 30 minutes: 336 points, the first covering the window's first half hour
      expect([page.period, page.chart!.window, page.chart!.points.length]).toEqual(['7d', '30m', 336]);
      expect(page.chart!.points[0]!.t).toBe((END - 7 * 24 * HOUR + 1800) * 1000);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('passes on Prometheus’s own words for a query it refuses', async () => {
    const error = await createPrometheusClient(prom.url)
      .query('sum(rate(http_requests_total[5m])', AT)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(PrometheusError);
    expect((error as PrometheusError).kind).toBe('query');
    expect((error as PrometheusError).message).toMatch(new RegExp(`^Prometheus at ${prom.url} refused the query \\(bad_data\\): .*parse error`));
  });
});

describe('recording rules in Prometheus', () => {
  // The generator's recordings, written straight into the TSDB (labels slo, method, path, endpoint):
  //   GET /api/search (registry: 99.9 %): period ratio 0.04 % -> 1 - 0.0004 / 0.001 = 60 % left; burn 1h
  //     2 % / 0.1 % = 20 (in the last hour only), 6h 5, 1d 4, 3d 0.4. Its raw series say 0 failures: the
  //     recordings must win.
  //   GET /api/cart (registry: 99.5 %, budget 0.5 %): rules still record 99.9 %; period ratio 0.1 % ->
  //     1 - 0.001 / 0.005 = 80 % left, with a note; no window recordings -> no burn rates.
  //   GET /api/legacy (registry: 99 %): no recordings, raw series: 1,000 an hour, 10 failing (1 %) -> 0 left.
  const registry = registryOf([
    endpoint('GET', '/api/search', { slo_availability: 99.9 }),
    endpoint('GET', '/api/cart', { slo_availability: 99.5 }),
    endpoint('GET', '/api/legacy', { slo_availability: 99 }),
  ]);
  const labels = (p: string) => ({ slo: 'availability', method: 'GET', path: p, endpoint: `GET ${p}` });
  const record = (name: string, series: Series[]): MetricFamily => ({ name, type: 'gauge', series });
  const lastHour = inLast(1);
  const families: MetricFamily[] = [
    record('slo:objective:ratio', [gauge(labels('/api/search'), () => 0.999), gauge(labels('/api/cart'), () => 0.999)]),
    record('slo:error_budget:ratio', [gauge(labels('/api/search'), () => 0.001), gauge(labels('/api/cart'), () => 0.001)]),
    record('slo:sli_error:ratio_period', [gauge(labels('/api/search'), () => 0.0004), gauge(labels('/api/cart'), () => 0.001)]),
    record('slo:sli_error:ratio_rate1h', [gauge(labels('/api/search'), (t) => (lastHour(t) ? 0.02 : 0.0004))]),
    record('slo:sli_error:ratio_rate6h', [gauge(labels('/api/search'), () => 0.005)]),
    record('slo:sli_error:ratio_rate1d', [gauge(labels('/api/search'), () => 0.004)]),
    record('slo:sli_error:ratio_rate3d', [gauge(labels('/api/search'), () => 0.0004)]),
    requests([
      counter({ ...api, method: 'GET', path: '/api/search', status: '200' }, () => 1000),
      counter({ ...api, method: 'GET', path: '/api/legacy', status: '200' }, () => 990),
      counter({ ...api, method: 'GET', path: '/api/legacy', status: '503' }, () => 10),
    ]),
  ];
  let prom: PrometheusServer;
  let report: SloReport;

  beforeAll(async () => {
    prom = await startPrometheus(openMetrics(families));
    report = await buildSloReport(registry, defaultSettings(), createPrometheusClient(prom.url), { at: AT });
  }, 120_000);
  afterAll(() => prom?.stop());

  it('reads the recordings where they exist, the raw series elsewhere', () => {
    expect(report.rows.map((r) => [r.id, r.source, r.status])).toEqual([
      ['availability GET /api/legacy', 'raw', 'exhausted'],
      ['availability GET /api/search', 'recorded', 'ok'],
      ['availability GET /api/cart', 'recorded', 'ok'],
    ]);
    const legacy = row(report, 'availability GET /api/legacy');
    expect(legacy.budgetRemaining).toBeCloseTo(1 - 10 / 1000 / 0.01, 9); // 0
  });

  it('takes the SLI, budget and burn rates from the recordings', () => {
    const r = row(report, 'availability GET /api/search');
    expect(r.sli).toBeCloseTo(1 - 0.0004, 12);
    expect(r.budgetRemaining).toBeCloseTo(1 - 0.0004 / 0.001, 9); // 0.6
    expect(burns(r)).toEqual([
      ['1h', 20, 'critical'], // 2 % / 0.1 %, above 14.4
      ['6h', 5, 'ok'],
      ['1d', 4, 'warning'], // above 3
      ['3d', 0.4, 'ok'],
    ]);
    expect(r.notes).toEqual([]);
  });

  it('uses the registry’s objective and says when the deployed rules use another', () => {
    const r = row(report, 'availability GET /api/cart');
    expect(r.budgetRemaining).toBeCloseTo(1 - 0.001 / 0.005, 9); // 0.8
    expect(r.notes).toEqual(['the rules Prometheus runs record an objective of 99.9 %: regenerate them and reload Prometheus']);
    expect(r.burnRates.every((b) => b.rate === null && b.status === 'no-data')).toBe(true);
  });

  it('charts from the hourly recording', async () => {
    const other = await buildSloReport(registry, defaultSettings(), createPrometheusClient(prom.url), { at: AT, chart: 'availability GET /api/search' });
    const chart = other.chart!;
    expect([chart.source, chart.window]).toEqual(['recorded', '1h']);
    // one point per hour of the 30 days, as in raw mode
    expect(chart.points).toHaveLength(720);
    expect(chart.points[0]!.t).toBe((START + HOUR) * 1000);
    expect(chart.points.at(-1)!.sli).toBeCloseTo(0.98, 12);
    expect(chart.points.slice(0, -1).every((p) => Math.abs(p.sli! - 0.9996) < 1e-12)).toBe(true);
  });

  it('loads the page state from PROMETHEUS_URL', async () => {
    const page = await loadSloPage({ env: { PROMETHEUS_URL: `${prom.url}/` }, loadRegistry: async () => registry, at: AT });
    expect(page.state).toBe('ok');
    if (page.state === 'ok') expect([page.url, page.rows.length, page.chart?.id]).toEqual([prom.url, 3, 'availability GET /api/legacy']);
  });
});

describe('the page without a usable Prometheus', () => {
  const registry = registryOf([endpoint('GET', '/api/orders', { slo_availability: 99 }), endpoint('GET', '/api/health')]);

  it('says Prometheus is not configured, and lists the targets without numbers', async () => {
    for (const env of [{}, { PROMETHEUS_URL: '  ' }]) {
      const page = await loadSloPage({ env, loadRegistry: async () => registry });
      expect(page.state).toBe('not-configured');
      if (page.state !== 'not-configured') continue;
      expect(page.rows.map((r) => [r.id, r.sli, r.budgetRemaining, r.status])).toEqual([
        ['availability GET /api/orders', null, null, 'no-data'],
        ['none GET /api/health', null, null, 'no-slo'],
      ]);
    }
  });

  it('says Prometheus is unreachable, with the error', async () => {
    const server = net.createServer();
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const { port } = server.address() as net.AddressInfo;
    await new Promise((r) => server.close(r));
    const page = await loadSloPage({ env: { PROMETHEUS_URL: `http://127.0.0.1:${port}` }, loadRegistry: async () => registry });
    expect(page).toMatchObject({
      state: 'error',
      url: `http://127.0.0.1:${port}`,
      error: `cannot reach Prometheus at http://127.0.0.1:${port}: connection refused (nothing listens on that port) (ECONNREFUSED)`,
    });
    if (page.state === 'error') expect(page.rows.every((r) => r.budgetRemaining === null)).toBe(true);
  });

  it('says the address is unusable', async () => {
    const page = await loadSloPage({ env: { PROMETHEUS_URL: 'prometheus:9090' }, loadRegistry: async () => registry });
    expect(page).toMatchObject({ state: 'error', url: null, error: expect.stringMatching(/^PROMETHEUS_URL must be an http:\/\/ or https:\/\/ URL/) });
  });

  it('reports an invalid settings file instead of using another window', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-slo-settings-'));
    try {
      fs.writeFileSync(path.join(dir, 'settings.yml'), 'slo:\n  window: a month\n');
      const page = await loadSloPage({ env: { GENERATE_SETTINGS_FILE: path.join(dir, 'settings.yml') }, loadRegistry: async () => registry });
      expect(page).toMatchObject({ state: 'settings-invalid', problems: [{ path: 'slo.window', message: expect.stringMatching(/Prometheus duration/) }] });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
