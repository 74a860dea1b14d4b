// Which page list a beacon's paths are matched against. The registry's pages describe the monitored apps
// (awoooi-web); this app's own beacons (self-monitoring) are matched against this app's own pages instead, so its
// paths neither hide behind nor pollute the registered pages. Pure.
import { pageMatcher } from './page-match';
import { SELF_PAGE_PATTERNS } from './self-pages';

/** The app name this app's own client and edge reporter send (lib/rum/self-monitoring.ts). */
export const SELF_APP = 'awoooi-monitor';

const matchSelfPage = pageMatcher(SELF_PAGE_PATTERNS);

export type PathMatcher = (path: string) => string | null;

export function matcherForApp(app: string, registered: PathMatcher): PathMatcher {
  return app === SELF_APP ? matchSelfPage : registered;
}
