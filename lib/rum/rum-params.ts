// The URL parameters of the RUM pages (Web Vitals, a page's detail, Errors, Unknown pages): parsed against fixed
// choices, with a message for each one that was not understood (the page then uses the default). Pure.
import type { Beacon } from './beacon';
import { addDays, DAY_MS, HOUR_MS, startOfUtcDay, startOfUtcHour } from './settings';

export type SearchParams = Record<string, string | string[] | undefined>;

export const RANGES = {
  '24h': { label: 'Last 24 hours', days: 1 },
  '7d': { label: 'Last 7 days', days: 7 },
  '30d': { label: 'Last 30 days', days: 30 },
  '90d': { label: 'Last 90 days', days: 90 },
} as const;
export type RangeKey = keyof typeof RANGES;
export const RANGE_KEYS = Object.keys(RANGES) as RangeKey[];
/** Errors are grouped from raw events only, so their ranges stop at the usual retention. */
export const ERROR_RANGE_KEYS: RangeKey[] = ['24h', '7d', '30d'];

export type Device = Beacon['device'];
export const DEVICES: readonly Device[] = ['mobile', 'tablet', 'desktop'];
export type DeviceFilter = 'all' | Device;
export const DEVICE_FILTERS: readonly DeviceFilter[] = ['all', ...DEVICES];

export type ErrorKindFilter = 'all' | 'error' | 'fetch';
export const ERROR_KINDS: readonly ErrorKindFilter[] = ['all', 'error', 'fetch'];

export interface VitalsParams {
  range: RangeKey;
  device: DeviceFilter;
}

export interface ErrorsParams {
  range: RangeKey;
  kind: ErrorKindFilter;
  /** only this registered page (or raw path of an unknown page) */
  page: string | null;
}

export interface Parsed<T> {
  params: T;
  problems: string[];
}

const MAX_PATH = 1024;

function single(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function choice<T extends string>(sp: SearchParams, key: string, allowed: readonly T[], fallback: T, what: string, problems: string[]): T {
  const raw = single(sp, key);
  if (raw === undefined) return fallback;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`Unknown ${what} "${raw.slice(0, 40)}". Choose one of: ${allowed.join(', ')}.`);
  return fallback;
}

export function parseVitalsParams(sp: SearchParams): Parsed<VitalsParams> {
  const problems: string[] = [];
  const range = choice(sp, 'range', RANGE_KEYS, '7d', 'range', problems);
  const device = choice(sp, 'device', DEVICE_FILTERS, 'all', 'device class', problems);
  return { params: { range, device }, problems };
}

/** A page pattern or path from the address: must look like one, else it is ignored with a message. */
export function parsePagePath(sp: SearchParams, key: string, problems: string[]): string | null {
  const raw = single(sp, key);
  if (raw === undefined) return null;
  if (raw.startsWith('/') && raw.length <= MAX_PATH) return raw;
  problems.push(`"${key}" must be a path starting with / (at most ${MAX_PATH} characters).`);
  return null;
}

/** An app name as beacons carry it (lib/rum/beacon.ts), or null. */
export function parseAppParam(sp: SearchParams, problems: string[]): string | null {
  const raw = single(sp, 'app');
  if (raw === undefined) return null;
  if (/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/.test(raw)) return raw;
  problems.push('"app" must be an app name: 1-64 letters, digits, dots, dashes or underscores.');
  return null;
}

export function parseErrorsParams(sp: SearchParams): Parsed<ErrorsParams> {
  const problems: string[] = [];
  const range = choice(sp, 'range', ERROR_RANGE_KEYS, '7d', 'range', problems);
  const kind = choice(sp, 'kind', ERROR_KINDS, 'all', 'kind', problems);
  const page = parsePagePath(sp, 'page', problems);
  return { params: { range, kind, page }, problems };
}

/** The address of a page with some parameters changed; defaults are left out so links stay short. */
export function rumHref(base: string, params: Record<string, string | null | undefined>, defaults: Record<string, string> = {}): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) if (v !== null && v !== undefined && v !== '' && defaults[k] !== v) q.set(k, v);
  const s = q.toString();
  return s ? `${base}?${s}` : base;
}

export const VITALS_DEFAULTS = { range: '7d', device: 'all' } as const;
export const ERRORS_DEFAULTS = { range: '7d', kind: 'all' } as const;

export interface TimeWindow {
  from: Date;
  to: Date;
  /** the trend's step, and the rollup rows the window is read from (RumHourly / RumDaily) */
  granularity: 'hour' | 'day';
}

/**
 * The Web Vitals window a range covers at `now`, aligned to the rollups' periods: 24 hours = the 24 whole UTC hours
 * before the current one plus the current one so far; N days = the N - 1 whole UTC days before today plus today so far.
 */
export function timeWindow(range: RangeKey, now: Date): TimeWindow {
  const days = RANGES[range].days;
  if (days === 1) return { from: new Date(startOfUtcHour(now).getTime() - 24 * HOUR_MS), to: now, granularity: 'hour' };
  return { from: addDays(startOfUtcDay(now), -(days - 1)), to: now, granularity: 'day' };
}

/** The Errors page's window: exactly the last N days up to `now` (raw events only, no rollups). */
export function rawWindow(range: RangeKey, now: Date): { from: Date; to: Date } {
  return { from: addDays(now, -RANGES[range].days), to: now };
}

/** Every hour or day slot of a window, as the keys the queries group by ('YYYY-MM-DDTHH:00' / 'YYYY-MM-DD'). */
export function windowSlots(w: TimeWindow): string[] {
  const step = w.granularity === 'hour' ? HOUR_MS : DAY_MS;
  const first = (w.granularity === 'hour' ? startOfUtcHour(w.from) : startOfUtcDay(w.from)).getTime();
  const slots: string[] = [];
  for (let t = first; t <= w.to.getTime(); t += step) slots.push(slotKey(new Date(t), w.granularity));
  return slots;
}

export function slotKey(at: Date, granularity: 'hour' | 'day'): string {
  const iso = at.toISOString();
  return granularity === 'hour' ? `${iso.slice(0, 13)}:00` : iso.slice(0, 10);
}
