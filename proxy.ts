// Next 16's request hook (formerly middleware.ts). Two jobs that must happen before any route runs:
//  1. Share links: `?share=<token>` on a page becomes an httpOnly cookie and the token leaves the address bar
//     (so it is not copied around or sent as a Referer). Whether the token is valid is checked by the pages.
//  2. CSRF for the JSON API: a state-changing /api/v1 request that relies on cookies (no Authorization header)
//     must come from this site. Server actions get the same check from Next itself; /api/auth from better-auth.
// Roles are NOT checked here: every page, route and action checks them on the server (lib/auth/guard.ts).
// Also, on the side: page loads of paths this app does not have are reported to its own RUM (unknown pages),
// without waiting for anything (lib/rum/self-monitoring.ts; RUM_SELF_MONITORING=0 turns it off).
import { NextResponse, type NextRequest } from 'next/server';
import { trustedOriginsFor } from './lib/auth/origins';
import { looksLikeToken, SHARE_COOKIE } from './lib/auth/token-format';
import { reportOwnUnknownPage } from './lib/rum/self-monitoring';
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);
const BEACONS_PATH = '/api/v1/beacons';

/** Whether a cookie-carrying request was sent by a page of this site. */
function fromThisSite(request: NextRequest): boolean {
  const origin = request.headers.get('origin');
  // The same rule better-auth applies to sign-in: the origin the request was addressed to, or a configured one.
  if (origin && origin !== 'null') return trustedOriginsFor(request).includes(origin);
  // No Origin (old browsers, some same-origin GET-like requests): fall back to Fetch Metadata when present.
  const site = request.headers.get('sec-fetch-site');
  return site === null || site === 'same-origin' || site === 'none';
}

export function proxy(request: NextRequest) {
  const { pathname, searchParams } = request.nextUrl;
  reportOwnUnknownPage(request);

  // Beacons never authenticate by cookie, yet a browser's sendBeacon attaches the user's cookies to them.
  if (!SAFE_METHODS.has(request.method) && pathname.startsWith('/api/v1/') && pathname !== BEACONS_PATH) {
    const usesCookies = !request.headers.has('authorization') && request.headers.has('cookie');
    if (usesCookies && !fromThisSite(request)) {
      return NextResponse.json(
        { error: 'cross-site request refused: send it from this site, or authenticate with an API token (Authorization: Bearer)' },
        { status: 403 },
      );
    }
  }

  const share = searchParams.get('share');
  if (share !== null && request.method === 'GET' && !pathname.startsWith('/api/')) {
    const clean = request.nextUrl.clone();
    clean.searchParams.delete('share');
    const response = NextResponse.redirect(clean);
    if (looksLikeToken(share, 'share')) {
      response.cookies.set(SHARE_COOKIE, share, {
        httpOnly: true,
        sameSite: 'lax',
        secure: request.nextUrl.protocol === 'https:',
        path: '/',
        maxAge: 60 * 60 * 24 * 400,
      });
    }
    response.headers.set('referrer-policy', 'no-referrer');
    return response;
  }
  return NextResponse.next();
}

export const config = {
  // Skip Next's own assets and static files so the hook never sits in front of them.
  matcher: ['/((?!_next/static|_next/image|favicon.ico|robots.txt|.*\\.(?:svg|png|jpg|jpeg|gif|webp|ico|css|js|map|txt)$).*)'],
};
