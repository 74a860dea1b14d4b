// Display helpers shared by the coverage dashboard and the wall screen. Status is never colour alone: each one
// has a word and a glyph (from DejaVu/Liberation, which the wall's browser has; no emoji font needed).
import type { BadgeTone } from '@/components/ui/Badge';
import type { CoverageBoard, Dimension, DimensionKey } from '@/lib/coverage/board-types';
import { percent, STATUS_THRESHOLDS, type CoverageStatus } from '@/lib/coverage/report';

export const STATUS_LOOK: Record<CoverageStatus, { word: string; icon: string; tone: BadgeTone; text: string; dark: string; darkRing: string }> = {
  good: { word: 'Good', icon: '✓', tone: 'on', text: 'text-emerald-800', dark: 'text-emerald-300', darkRing: 'ring-emerald-400/60' },
  warning: { word: 'Warning', icon: '!', tone: 'warning', text: 'text-amber-800', dark: 'text-amber-300', darkRing: 'ring-amber-300/70' },
  poor: { word: 'Poor', icon: '✕', tone: 'critical', text: 'text-red-700', dark: 'text-red-300', darkRing: 'ring-red-400/70' },
};

export const NA_LOOK = { word: 'n/a', icon: '–', tone: 'neutral' as BadgeTone, text: 'text-slate-600', dark: 'text-slate-300', darkRing: 'ring-slate-500' };

export const lookOf = (status: CoverageStatus | null) => (status === null ? NA_LOOK : STATUS_LOOK[status]);

/** "87%" or "n/a"; whole percent rounded down (lib/coverage/report.ts), so 100% means nothing is missing. */
export const shownPercent = (ratio: number | null) => (ratio === null ? 'n/a' : `${percent(ratio)}%`);

export const THRESHOLD_NOTE = `good from ${percent(STATUS_THRESHOLDS.good)}%, warning from ${percent(STATUS_THRESHOLDS.warning)}%, poor below`;

export interface Change {
  /** ▲ / ▼ / = ; decorative, the text carries the direction too */
  arrow: string;
  text: string;
  direction: 'up' | 'down' | 'same' | 'unknown';
}

/** The 7-day change in whole percentage points ("+3 pts"), or "no history yet" without a snapshot to compare. */
export function changeOf(change7d: number | null): Change {
  if (change7d === null) return { arrow: '', text: 'no history yet', direction: 'unknown' };
  const points = Math.round(change7d * 100);
  if (points === 0) return { arrow: '=', text: 'no change in 7 days', direction: 'same' };
  return points > 0
    ? { arrow: '▲', text: `+${points} pts in 7 days`, direction: 'up' }
    : { arrow: '▼', text: `−${-points} pts in 7 days`, direction: 'down' };
}

/** covered/total, except for overall, which is a mean of ratios rather than a count. */
export function countsOf(d: Dimension): string | null {
  if (d.key === 'overall' || d.total === 0) return null;
  return `${d.covered.toLocaleString('en-US')} of ${d.total.toLocaleString('en-US')}`;
}

export function dimensionByKey(board: CoverageBoard): Map<DimensionKey, Dimension> {
  return new Map(board.dimensions.map((d) => [d.key, d]));
}

/** HH:MM:SS in UTC: the app shows one zone for everyone (see components/audit/audit-format.ts), and it keeps the
 * server render and the browser's equal. */
export const clockUtc = (at: Date | string | number) => new Date(at).toISOString().slice(11, 19);
export const dayTimeUtc = (at: Date | string | number) => `${new Date(at).toISOString().slice(0, 16).replace('T', ' ')} UTC`;

/** The trend's lines, one per dimension (DIMENSION_KEYS order): distinct hues and dash patterns, so lines differ
 * without colour too. Light: -700 shades on white; dark: -200/-300 shades on slate-900. */
export const LINE_STYLES: { light: string; dark: string; dash?: string }[] = [
  { light: '#4338ca', dark: '#a5b4fc' },
  { light: '#0369a1', dark: '#7dd3fc', dash: '8 4' },
  { light: '#a21caf', dark: '#f0abfc', dash: '2 4' },
  { light: '#c2410c', dark: '#fdba74', dash: '12 4 2 4' },
  { light: '#6d28d9', dark: '#c4b5fd', dash: '4 4' },
  { light: '#0f766e', dark: '#5eead4', dash: '16 6' },
  { light: '#be123c', dark: '#fda4af', dash: '1 3' },
  { light: '#4d7c0f', dark: '#bef264', dash: '10 3 3 3' },
  { light: '#a16207', dark: '#fde047', dash: '6 2' },
  { light: '#334155', dark: '#e2e8f0', dash: '14 4 4 4' },
];

export const DEFAULT_TREND_KEYS: DimensionKey[] = ['overall', 'discovery', 'alerts'];
