// The RUM pages' pure parts: rating at p75 and too-few-samples, page and trend shaping, URL parameters and time
// windows, the Unknown pages list and its Register link, error titles, and the value formatting.
import { describe, expect, it } from 'vitest';
import { formatVital, niceCeil } from '@/components/rum/vital-format';
import { errorGroupsFrom, errorTitle, type ErrorGroupRow, type ErrorSample } from '@/lib/rum/errors-shape';
import { parseAppParam, parseErrorsParams, parseVitalsParams, rawWindow, rumHref, timeWindow, VITALS_DEFAULTS, windowSlots } from '@/lib/rum/rum-params';
import { registerPageHref, suggestName, suggestPattern, unknownPagesFrom, type PathRow } from '@/lib/rum/unknown-pages-shape';
import { figureOf, MIN_SAMPLES, pageVitalsFrom, trendFrom, type StatRow } from '@/lib/rum/vitals-shape';
import { checkDraft, prefillDraft } from '@/lib/registry/entry-draft';

const stat = (key: string, metric: string, samples: number, p75: number | null, extra: Partial<StatRow> = {}): StatRow => ({
  key, metric, samples, p75, good: samples, needsImprovement: 0, poor: 0, estimate: 0, ...extra,
});

describe('figures', () => {
  it('judges p75 against the thresholds, inclusive of "good" and "poor"', () => {
    expect(figureOf('LCP', stat('', 'LCP', 50, 2500)).rating).toBe('good');
    expect(figureOf('LCP', stat('', 'LCP', 50, 2501)).rating).toBe('needs-improvement');
    expect(figureOf('LCP', stat('', 'LCP', 50, 4000)).rating).toBe('needs-improvement');
    expect(figureOf('LCP', stat('', 'LCP', 50, 4001)).rating).toBe('poor');
    expect(figureOf('CLS', stat('', 'CLS', 50, 0.1)).rating).toBe('good');
  });

  it(`shows no p75 below ${MIN_SAMPLES} samples, but still the shares`, () => {
    const few = figureOf('INP', stat('', 'INP', MIN_SAMPLES - 1, 90, { good: 9, needsImprovement: 6, poor: 4 }));
    expect(few).toMatchObject({ enough: false, p75: null, rating: null, samples: 19 });
    expect(few.shares.poor).toBeCloseTo(4 / 19);
    expect(figureOf('INP', stat('', 'INP', MIN_SAMPLES, 90)).enough).toBe(true);
    expect(figureOf('INP', undefined)).toMatchObject({ samples: 0, enough: false, shares: { good: 0, 'needs-improvement': 0, poor: 0 } });
  });

  it('lists measured pages most viewed first and the rest apart', () => {
    const pages = [
      { path: '/a', name: 'A', webVitals: true },
      { path: '/b', name: 'B', webVitals: true },
      { path: '/c', name: 'C', webVitals: false },
      { path: '/d', name: 'D', webVitals: true },
    ];
    const rows = [stat('/a', 'pageview', 10, null, { estimate: 10 }), stat('/b', 'pageview', 5, null, { estimate: 40.4 }), stat('/b', 'LCP', 30, 1200)];
    const { measured, unmeasured } = pageVitalsFrom(pages, rows);
    expect(measured.map((p) => [p.path, p.views])).toEqual([['/b', 40], ['/a', 10]]);
    expect(measured[0]!.metrics.LCP.p75).toBe(1200);
    expect(unmeasured.map((p) => p.path)).toEqual(['/d', '/c']);
  });

  it('gives every slot of the trend a point, null where too few samples', () => {
    const trend = trendFrom([stat('2026-06-14', 'LCP', 30, 1000), stat('2026-06-15', 'LCP', 3, 9000)], ['2026-06-13', '2026-06-14', '2026-06-15']);
    expect(trend.find((s) => s.metric === 'LCP')!.points).toEqual([
      { slot: '2026-06-13', p75: null, samples: 0 },
      { slot: '2026-06-14', p75: 1000, samples: 30 },
      { slot: '2026-06-15', p75: null, samples: 3 },
    ]);
  });
});

describe('parameters and windows', () => {
  it('takes known choices and explains the rest', () => {
    expect(parseVitalsParams({ range: '30d', device: 'mobile' })).toEqual({ params: { range: '30d', device: 'mobile' }, problems: [] });
    const bad = parseVitalsParams({ range: '1y', device: ['phone'] });
    expect(bad.params).toEqual(VITALS_DEFAULTS);
    expect(bad.problems).toHaveLength(2);
    expect(parseErrorsParams({ range: '90d', kind: 'fetch', page: 'nope' })).toMatchObject({ params: { range: '7d', kind: 'fetch', page: null } });
    expect(parseErrorsParams({ page: '/services/[id]' }).params.page).toBe('/services/[id]');
    const problems: string[] = [];
    expect(parseAppParam({ app: 'awoooi-web' }, problems)).toBe('awoooi-web');
    expect(parseAppParam({ app: '../x' }, problems)).toBeNull();
    expect(problems).toHaveLength(1);
  });

  it('leaves defaults out of links', () => {
    expect(rumHref('/web-vitals', { range: '7d', device: 'all' }, VITALS_DEFAULTS)).toBe('/web-vitals');
    expect(rumHref('/web-vitals/page', { path: '/services/[id]', range: '90d', device: 'all' }, VITALS_DEFAULTS)).toBe('/web-vitals/page?path=%2Fservices%2F%5Bid%5D&range=90d');
  });

  it('aligns windows to the rollups: whole UTC hours for 24 hours, whole UTC days (today so far included) for days', () => {
    const now = new Date('2026-06-15T12:30:00Z');
    expect(timeWindow('24h', now)).toEqual({ from: new Date('2026-06-14T12:00:00Z'), to: now, granularity: 'hour' });
    expect(timeWindow('7d', now)).toEqual({ from: new Date('2026-06-09T00:00:00Z'), to: now, granularity: 'day' });
    expect(timeWindow('30d', now).from).toEqual(new Date('2026-05-17T00:00:00Z'));
    expect(timeWindow('90d', now).from).toEqual(new Date('2026-03-18T00:00:00Z'));
    expect(windowSlots(timeWindow('24h', now))).toHaveLength(25);
    expect(windowSlots(timeWindow('24h', now))[0]).toBe('2026-06-14T12:00');
    expect(windowSlots(timeWindow('24h', now)).at(-1)).toBe('2026-06-15T12:00');
    expect(windowSlots(timeWindow('7d', now))).toEqual(['2026-06-09', '2026-06-10', '2026-06-11', '2026-06-12', '2026-06-13', '2026-06-14', '2026-06-15']);
    expect(windowSlots(timeWindow('90d', now))).toHaveLength(90);
    // on the hour: the current hour is a slot of its own from its first millisecond
    expect(windowSlots(timeWindow('24h', new Date('2026-06-15T12:00:00Z'))).at(-1)).toBe('2026-06-15T12:00');
  });

  it('gives the Errors page exactly the last N days', () => {
    const now = new Date('2026-06-15T12:30:00Z');
    expect(rawWindow('7d', now)).toEqual({ from: new Date('2026-06-08T12:30:00Z'), to: now });
  });
});

describe('unknown pages', () => {
  const at = new Date('2026-06-15T00:00:00Z');
  const row = (app: string, path: string, hits: number): PathRow => ({ app, path, hits, firstSeenAt: at, lastSeenAt: at });

  it('keeps only paths no current pattern matches, most hits first, bounded, per app', () => {
    const list = unknownPagesFrom(
      [row('web', '/services/1', 5), row('web', '/x', 9), row('web', '/docs/a/b', 2), row('admin', '/y', 7), row('web', '/z', 1)],
      ['/services/[id]', '/docs/[[...slug]]'],
      { limit: 2 },
    );
    expect(list.rows.map((r) => r.path)).toEqual(['/x', '/y']);
    expect(list.total).toBe(3);
    expect(list.rest).toEqual({ paths: 1, hits: 1 });
    expect(list.apps).toEqual([{ app: 'web', paths: 2, hits: 10 }, { app: 'admin', paths: 1, hits: 7 }]);
    expect(unknownPagesFrom([row('web', '/x', 1), row('admin', '/y', 1)], [], { app: 'admin' }).rows.map((r) => r.path)).toEqual(['/y']);
  });

  it('proposes a route pattern and a name for registering', () => {
    expect(suggestPattern('/services/42/logs')).toBe('/services/[id]/logs');
    expect(suggestPattern('/orgs/9/users/3f2a0c9e-1b2d-4c3e-8f9a-0b1c2d3e4f5a')).toBe('/orgs/[id]/users/[id2]');
    expect(suggestPattern('/blog/hello-world')).toBe('/blog/hello-world');
    expect(suggestPattern('/')).toBe('/');
    expect(suggestName('/billing/open-invoices/[id]')).toBe('Billing open invoices detail');
    expect(suggestName('/')).toBe('Home');
    const href = registerPageHref('/teams/[id]');
    expect(href).toBe('/pages/new?path=%2Fteams%2F%5Bid%5D&name=Teams+detail');
  });

  it('opens the new-page form prefilled, Web Vitals on, valid as it stands', () => {
    const params = Object.fromEntries(new URL(registerPageHref('/teams/[id]'), 'http://x').searchParams);
    const draft = prefillDraft('pages', params)!;
    expect(draft).toMatchObject({ path: '/teams/[id]', name: 'Teams detail', web_vitals: true, sentry_session: false });
    expect(checkDraft('pages', draft, { ownerNames: [], templateKeys: [] }).ok).toBe(true);
  });
});

describe('errors', () => {
  const sample = (over: Partial<ErrorSample>): ErrorSample => ({ id: 1n, app: 'web', path: '/', message: null, stack: null, method: null, url: null, status: null, value: null, ...over });

  it('titles an error by its first line and a fetch by request and outcome', () => {
    expect(errorTitle('error', sample({ message: 'TypeError: x\n  more' }), 'fp')).toBe('TypeError: x');
    expect(errorTitle('error', sample({ message: '' }), 'fp')).toBe('(no message)');
    expect(errorTitle('fetch', sample({ method: 'POST', url: '/api/x', status: 502 }), 'fp')).toBe('POST /api/x → HTTP 502');
    expect(errorTitle('fetch', sample({ method: 'GET', url: '/api/x', status: 0 }), 'fp')).toMatch(/no response/);
    expect(errorTitle('error', null, 'error boom')).toBe('error boom');
  });

  it('rounds the sampled estimates and attaches the sample', () => {
    const row: ErrorGroupRow = {
      fingerprint: 'f', kind: 'error', place: '/', unknown: false, estimate: 5.9, viewsEstimate: 3.6,
      firstSeenAt: new Date(0), lastSeenAt: new Date(1), sampleId: 7n,
    };
    const [g] = errorGroupsFrom([row], [sample({ id: 7n, message: 'boom' })]);
    expect(g).toMatchObject({ count: 6, views: 4, title: 'boom' });
  });
});

describe('formatting', () => {
  it('shows milliseconds, seconds and CLS, with a decimal more where rounding would hide a threshold crossing', () => {
    expect(formatVital('INP', 180.4)).toBe('180 ms');
    expect(formatVital('INP', 200.3)).toBe('200.3 ms');
    expect(formatVital('LCP', 2345)).toBe('2.35 s');
    expect(formatVital('LCP', 2503)).toBe('2.503 s');
    expect(formatVital('LCP', 2500)).toBe('2.50 s');
    expect(formatVital('LCP', 12_345)).toBe('12.3 s');
    expect(formatVital('CLS', 0.0812)).toBe('0.08');
    expect(formatVital('CLS', 0.2512)).toBe('0.251');
  });

  it('rounds chart tops to readable numbers', () => {
    expect(niceCeil(4800)).toBe(5000);
    expect(niceCeil(5100)).toBe(6000);
    expect(niceCeil(0.3)).toBe(0.3);
    expect(niceCeil(0.31)).toBe(0.4);
  });
});
