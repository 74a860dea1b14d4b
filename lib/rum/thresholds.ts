// Google's Web Vitals thresholds, judged at the 75th percentile (web.dev/articles/vitals): at or below `good` is
// good, above `poor` is poor, between is "needs improvement". The same numbers as web-vitals' *Thresholds exports,
// kept here so the server, which never loads web-vitals, rates values itself instead of trusting the client.
export const VITAL_NAMES = ['LCP', 'INP', 'CLS', 'FCP', 'TTFB'] as const;
export type VitalName = (typeof VITAL_NAMES)[number];
export type Rating = 'good' | 'needs-improvement' | 'poor';
export const RATINGS: readonly Rating[] = ['good', 'needs-improvement', 'poor'];

export const VITAL_THRESHOLDS: Record<VitalName, { good: number; poor: number; unit: 'ms' | '' ; label: string }> = {
  LCP: { good: 2500, poor: 4000, unit: 'ms', label: 'Largest Contentful Paint' },
  INP: { good: 200, poor: 500, unit: 'ms', label: 'Interaction to Next Paint' },
  CLS: { good: 0.1, poor: 0.25, unit: '', label: 'Cumulative Layout Shift' },
  FCP: { good: 1800, poor: 3000, unit: 'ms', label: 'First Contentful Paint' },
  TTFB: { good: 800, poor: 1800, unit: 'ms', label: 'Time to First Byte' },
};

export function rate(name: VitalName, value: number): Rating {
  const t = VITAL_THRESHOLDS[name];
  return value <= t.good ? 'good' : value <= t.poor ? 'needs-improvement' : 'poor';
}
