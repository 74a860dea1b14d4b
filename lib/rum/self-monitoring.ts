// awoooi-monitor reporting its own unknown paths with the same edge helper it gives other apps (proxy.ts calls
// reportOwnUnknownPage). Patterns: this app's own pages (self-pages.ts), never fetched, so nothing loops back
// through the proxy. Beacons go to this server over loopback; that POST to /api/v1/beacons passes the proxy too,
// where the helper ignores it (not a GET, and under /api).
import type { RequestLike } from './edge/page-request';
import { createUnknownPageReporter, type UnknownPageReporter } from './edge/unknown-pages';
import { SELF_PAGE_PATTERNS } from './self-pages';

import { SELF_APP } from './app-pages';

export const SELF_APP_NAME = SELF_APP;

type Env = Record<string, string | undefined>;

/** RUM_SELF_MONITORING=0 (or false/off/no) turns it off; it is on otherwise. */
export function selfMonitoringEnabled(env: Env): boolean {
  return !['0', 'false', 'off', 'no'].includes((env.RUM_SELF_MONITORING ?? '').trim().toLowerCase());
}

/**
 * Where this server listens: RUM_SELF_URL, else loopback on the port `next start` / `next dev` put in PORT.
 * Never the request's Host: that header is the client's to choose, and would let anyone aim our beacons elsewhere.
 */
export function selfMonitorUrl(env: Env): string {
  const configured = env.RUM_SELF_URL?.trim();
  if (configured) return configured;
  return `http://127.0.0.1:${env.PORT?.trim() || '3000'}`;
}

export function createSelfReporter(env: Env): UnknownPageReporter | null {
  if (!selfMonitoringEnabled(env)) return null;
  return createUnknownPageReporter({ monitorUrl: selfMonitorUrl(env), app: SELF_APP_NAME, pages: SELF_PAGE_PATTERNS });
}

// Made on the first request, not at import: Next sets PORT once it listens.
let reporter: UnknownPageReporter | null | undefined;

export function reportOwnUnknownPage(request: RequestLike): void {
  if (reporter === undefined) reporter = createSelfReporter(typeof process === 'undefined' ? {} : process.env);
  reporter?.report(request);
}
