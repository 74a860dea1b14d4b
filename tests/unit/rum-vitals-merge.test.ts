// mergeRows: the Web Vitals pages' histogram rows added up per grouping, bucket text read digit by digit.
import { describe, expect, it } from 'vitest';
import { histogramOf, percentileFromBuckets } from '@/lib/rum/histogram';
import { mergeRows, type HistogramRow } from '@/lib/rum/vitals-merge';

const row = (over: Partial<HistogramRow>): HistogramRow => ({
  slot: '2026-06-15', page: '/a', device: 'desktop', metric: 'LCP', count: 0, good: 0, needsImprovement: 0, poor: 0, sum: 0, buckets: '', ...over,
});

describe('mergeRows', () => {
  it('adds bucket arrays of different lengths element-wise, multi-digit counts and zeros included', () => {
    const [all] = mergeRows(
      [row({ count: 13, buckets: '0,10,3' }), row({ count: 1207, buckets: '1200,0,0,0,7' }), row({ count: 0, buckets: '' })],
      [() => ''],
    );
    expect(all).toHaveLength(1);
    expect(all![0]!.samples).toBe(1220);
    // p75 of the merged counts [1200, 10, 3, 0, 7]
    expect(all![0]!.p75).toBe(percentileFromBuckets('LCP', [1200, 10, 3, 0, 7], 0.75));
  });

  it('gives each grouping its own sums, and leaves rows out where a grouping says null', () => {
    const lcp = [1200, 2600, 900, 4100, 2500, 2501, 3999, 4001];
    const rows = lcp.map((v, i) =>
      row({ page: i % 2 ? '/a' : '/b', device: i < 4 ? 'mobile' : 'desktop', count: 1, good: v <= 2500 ? 1 : 0, poor: v > 4000 ? 1 : 0, buckets: histogramOf('LCP', [v]).join(',') }),
    );
    rows.push(row({ metric: 'pageview', count: 4, sum: 6.5, page: '/a' }));
    const [byPage, mobileOnly] = mergeRows(rows, [(r) => r.page, (r) => (r.device === 'mobile' ? 'm' : null)]);
    const a = byPage!.find((s) => s.key === '/a' && s.metric === 'LCP')!;
    const aValues = lcp.filter((_, i) => i % 2);
    expect(a).toMatchObject({ samples: 4, good: aValues.filter((v) => v <= 2500).length, poor: aValues.filter((v) => v > 4000).length });
    expect(a.p75).toBe(percentileFromBuckets('LCP', histogramOf('LCP', aValues), 0.75));
    expect(byPage!.find((s) => s.key === '/a' && s.metric === 'pageview')).toMatchObject({ samples: 4, estimate: 6.5, p75: null });
    expect(mobileOnly!.map((s) => [s.key, s.metric, s.samples])).toEqual([['m', 'LCP', 4]]);
    expect(mobileOnly![0]!.p75).toBe(percentileFromBuckets('LCP', histogramOf('LCP', lcp.slice(0, 4)), 0.75));
  });
});
