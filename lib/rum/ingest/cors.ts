// Who may post beacons from a browser, and the CORS headers that say so. Pure.
// Beacons never carry cookies (the client sends them with credentials 'omit'), so Access-Control-Allow-Credentials
// is never sent: a page can only hand us anonymous measurements, never act as a signed-in user.
import { normaliseOrigin } from './config';

export type OriginDecision =
  /** origin: the Origin to echo back, or null when the request had none (not a cross-origin browser request) */
  | { allowed: true; origin: string | null }
  | { allowed: false; origin: string; reason: string };

/**
 * A request without Origin is not a cross-origin browser request (curl, a server, an old browser posting to its
 * own site): CORS has nothing to decide. `Origin: null` (sandboxed frames, file: pages) is never allowed.
 */
export function originDecision(origin: string | null, ownOrigin: string | null, allowedOrigins: readonly string[]): OriginDecision {
  if (origin === null) return { allowed: true, origin: null };
  const normal = origin === 'null' ? null : normaliseOrigin(origin);
  if (normal !== null && (normal === (ownOrigin && normaliseOrigin(ownOrigin)) || allowedOrigins.includes(normal))) {
    return { allowed: true, origin };
  }
  return {
    allowed: false,
    origin,
    reason: `origin ${JSON.stringify(origin)} may not send beacons here: add it to RUM_ALLOWED_ORIGINS (comma-separated origins) on the monitor`,
  };
}

/** Headers for every answer to an allowed origin, so its page can read errors too. */
export function corsHeaders(decision: OriginDecision & { allowed: true }): Record<string, string> {
  // Vary: the answer depends on Origin, so no cache may hand one origin's answer to another.
  return decision.origin === null ? { vary: 'Origin' } : { 'access-control-allow-origin': decision.origin, vary: 'Origin' };
}

export const BEACON_METHODS = 'POST, OPTIONS';

/**
 * The preflight's answer for an allowed origin. A beacon sent with navigator.sendBeacon (text/plain) needs no
 * preflight; fetch with `content-type: application/json` does. Only content-type is a header worth allowing.
 */
export function preflightHeaders(decision: OriginDecision & { allowed: true }): Record<string, string> {
  return {
    ...corsHeaders(decision),
    'access-control-allow-methods': BEACON_METHODS,
    'access-control-allow-headers': 'content-type',
    // Browsers cap this (Chromium at 2 h); it saves a preflight per page view.
    'access-control-max-age': '7200',
    allow: BEACON_METHODS,
  };
}
