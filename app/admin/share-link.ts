// Share links: which page a link opens, and the address to hand out. Pure, so the server action checks the
// path with the same rule the browser uses to build the address.

/** A path on this site, such as "/" or "/services?owner=payments"; null when it is not one. */
export function checkSharePath(raw: string): string | null {
  const path = raw.trim() || '/';
  // Same-site only: "//host" and "/\host" are other sites to a browser.
  if (!path.startsWith('/') || path.startsWith('//') || path.startsWith('/\\') || path.length > 500) return null;
  if (/[\s#]/.test(path)) return null;
  return path;
}

export const SHARE_PATH_MESSAGE = 'Enter a path on this site that starts with /, such as / or /services (no spaces or #).';

/** The address that opens `path` as a read-only viewer; proxy.ts turns `share` into a cookie. */
export function shareUrl(origin: string, path: string, token: string): string {
  const url = new URL(path, origin);
  url.searchParams.set('share', token);
  return url.toString();
}
