// Real-user monitoring series for GET /metrics, on prom-client's global register (metrics.ts serves it). The ingester
// (lib/rum/ingest) calls countBeaconEvents and observeRumEvents. Names are the ones the page alert templates read
// (registry/alert-templates.yaml header); label `page` is the registered page pattern, so only rows the ingester
// matched to a registered page get series: raw paths would grow without bound.
//
// Counts are of events received, not scaled by the beacon's sample rate: the page alerts are ratios of two counters
// from the same beacons (and a p75), which sampling does not change.
import { Counter, Gauge, Histogram, register, type Registry } from 'prom-client';
import type { RumEventRow } from '../rum/beacon';
import type { VitalName } from '../rum/thresholds';

export type BeaconOutcome = 'accepted' | 'rejected' | 'rate_limited' | 'dropped' | 'stored';
export const BEACON_OUTCOMES: readonly BeaconOutcome[] = ['accepted', 'rejected', 'rate_limited', 'dropped', 'stored'];

/**
 * One histogram per vital, in seconds (CLS is unitless). Buckets are finer around Google's thresholds and include
 * both of them (good / poor, lib/rum/thresholds.ts), so "share of page loads rated good" reads one bucket exactly.
 */
export const VITAL_HISTOGRAMS: Record<VitalName, { name: string; help: string; buckets: readonly number[]; scale: number }> = {
  LCP: { name: 'web_vitals_lcp_seconds', help: 'Largest Contentful Paint per registered page, seconds', buckets: [0.5, 1, 1.5, 2, 2.5, 3, 3.5, 4, 5, 6, 8, 10, 15, 20], scale: 1 / 1000 },
  INP: { name: 'web_vitals_inp_seconds', help: 'Interaction to Next Paint per registered page, seconds', buckets: [0.025, 0.05, 0.1, 0.15, 0.2, 0.3, 0.4, 0.5, 0.75, 1, 2, 5], scale: 1 / 1000 },
  FCP: { name: 'web_vitals_fcp_seconds', help: 'First Contentful Paint per registered page, seconds', buckets: [0.25, 0.5, 1, 1.5, 1.8, 2.5, 3, 4, 5, 7.5, 10, 20], scale: 1 / 1000 },
  TTFB: { name: 'web_vitals_ttfb_seconds', help: 'Time to First Byte per registered page, seconds', buckets: [0.05, 0.1, 0.2, 0.4, 0.6, 0.8, 1, 1.4, 1.8, 2.5, 3, 5, 10], scale: 1 / 1000 },
  CLS: { name: 'web_vitals_cls', help: 'Cumulative Layout Shift per registered page (unitless)', buckets: [0.01, 0.025, 0.05, 0.1, 0.15, 0.2, 0.25, 0.4, 0.6, 1, 2], scale: 1 },
};

export const RUM_COUNTER_NAMES = {
  pageViews: 'rum_page_views_total',
  jsErrors: 'rum_js_errors_total',
  failedFetches: 'rum_failed_fetches_total',
} as const;

interface RumMetrics {
  beaconEvents: Counter<'outcome'>;
  pageViews: Counter<'page'>;
  jsErrors: Counter<'page'>;
  failedFetches: Counter<'page'>;
  vitals: Record<VitalName, Histogram<'page'>>;
  seenPages: Set<string>;
}

function build(registry: Registry): RumMetrics {
  const registers = [registry];
  const beaconEvents = new Counter({ name: 'awoooi_beacon_events_total', help: 'RUM beacon events by what became of them (accepted, rejected, rate_limited, dropped, stored)', labelNames: ['outcome'], registers });
  for (const outcome of BEACON_OUTCOMES) beaconEvents.inc({ outcome }, 0);
  const counter = (name: string, help: string) => new Counter({ name, help, labelNames: ['page'], registers });
  const vitals = Object.fromEntries(
    Object.entries(VITAL_HISTOGRAMS).map(([vital, h]) => [vital, new Histogram({ name: h.name, help: h.help, labelNames: ['page'], buckets: [...h.buckets], registers })]),
  ) as Record<VitalName, Histogram<'page'>>;
  const metrics: RumMetrics = {
    beaconEvents,
    pageViews: counter(RUM_COUNTER_NAMES.pageViews, 'Page views per registered page'),
    jsErrors: counter(RUM_COUNTER_NAMES.jsErrors, 'Uncaught JS errors and unhandled rejections per registered page'),
    failedFetches: counter(RUM_COUNTER_NAMES.failedFetches, 'fetch() calls that failed (network error or 5xx) per registered page'),
    vitals,
    seenPages: new Set(),
  };
  // Read from the intake at scrape time. Imported then, not above: the intake imports this module.
  const intake = () => import('../rum/ingest/instance').then((m) => m.ingestStats());
  new Gauge({
    name: 'awoooi_beacon_buffer_events',
    help: 'Accepted beacon events waiting to be written to PostgreSQL',
    registers,
    async collect() {
      this.set((await intake()).buffered);
    },
  });
  new Gauge({
    name: 'awoooi_beacon_last_flush_timestamp_seconds',
    help: 'When the beacon buffer last wrote a batch to PostgreSQL successfully (Unix seconds; absent before the first)',
    registers,
    async collect() {
      const { lastFlushAt } = await intake();
      this.reset();
      if (lastFlushAt) this.set(lastFlushAt.getTime() / 1000);
    },
  });
  return metrics;
}

// One set per process: hot reloads and several bundled copies of this module share it (as metrics.ts does).
const holder = globalThis as unknown as { __awoooiRumMetrics?: RumMetrics };
const rumMetrics = (): RumMetrics => (holder.__awoooiRumMetrics ??= build(register));

/** Beacon events by what became of them: accepted (202 sent), rejected (400/413/403), rate_limited (429),
 *  dropped (accepted but the buffer was full), stored (written to PostgreSQL). */
export function countBeaconEvents(outcome: BeaconOutcome, events: number): void {
  if (events > 0) rumMetrics().beaconEvents.inc({ outcome }, events);
}

const isFailedFetch = (row: RumEventRow) => row.kind === 'fetch' && row.status !== null && (row.status === 0 || row.status >= 500);

/** Accepted rows, for the per-page Web Vitals histograms and error / failed-fetch / page-view counters. */
export function observeRumEvents(rows: readonly RumEventRow[]): void {
  const m = rumMetrics();
  for (const row of rows) {
    const page = row.page;
    if (page === null) continue;
    const labels = { page };
    if (!m.seenPages.has(page)) {
      // All three counters start at 0 together: rate() then sees a page's first error, not a series appearing.
      m.seenPages.add(page);
      m.pageViews.inc(labels, 0);
      m.jsErrors.inc(labels, 0);
      m.failedFetches.inc(labels, 0);
    }
    switch (row.kind) {
      case 'pageview':
        m.pageViews.inc(labels);
        break;
      case 'error':
        m.jsErrors.inc(labels);
        break;
      case 'fetch':
        if (isFailedFetch(row)) m.failedFetches.inc(labels);
        break;
      case 'vital': {
        const vital = row.metric as VitalName | null;
        const histogram = vital ? m.vitals[vital] : undefined;
        if (histogram && row.value !== null) histogram.observe(labels, row.value * VITAL_HISTOGRAMS[vital!].scale);
        break;
      }
    }
  }
}
