// The beacon the auto-monitoring client sends (lib/rum/client) and POST /api/v1/beacons accepts: the format, its
// limits, and its normalisation into rows for RumEvent. Pure. Version 1:
//
//   { "v": 1, "app": "awoooi-web", "view": "<random id of this page view>", "device": "mobile|tablet|desktop",
//     "rate": 1, "sent": <ms since epoch, client clock>,
//     "events": [
//       { "t": "pageview", "path": "/services/12", "at": <ms>, "nav": "load" | "route" },
//       { "t": "vital", "path": "/", "at": <ms>, "name": "LCP|INP|CLS|FCP|TTFB", "value": 1234.5 },
//       { "t": "error", "path": "/", "at": <ms>, "message": "...", "stack": "...", "source": "error|rejection" },
//       { "t": "fetch", "path": "/", "at": <ms>, "method": "GET", "url": "https://api/x", "status": 503, "ms": 120 }
//     ] }
//
// Paths and URLs lose their query string and fragment here too (the client already drops them): they can carry
// tokens and personal data. Ratings are computed here from Google's thresholds, never taken from the client.
import { z } from 'zod';
import { zodProblems } from '../validation/zod-problems';
import { stripQuery } from './page-match';
import { rate, VITAL_NAMES } from './thresholds';

export const BEACON_LIMITS = {
  bodyBytes: 64 * 1024,
  events: 200,
  path: 1024,
  url: 2048,
  message: 1024,
  stack: 4096,
  /** events older than this (by the client's clock, corrected) are refused: a beacon is sent within a page's life */
  maxAgeMs: 24 * 60 * 60 * 1000,
} as const;

const appName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/, 'must be 1-64 letters, digits, dots, dashes or underscores');
const path = z.string().min(1).max(BEACON_LIMITS.path).startsWith('/', 'must start with /');
const at = z.number().int().nonnegative();

const pageview = z.strictObject({ t: z.literal('pageview'), path, at, nav: z.enum(['load', 'route']).optional() });
const vital = z.strictObject({
  t: z.literal('vital'),
  path,
  at,
  name: z.enum(VITAL_NAMES),
  // CLS is unitless and small; the rest are milliseconds. An hour bounds both against garbage.
  value: z.number().nonnegative().max(3_600_000),
});
const error = z.strictObject({
  t: z.literal('error'),
  path,
  at,
  message: z.string().max(BEACON_LIMITS.message),
  stack: z.string().max(BEACON_LIMITS.stack).optional(),
  source: z.enum(['error', 'rejection']).optional(),
});
const fetchEvent = z.strictObject({
  t: z.literal('fetch'),
  path,
  at,
  method: z.string().regex(/^[A-Za-z]{1,16}$/, 'must be an HTTP method'),
  url: z.string().min(1).max(BEACON_LIMITS.url),
  /** 0: the request never got a response (network error, CORS, abort) */
  status: z.number().int().min(0).max(599),
  ms: z.number().nonnegative().max(3_600_000),
});

export const beaconSchema = z.strictObject({
  v: z.literal(1),
  app: appName,
  view: z.string().regex(/^[A-Za-z0-9_-]{1,64}$/, 'must be 1-64 letters, digits, dashes or underscores'),
  device: z.enum(['mobile', 'tablet', 'desktop']),
  rate: z.number().gt(0).max(1),
  sent: at,
  events: z.array(z.discriminatedUnion('t', [pageview, vital, error, fetchEvent])).min(1).max(BEACON_LIMITS.events),
});

export type Beacon = z.infer<typeof beaconSchema>;
export type BeaconEvent = Beacon['events'][number];

/** One RumEvent row, ready to insert (page is filled by the ingester from the registered pages). */
export interface RumEventRow {
  at: Date;
  app: string;
  kind: 'pageview' | 'vital' | 'error' | 'fetch';
  path: string;
  page: string | null;
  device: Beacon['device'];
  view: string;
  sampleRate: number;
  metric: string | null;
  value: number | null;
  rating: string | null;
  message: string | null;
  stack: string | null;
  method: string | null;
  url: string | null;
  status: number | null;
  fingerprint: string | null;
}

export type ParsedBeacon = { ok: true; beacon: Beacon } | { ok: false; problems: string[] };

/** JSON text -> a beacon, or `path: message` problems saying what is wrong and where. */
export function parseBeacon(text: string): ParsedBeacon {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { ok: false, problems: [`body: not JSON (${(e as Error).message})`] };
  }
  const result = beaconSchema.safeParse(json);
  if (!result.success) return { ok: false, problems: zodProblems(result.error) };
  return { ok: true, beacon: result.data };
}

/** `https://api.example.com/users/42?token=x` -> `https://api.example.com/users/42` (relative URLs stay relative). */
export function scrubUrl(url: string): string {
  return stripQuery(url);
}

/** Numbers and ids in a message or URL vary per occurrence; groups should not. */
function normaliseForGrouping(s: string): string {
  return s
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, ':uuid')
    .replace(/\b[0-9a-f]{16,}\b/gi, ':hex')
    .replace(/\d+/g, ':n');
}

export function errorFingerprint(message: string, stack: string | undefined): string {
  // The message plus the top frame: the same bug thrown from the same place groups together.
  const topFrame = stack?.split('\n').find((l) => /\bat\b|@/.test(l))?.trim().replace(/:\d+:\d+\)?$/, '') ?? '';
  return `error ${normaliseForGrouping(message).slice(0, 200)} ${topFrame.slice(0, 200)}`;
}

export function fetchFingerprint(method: string, url: string, status: number): string {
  const statusClass = status === 0 ? 'network' : `${Math.floor(status / 100)}xx`;
  return `fetch ${method.toUpperCase()} ${normaliseForGrouping(url)} ${statusClass}`;
}

/**
 * Beacon -> rows. `receivedAt` is the server's clock: each event's time is shifted by how far the client's clock
 * is off (sent vs received), so a phone set to last year still lands today. Events older than maxAgeMs are dropped
 * (returned as `tooOld`), not refused: one stale event must not lose the rest of a batch.
 */
export function beaconRows(beacon: Beacon, receivedAt: Date, pageOf: (path: string) => string | null): { rows: RumEventRow[]; tooOld: number } {
  const skew = receivedAt.getTime() - beacon.sent;
  const rows: RumEventRow[] = [];
  let tooOld = 0;
  for (const e of beacon.events) {
    const when = Math.min(e.at + skew, receivedAt.getTime());
    if (receivedAt.getTime() - when > BEACON_LIMITS.maxAgeMs) {
      tooOld++;
      continue;
    }
    const p = stripQuery(e.path) || '/';
    const base = {
      at: new Date(when),
      app: beacon.app,
      path: p,
      page: pageOf(p),
      device: beacon.device,
      view: beacon.view,
      sampleRate: beacon.rate,
      metric: null,
      value: null,
      rating: null,
      message: null,
      stack: null,
      method: null,
      url: null,
      status: null,
      fingerprint: null,
    } satisfies Omit<RumEventRow, 'kind'>;
    switch (e.t) {
      case 'pageview':
        rows.push({ ...base, kind: 'pageview' });
        break;
      case 'vital':
        rows.push({ ...base, kind: 'vital', metric: e.name, value: e.value, rating: rate(e.name, e.value) });
        break;
      case 'error':
        rows.push({ ...base, kind: 'error', message: e.message, stack: e.stack ?? null, fingerprint: errorFingerprint(e.message, e.stack) });
        break;
      case 'fetch': {
        const url = scrubUrl(e.url);
        const method = e.method.toUpperCase();
        rows.push({ ...base, kind: 'fetch', method, url, status: e.status, value: e.ms, fingerprint: fetchFingerprint(method, url, e.status) });
        break;
      }
    }
  }
  return { rows, tooOld };
}
