// Real-user monitoring settings from the environment, and the time arithmetic both the maintenance job and the
// pages use (UTC days throughout: one zone for everyone, as elsewhere in the app). Pure.
export type Env = Record<string, string | undefined>;

export const DEFAULT_RETENTION_DAYS = 30;
export const DEFAULT_MAINTENANCE_INTERVAL_MINUTES = 60;
export const DEFAULT_ROLLUP_TICK_SECONDS = 60;
export const DAY_MS = 24 * 60 * 60 * 1000;
export const HOUR_MS = 60 * 60 * 1000;

export interface Setting {
  value: number;
  /** set when the variable was nonsense and the default was used */
  problem?: string;
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, meaning: string): Setting {
  const raw = env[name]?.trim();
  if (!raw) return { value: fallback };
  const n = Number(raw);
  if (Number.isInteger(n) && n >= min) return { value: n };
  return { value: fallback, problem: `${name} must be a whole number ${meaning}, got ${JSON.stringify(raw)}; using ${fallback}` };
}

/** RUM_RETENTION_DAYS: how many whole days of raw events to keep (at least 2, so yesterday's late beacons still roll up). */
export function retentionDays(env: Env = process.env): Setting {
  return wholeNumber(env, 'RUM_RETENTION_DAYS', DEFAULT_RETENTION_DAYS, 2, 'of days, at least 2');
}

/** RUM_MAINTENANCE_INTERVAL_MINUTES: how often rollups and retention run; 0 turns the schedule off. */
export function maintenanceIntervalMinutes(env: Env = process.env): Setting {
  return wholeNumber(env, 'RUM_MAINTENANCE_INTERVAL_MINUTES', DEFAULT_MAINTENANCE_INTERVAL_MINUTES, 0, 'of minutes (0 = off)');
}

/** RUM_ROLLUP_TICK_SECONDS: how often the recent hours are rolled up between maintenance runs; 0 turns it off. */
export function rollupTickSeconds(env: Env = process.env): Setting {
  return wholeNumber(env, 'RUM_ROLLUP_TICK_SECONDS', DEFAULT_ROLLUP_TICK_SECONDS, 0, 'of seconds (0 = off)');
}

/** 00:00 UTC of the day `at` falls in. */
export function startOfUtcDay(at: Date): Date {
  return new Date(Date.UTC(at.getUTCFullYear(), at.getUTCMonth(), at.getUTCDate()));
}

/** The start of the UTC hour `at` falls in. */
export function startOfUtcHour(at: Date): Date {
  return new Date(Math.floor(at.getTime() / HOUR_MS) * HOUR_MS);
}

/** 'YYYY-MM-DD' (UTC) */
export function dayKey(at: Date): string {
  return at.toISOString().slice(0, 10);
}

export function addDays(at: Date, days: number): Date {
  return new Date(at.getTime() + days * DAY_MS);
}

/** Raw events before this instant may go (once their day is rolled up): the start of the day `retention` days ago. */
export function rawCutoff(now: Date, retention: number): Date {
  return addDays(startOfUtcDay(now), -retention);
}
