// Display helpers of the RUM pages. A rating is never colour alone: each has a word and a glyph too.
import type { BadgeTone } from '@/components/ui/Badge';
import { RANGES, type DeviceFilter } from '@/lib/rum/rum-params';
import { VITAL_THRESHOLDS, type Rating, type VitalName } from '@/lib/rum/thresholds';
import { MIN_SAMPLES } from '@/lib/rum/vitals-shape';

export const RATING_LOOK: Record<Rating, { word: string; icon: string; tone: BadgeTone; bar: string; text: string }> = {
  good: { word: 'Good', icon: '✓', tone: 'on', bar: 'bg-emerald-600', text: 'text-emerald-800' },
  'needs-improvement': { word: 'Needs improvement', icon: '!', tone: 'warning', bar: 'bg-amber-400', text: 'text-amber-900' },
  poor: { word: 'Poor', icon: '✕', tone: 'critical', bar: 'bg-red-600', text: 'text-red-700' },
};

/** 850 ms, 2.35 s; CLS as a plain number with two decimals. One more decimal when rounding would make a value
 * look equal to a threshold it is actually past (0.2512 shown as 0.25 next to "poor > 0.25"). */
export function formatVital(metric: VitalName, value: number): string {
  const t = VITAL_THRESHOLDS[metric];
  const misleading = (shown: string, scale: number) => [t.good, t.poor].some((th) => Number(shown) * scale === th && value !== th);
  if (t.unit === '') {
    const two = value.toFixed(2);
    return misleading(two, 1) ? value.toFixed(3) : two;
  }
  if (value < 1000) return misleading(String(Math.round(value)), 1) ? `${value.toFixed(1)} ms` : `${Math.round(value)} ms`;
  const digits = value < 10_000 ? 2 : 1;
  const shown = (value / 1000).toFixed(digits);
  return `${misleading(shown, 1000) ? (value / 1000).toFixed(digits + 1) : shown} s`;
}

/** "good ≤ 2.50 s, poor > 4.00 s" */
export function thresholdNote(metric: VitalName): string {
  const t = VITAL_THRESHOLDS[metric];
  return `good ≤ ${formatVital(metric, t.good)}, poor > ${formatVital(metric, t.poor)}`;
}

export const fmtCount = (n: number) => Math.round(n).toLocaleString('en-US');

export const percentText = (share: number) => `${Math.round(share * 100)}%`;

export const TOO_FEW = `fewer than ${MIN_SAMPLES} samples`;

export const DEVICE_LABELS: Record<DeviceFilter, string> = { all: 'All devices', mobile: 'Mobile', tablet: 'Tablet', desktop: 'Desktop' };

/** What the figures cover and where they come from. */
export function windowNote(range: keyof typeof RANGES, device: DeviceFilter, retentionDays: number, rolledUntil: Date | null): string {
  const what = `${RANGES[range].label}, ${DEVICE_LABELS[device].toLowerCase()}: 75th percentiles estimated from histograms (within about 2 %).`;
  const source = rolledUntil
    ? `Rolled up through ${dateUtc(rolledUntil)}; events since then are read raw.`
    : 'Nothing rolled up yet: every figure is read from the raw events.';
  return `${what} ${source} Raw events are kept ${retentionDays} days, the daily rollups longer.`;
}

/** '2026-06-15' -> '06-15'; '2026-06-15T09:00' -> '09:00' */
export const slotLabel = (slot: string) => (slot.length > 10 ? slot.slice(11, 16) : slot.slice(5));

export const dateUtc = (at: Date) => `${at.toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The first of 1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8 times a power of ten at or above x: an axis top that reads well. */
export function niceCeil(x: number): number {
  if (!(x > 0)) return 1;
  const power = 10 ** Math.floor(Math.log10(x));
  return [1, 1.2, 1.5, 2, 2.5, 3, 4, 5, 6, 8, 10].map((m) => Number((m * power).toPrecision(12))).find((v) => v >= x * (1 - 1e-9)) ?? 10 * power;
}
