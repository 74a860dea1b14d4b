// How the SLO page writes its numbers. Pure, shared by the server table and the client chart.
import type { SloRow } from '@/lib/slo/slo-rows';

/** A share as a percentage with `digits` decimals, trailing zeros dropped: 0.994708 -> "99.471 %". */
export function percent(ratio: number, digits = 3): string {
  let text = (ratio * 100).toFixed(digits);
  if (text.includes('.')) text = text.replace(/0+$/, '').replace(/\.$/, ''); // only decimals: 50 stays 50
  return `${text === '-0' ? '0' : text.replace('-', '−')} %`;
}

/** 4 -> "4.00×", 14.4 -> "14.4×": two significant decimals where they matter. */
export function burn(rate: number): string {
  return `${rate >= 10 ? rate.toFixed(1) : rate.toFixed(2)}×`;
}

/** What the endpoint promises, in words. */
export function targetText(row: Pick<SloRow, 'kind' | 'objectivePercent' | 'thresholdMs'>): string {
  if (row.kind === null || row.objectivePercent === null) return 'no SLO set';
  const objective = `${+row.objectivePercent.toPrecision(12)} %`;
  return row.kind === 'availability' ? `${objective} of requests succeed` : `${objective} faster than ${row.thresholdMs} ms`;
}

export function chartHref(id: string): string {
  return `/slo?chart=${encodeURIComponent(id)}#slo-chart`;
}

export function dateTime(ms: number): string {
  return new Date(ms).toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
}
