// Fixed, log-spaced histogram buckets per Web Vital, so a percentile survives the raw events: RumDaily.buckets holds
// the counts, and summing arrays merges days, devices and pages. Pure.
//
// Layout of one metric: boundaries b1 < b2 < ... < bn with b(k+1) = b(k) * RATIO.
//   bucket 0 = [0, b1), bucket k = [bk, b(k+1)), bucket n = [bn, infinity)
// PostgreSQL's width_bucket(value, boundaries) numbers buckets exactly the same way, so the rollup SQL and this file
// agree to the bit (both compare against the same float8 array; no logarithms on either side).
// With RATIO 1.04 a bucket spans 4 %, and interpolating inside it keeps a p75 estimate within about 2 %.
import type { VitalName } from './thresholds';

export const BUCKET_RATIO = 1.04;

interface Span {
  /** upper edge of bucket 0 */
  first: number;
  /** the last boundary is the first one at or above this */
  last: number;
}

// Milliseconds from 1 ms to 2 minutes; CLS from 0.001 (layout shift below that is invisible) to 20.
const SPANS: Record<VitalName, Span> = {
  LCP: { first: 1, last: 120_000 },
  INP: { first: 1, last: 120_000 },
  FCP: { first: 1, last: 120_000 },
  TTFB: { first: 1, last: 120_000 },
  CLS: { first: 0.001, last: 20 },
};

function boundariesOf({ first, last }: Span): number[] {
  const out: number[] = [];
  for (let k = 0; ; k++) {
    const b = first * BUCKET_RATIO ** k;
    out.push(b);
    if (b >= last) return out;
  }
}

/** Each metric's boundaries (b1..bn); bucket count = length + 1. */
export const BUCKET_BOUNDARIES: Record<VitalName, readonly number[]> = {
  LCP: boundariesOf(SPANS.LCP),
  INP: boundariesOf(SPANS.INP),
  CLS: boundariesOf(SPANS.CLS),
  FCP: boundariesOf(SPANS.FCP),
  TTFB: boundariesOf(SPANS.TTFB),
};

/** The bucket a value falls in (as PostgreSQL's width_bucket(value, boundaries)): the count of boundaries <= value. */
export function bucketOf(metric: VitalName, value: number): number {
  const b = BUCKET_BOUNDARIES[metric];
  let lo = 0;
  let hi = b.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (b[mid]! <= value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** [lower, upper) of a bucket; the last one is open (upper = Infinity). */
export function bucketRange(metric: VitalName, index: number): [number, number] {
  const b = BUCKET_BOUNDARIES[metric];
  return [index === 0 ? 0 : b[index - 1]!, index >= b.length ? Infinity : b[index]!];
}

/** Counts per bucket of a list of values, trailing empty buckets dropped (what the rollup stores). */
export function histogramOf(metric: VitalName, values: Iterable<number>): number[] {
  const counts: number[] = [];
  for (const v of values) {
    const i = bucketOf(metric, v);
    while (counts.length <= i) counts.push(0);
    counts[i]!++;
  }
  return counts;
}

/** Element-wise sum; arrays may differ in length (trailing zeros are not stored). */
export function mergeBuckets(into: number[], add: readonly number[]): number[] {
  for (let i = 0; i < add.length; i++) {
    while (into.length <= i) into.push(0);
    into[i]! += add[i]!;
  }
  return into;
}

/**
 * The q-quantile (0..1) estimated from bucket counts, or null for an empty histogram. The rank falls in one bucket;
 * inside it values are taken as spread evenly on the log scale (they are, roughly, for latencies), linearly in
 * bucket 0, and the open last bucket answers its lower edge.
 */
export function percentileFromBuckets(metric: VitalName, buckets: readonly number[], q: number): number | null {
  const total = buckets.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const target = q * total;
  let before = 0;
  for (let i = 0; i < buckets.length; i++) {
    const n = buckets[i]!;
    if (n === 0 || before + n < target) {
      before += n;
      continue;
    }
    const fraction = Math.min(1, Math.max(0, (target - before) / n));
    const [lo, hi] = bucketRange(metric, i);
    if (hi === Infinity) return lo;
    if (lo === 0) return hi * fraction;
    return lo * (hi / lo) ** fraction;
  }
  // only reachable through rounding at q = 1: the top non-empty bucket's upper edge
  const top = buckets.findLastIndex((n) => n > 0);
  const [lo, hi] = bucketRange(metric, top);
  return hi === Infinity ? lo : hi;
}
