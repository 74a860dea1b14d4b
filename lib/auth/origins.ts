// Which origins may send cookie-carrying, state-changing requests. Shared by proxy.ts (the JSON API) and
// better-auth (sign-in, sign-out), so both parts of the app apply the same CSRF rule:
// the site's own origin, plus AUTH_TRUSTED_ORIGINS (comma-separated) for other front ends.

/** Origins listed in AUTH_TRUSTED_ORIGINS. */
export function configuredTrustedOrigins(env: Record<string, string | undefined> = process.env): string[] {
  return (env.AUTH_TRUSTED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean);
}

/**
 * The origin the request was addressed to, from its Host (or X-Forwarded-Host behind a proxy) and scheme.
 * Without BETTER_AUTH_URL one build serves whatever host name it is reached by, so "same origin" must be
 * worked out per request rather than fixed at start-up.
 */
export function ownOrigin(url: string, headers: Pick<Headers, 'get'>): string | null {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return null;
  }
  const host = headers.get('x-forwarded-host') ?? headers.get('host') ?? parsed.host;
  const proto = headers.get('x-forwarded-proto')?.split(',')[0]?.trim() || parsed.protocol.replace(/:$/, '');
  if (!host) return null;
  return `${proto}://${host}`;
}

/** Origins trusted for this request: its own plus the configured ones. */
export function trustedOriginsFor(request: Request | undefined, env: Record<string, string | undefined> = process.env) {
  const own = request ? ownOrigin(request.url, request.headers) : null;
  const configured = configuredTrustedOrigins(env);
  return own ? [own, ...configured] : configured;
}
