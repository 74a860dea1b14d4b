// Which requests a proxy sees are page loads worth checking, and the device class of the visitor. Pure and
// self-contained (no imports): other apps copy lib/rum/edge/ and lib/rum/page-match.ts as they are.

/** The part of a Request (or NextRequest) the edge helper reads. */
export interface RequestLike {
  method: string;
  url: string;
  headers: { get(name: string): string | null };
}

export type DeviceClass = 'mobile' | 'tablet' | 'desktop';

/** The beacon format's path limit (lib/rum/beacon.ts BEACON_LIMITS.path): longer paths would be refused. */
export const MAX_PATH_LENGTH = 1024;

// Files a browser may fetch with `Accept: text/html` (typing the address, a link to a PDF) that are not pages.
const STATIC_FILE = /\.(?:js|mjs|css|map|json|xml|txt|webmanifest|ico|png|jpe?g|gif|svg|webp|avif|bmp|woff2?|ttf|otf|eot|pdf|zip|gz|mp4|webm|mp3|wav|wasm)$/i;

// Framework internals and APIs: never pages, and the monitor's own endpoints live under /api (no report loops).
const NOT_PAGES = ['/_next/', '/api/', '/.well-known/'];

/** `/api`, `/api/x`, `/_next/...`: paths the helper never reports, whatever the patterns say. */
export function isReservedPath(path: string): boolean {
  return path === '/api' || path === '/_next' || NOT_PAGES.some((prefix) => path.startsWith(prefix));
}

/**
 * A top-level GET for an HTML document: not HEAD, not a prefetch, not a React Server Components fetch (a client
 * navigation, which the browser-side RUM client reports itself), not an asset.
 */
export function isPageLoad(request: RequestLike, path: string): boolean {
  if (request.method !== 'GET') return false;
  if (path.length === 0 || path.length > MAX_PATH_LENGTH || !path.startsWith('/')) return false;
  if (isReservedPath(path) || STATIC_FILE.test(path)) return false;
  const h = request.headers;
  if (!(h.get('accept') ?? '').includes('text/html')) return false;
  if (h.get('rsc') !== null || h.get('next-router-prefetch') !== null) return false;
  const purpose = `${h.get('purpose') ?? ''} ${h.get('sec-purpose') ?? ''} ${h.get('x-purpose') ?? ''} ${h.get('x-moz') ?? ''}`;
  if (/prefetch|prerender|preview/i.test(purpose)) return false;
  return true;
}

/** Client hints first (`Sec-CH-UA-Mobile: ?1`), then the User-Agent; anything unrecognised is a desktop. */
export function deviceClass(headers: RequestLike['headers']): DeviceClass {
  if (headers.get('sec-ch-ua-mobile') === '?1') return 'mobile';
  const ua = headers.get('user-agent') ?? '';
  if (/iPad|Tablet|PlayBook|Silk|Kindle/i.test(ua) || (/Android/i.test(ua) && !/Mobile/i.test(ua))) return 'tablet';
  if (/Mobi|iPhone|iPod|Android|Windows Phone|BlackBerry|Opera Mini/i.test(ua)) return 'mobile';
  return 'desktop';
}

/** The path of a request's URL, still percent-encoded as sent (the matcher decodes segments itself). */
export function requestPath(request: RequestLike): string | null {
  try {
    return new URL(request.url, 'http://localhost').pathname;
  } catch {
    return null;
  }
}

/** A random id matching the beacon's `view` rule (/^[A-Za-z0-9_-]{1,64}$/). */
export function randomViewId(): string {
  const uuid = globalThis.crypto?.randomUUID?.();
  if (uuid) return uuid;
  // Runtimes without Web Crypto: not secret, only distinct.
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}
