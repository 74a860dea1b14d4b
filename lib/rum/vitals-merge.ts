// Adds up the Web Vitals pages' histogram rows (vitals-queries.ts) into the groupings a page shows, without I/O:
// each row's counts and bucket array go into one sum per grouping key, and each sum becomes a StatRow whose p75 is
// estimated from the merged buckets. Bucket arrays arrive as text ('3,0,12'), read digit by digit here: several
// times cheaper than letting the driver build JavaScript arrays from PostgreSQL's int[] text.
import { emptyCounts, type RollupCounts } from './rollup';
import { statFromCounts, type StatRow } from './vitals-shape';

/** One rollup row (or the rollup of raw events) of one period, page, device and metric. */
export interface HistogramRow {
  /** 'YYYY-MM-DDTHH:00' or 'YYYY-MM-DD' */
  slot: string;
  page: string;
  device: string;
  metric: string;
  count: number;
  good: number;
  needsImprovement: number;
  poor: number;
  sum: number;
  /** bucket counts, comma-separated; '' for kinds without values */
  buckets: string;
}

/** Which key a row adds to in one grouping; null leaves the row out of it. */
export type Grouping = (row: HistogramRow) => string | null;

function addCounts(into: RollupCounts, row: HistogramRow): void {
  into.count += row.count;
  into.good += row.good;
  into.needsImprovement += row.needsImprovement;
  into.poor += row.poor;
  into.sum += row.sum;
}

/**
 * Adds the bucket counts of `text` ('3,0,12') into every array of `into`, reading the digits in place: a 24-hour
 * overview holds about 1.5 million of them, and split() plus Number() cost three times as much.
 */
function addBucketText(text: string, into: number[][]): void {
  let index = 0;
  let n = 0;
  const put = () => {
    for (const b of into) {
      while (b.length <= index) b.push(0);
      b[index]! += n;
    }
  };
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 44 /* , */) {
      if (n !== 0) put();
      index++;
      n = 0;
    } else {
      n = n * 10 + (c - 48);
    }
  }
  if (text.length > 0 && n !== 0) put();
}

/** One list of StatRows per grouping, keyed by the grouping's key and the row's metric. */
export function mergeRows(rows: readonly HistogramRow[], groupings: readonly Grouping[]): StatRow[][] {
  const sums = groupings.map(() => new Map<string, { key: string; metric: string; counts: RollupCounts }>());
  const targets: number[][] = [];
  for (const row of rows) {
    targets.length = 0;
    groupings.forEach((groupOf, g) => {
      const key = groupOf(row);
      if (key === null) return;
      const id = `${key}\u0000${row.metric}`;
      let sum = sums[g]!.get(id);
      if (!sum) sums[g]!.set(id, (sum = { key, metric: row.metric, counts: emptyCounts() }));
      addCounts(sum.counts, row);
      targets.push(sum.counts.buckets);
    });
    if (targets.length > 0) addBucketText(row.buckets, targets);
  }
  return sums.map((m) => [...m.values()].map((s) => statFromCounts(s.key, s.metric, s.counts)));
}
