// The fixed log-spaced histogram behind RumDaily.buckets: its bucket numbering (the same as PostgreSQL's
// width_bucket), and how close a p75 read back from the buckets comes to the exact one.
import { describe, expect, it } from 'vitest';
import { BUCKET_BOUNDARIES, BUCKET_RATIO, bucketOf, bucketRange, histogramOf, mergeBuckets, percentileFromBuckets } from '@/lib/rum/histogram';
import { VITAL_NAMES, VITAL_THRESHOLDS } from '@/lib/rum/thresholds';
import { logNormal, seededRandom } from '../helpers/rum-seed';

/** percentile_cont: linear between the order statistics around q * (n - 1) */
function exact(values: number[], q: number): number {
  const s = [...values].sort((a, b) => a - b);
  const rank = q * (s.length - 1);
  const lo = Math.floor(rank);
  return s[lo]! + (s[Math.min(lo + 1, s.length - 1)]! - s[lo]!) * (rank - lo);
}

describe('bucket layout', () => {
  it('spaces boundaries by a constant ratio and covers every threshold with room above "poor"', () => {
    for (const m of VITAL_NAMES) {
      const b = BUCKET_BOUNDARIES[m];
      for (let i = 1; i < b.length; i++) expect(b[i]! / b[i - 1]!).toBeCloseTo(BUCKET_RATIO, 12);
      expect(b.at(-1)!).toBeGreaterThan(VITAL_THRESHOLDS[m].poor * 4);
      expect(b.length).toBeLessThan(320);
    }
  });

  it('numbers buckets as width_bucket does: below the first boundary is 0, a boundary starts its bucket', () => {
    const b = BUCKET_BOUNDARIES.LCP;
    expect(bucketOf('LCP', 0)).toBe(0);
    expect(bucketOf('LCP', b[0]! * 0.999)).toBe(0);
    expect(bucketOf('LCP', b[0]!)).toBe(1);
    expect(bucketOf('LCP', b[10]!)).toBe(11);
    expect(bucketOf('LCP', b[10]! * (1 - 1e-12))).toBe(10);
    expect(bucketOf('LCP', 3_600_000)).toBe(b.length);
    expect(bucketRange('LCP', 11)).toEqual([b[10], b[11]]);
    expect(bucketRange('LCP', b.length)).toEqual([b.at(-1), Infinity]);
  });
});

describe('p75 from the buckets', () => {
  it('is within 2 % of the exact p75 for latency-shaped data of every metric', () => {
    const random = seededRandom(11);
    for (const m of VITAL_NAMES) {
      for (const median of m === 'CLS' ? [0.01, 0.08, 0.3] : [80, 700, 2500, 9000]) {
        const values = Array.from({ length: 5000 }, () => logNormal(random, median, 0.7));
        const est = percentileFromBuckets(m, histogramOf(m, values), 0.75)!;
        const real = exact(values, 0.75);
        expect(Math.abs(est - real) / real, `${m} around ${median}`).toBeLessThan(0.02);
      }
    }
  });

  it('stays inside the bucket of the true value however few or lumpy the samples are', () => {
    for (const v of [1.5, 199, 200, 2500, 2501, 3999.9, 45_000]) {
      const est = percentileFromBuckets('INP', histogramOf('INP', [v, v, v]), 0.75)!;
      expect(Math.abs(est - v) / v).toBeLessThan(BUCKET_RATIO - 1);
    }
    // mostly zero layout shift: the estimate stays below the first boundary
    const cls = percentileFromBuckets('CLS', histogramOf('CLS', [0, 0, 0, 0, 0.2]), 0.75)!;
    expect(cls).toBeLessThan(BUCKET_BOUNDARIES.CLS[0]!);
    // past the last boundary: its lower edge, never Infinity
    expect(percentileFromBuckets('LCP', histogramOf('LCP', [3_000_000]), 0.75)).toBe(BUCKET_BOUNDARIES.LCP.at(-1));
    expect(percentileFromBuckets('LCP', [], 0.75)).toBeNull();
    expect(percentileFromBuckets('LCP', [0, 0, 0], 0.75)).toBeNull();
  });

  it('merges days element-wise, so the merged p75 is the p75 of all the values', () => {
    const random = seededRandom(5);
    const a = Array.from({ length: 3000 }, () => logNormal(random, 900));
    const b = Array.from({ length: 1000 }, () => logNormal(random, 4000));
    const merged = mergeBuckets(histogramOf('LCP', a), histogramOf('LCP', b));
    expect(merged).toEqual(histogramOf('LCP', [...a, ...b]));
    expect(mergeBuckets([1], [0, 0, 2])).toEqual([1, 0, 2]);
    const real = exact([...a, ...b], 0.75);
    expect(Math.abs(percentileFromBuckets('LCP', merged, 0.75)! - real) / real).toBeLessThan(0.02);
  });

  it('reads other quantiles too (the median)', () => {
    const values = Array.from({ length: 1001 }, (_, i) => 100 + i);
    expect(Math.abs(percentileFromBuckets('TTFB', histogramOf('TTFB', values), 0.5)! - 600) / 600).toBeLessThan(0.02);
  });
});
