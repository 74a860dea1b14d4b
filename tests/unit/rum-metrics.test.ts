// RUM series on /metrics: the names and labels the page alert templates read, only registered pages, Web Vitals in
// seconds with Google's thresholds as bucket boundaries, failed fetches = network errors and 5xx.
import { register } from 'prom-client';
import { describe, expect, it } from 'vitest';
import type { RumEventRow } from '@/lib/rum/beacon';
import { VITAL_NAMES, VITAL_THRESHOLDS } from '@/lib/rum/thresholds';
import { countBeaconEvents, observeRumEvents, VITAL_HISTOGRAMS } from '@/lib/observability/rum-metrics';
import { loadDefaultTemplates } from '@/lib/registry/default-templates';
import { rumRow } from '../helpers/rum-rows';

let seq = 0;
function row(kind: RumEventRow['kind'], page: string | null, extra: Partial<RumEventRow> = {}): RumEventRow {
  return rumRow({ app: 'awoooi-web', kind, path: page ?? '/unregistered/path', page, view: `view${seq++}`, ...extra });
}
const vital = (page: string | null, name: string, value: number) => row('vital', page, { metric: name, value });
const fetchRow = (page: string, status: number) => row('fetch', page, { method: 'GET', url: 'https://api/x', status, value: 12 });

/** value of one exposition line, or undefined when the series is absent */
async function sample(series: string): Promise<number | undefined> {
  const line = (await register.metrics()).split('\n').find((l) => l.startsWith(`${series} `));
  return line === undefined ? undefined : Number(line.slice(series.length + 1));
}

describe('observeRumEvents', () => {
  it('counts page views, JS errors and failed fetches (network error or 5xx) per registered page', async () => {
    const page = '/services/[id]';
    observeRumEvents([
      row('pageview', page),
      row('pageview', page),
      row('error', page, { message: 'x is undefined' }),
      fetchRow(page, 0),
      fetchRow(page, 503),
      fetchRow(page, 500),
      fetchRow(page, 404),
      fetchRow(page, 200),
    ]);
    expect(await sample('rum_page_views_total{page="/services/[id]"}')).toBe(2);
    expect(await sample('rum_js_errors_total{page="/services/[id]"}')).toBe(1);
    expect(await sample('rum_failed_fetches_total{page="/services/[id]"}')).toBe(3);
  });

  it('starts all three counters of a page at 0 when the page is first seen, so rate() sees the first error', async () => {
    observeRumEvents([row('pageview', '/first-seen')]);
    expect(await sample('rum_js_errors_total{page="/first-seen"}')).toBe(0);
    expect(await sample('rum_failed_fetches_total{page="/first-seen"}')).toBe(0);
  });

  it('gives rows of unregistered paths no series at all', async () => {
    const before = (await register.metrics()).split('\n').filter((l) => l.includes('/unregistered/path')).length;
    observeRumEvents([row('pageview', null), row('error', null), vital(null, 'LCP', 1200), row('fetch', null, { method: 'GET', url: 'https://api/x', status: 503 })]);
    expect(before).toBe(0);
    expect((await register.metrics()).includes('/unregistered/path')).toBe(false);
  });

  it('observes LCP in seconds into web_vitals_lcp_seconds_bucket{page,le}', async () => {
    const page = '/checkout';
    observeRumEvents([vital(page, 'LCP', 2400), vital(page, 'LCP', 2500), vital(page, 'LCP', 4100)]);
    expect(await sample('web_vitals_lcp_seconds_bucket{le="2",page="/checkout"}')).toBe(0);
    expect(await sample('web_vitals_lcp_seconds_bucket{le="2.5",page="/checkout"}')).toBe(2);
    expect(await sample('web_vitals_lcp_seconds_bucket{le="4",page="/checkout"}')).toBe(2);
    expect(await sample('web_vitals_lcp_seconds_bucket{le="+Inf",page="/checkout"}')).toBe(3);
    expect(await sample('web_vitals_lcp_seconds_sum{page="/checkout"}')).toBeCloseTo(9, 6);
  });

  it('has a histogram per vital; CLS stays unitless', async () => {
    const page = '/all-vitals';
    observeRumEvents([vital(page, 'INP', 200), vital(page, 'FCP', 1800), vital(page, 'TTFB', 800), vital(page, 'CLS', 0.1)]);
    expect(await sample('web_vitals_inp_seconds_bucket{le="0.2",page="/all-vitals"}')).toBe(1);
    expect(await sample('web_vitals_inp_seconds_bucket{le="0.15",page="/all-vitals"}')).toBe(0);
    expect(await sample('web_vitals_fcp_seconds_bucket{le="1.8",page="/all-vitals"}')).toBe(1);
    expect(await sample('web_vitals_ttfb_seconds_bucket{le="0.8",page="/all-vitals"}')).toBe(1);
    expect(await sample('web_vitals_cls_bucket{le="0.1",page="/all-vitals"}')).toBe(1);
    expect(await sample('web_vitals_cls_bucket{le="0.05",page="/all-vitals"}')).toBe(0);
  });
});

describe('vital histograms', () => {
  it.each(VITAL_NAMES)('%s: buckets ascend and include the good and poor thresholds', (name) => {
    const { buckets, scale } = VITAL_HISTOGRAMS[name];
    expect([...buckets].sort((a, b) => a - b)).toEqual([...buckets]);
    const { good, poor } = VITAL_THRESHOLDS[name];
    expect(buckets).toContain(good * scale);
    expect(buckets).toContain(poor * scale);
  });

  it('include every threshold a default page alert template compares a vital quantile with', () => {
    // e.g. slow_page_load: histogram_quantile(0.75, ... web_vitals_lcp_seconds_bucket ...) > 4
    const compared = loadDefaultTemplates().flatMap((t) => {
      const m = /web_vitals_(\w+?)(?:_seconds)?_bucket[\s\S]*?\)\)\)\s*>\s*([\d.]+)/.exec(t.expr);
      return m ? [{ t, m }] : [];
    });
    expect(compared.map(({ t }) => t.key)).toContain('slow_page_load');
    for (const { t, m } of compared) {
      const entry = Object.values(VITAL_HISTOGRAMS).find((h) => h.name.startsWith(`web_vitals_${m[1]}`))!;
      expect(entry.buckets, t.key).toContain(Number(m[2]));
    }
  });
});

describe('countBeaconEvents', () => {
  it('counts events by outcome; every outcome is exported from the start', async () => {
    expect(await sample('awoooi_beacon_events_total{outcome="rate_limited"}')).toBe(0);
    const before = (await sample('awoooi_beacon_events_total{outcome="accepted"}'))!;
    countBeaconEvents('accepted', 5);
    countBeaconEvents('accepted', 0);
    expect(await sample('awoooi_beacon_events_total{outcome="accepted"}')).toBe(before + 5);
  });

  it('exports the intake buffer as a gauge read at scrape time', async () => {
    expect(await sample('awoooi_beacon_buffer_events')).toBe(0);
  });
});
