// The Unknown pages list without I/O: paths from RumPath that match none of the pages registered NOW (so a page
// registered a minute ago drops its paths from the list at once), per app, most hits first, bounded; and what the
// "Register page" link prefills: a route pattern guessed from the path (ids become [id]) and a name.
import { matcherForApp } from './app-pages';
import { pageMatcher } from './page-match';

export interface PathRow {
  app: string;
  path: string;
  hits: number;
  firstSeenAt: Date;
  lastSeenAt: Date;
}

export interface UnknownPath extends PathRow {
  /** the pattern the Register link proposes */
  pattern: string;
}

export interface UnknownPages {
  rows: UnknownPath[];
  /** unknown paths in all (for the chosen app), shown or not */
  total: number;
  /** what did not fit in the list */
  rest: { paths: number; hits: number };
  /** every app with unknown paths, most hits first (unfiltered, for the app filter) */
  apps: { app: string; paths: number; hits: number }[];
}

export const UNKNOWN_PAGES_LIMIT = 200;

/** `rows` may include paths that match a page after all (the query only pre-filters on the stored match). */
export function unknownPagesFrom(candidates: readonly PathRow[], patterns: readonly string[], options: { app?: string | null; limit?: number } = {}): UnknownPages {
  const match = pageMatcher(patterns);
  const unknown = candidates.filter((r) => matcherForApp(r.app, match)(r.path) === null);
  const perApp = new Map<string, { app: string; paths: number; hits: number }>();
  for (const r of unknown) {
    const a = perApp.get(r.app) ?? { app: r.app, paths: 0, hits: 0 };
    a.paths++;
    a.hits += r.hits;
    perApp.set(r.app, a);
  }
  const chosen = unknown
    .filter((r) => !options.app || r.app === options.app)
    .sort((a, b) => b.hits - a.hits || b.lastSeenAt.getTime() - a.lastSeenAt.getTime() || a.app.localeCompare(b.app) || a.path.localeCompare(b.path));
  const limit = options.limit ?? UNKNOWN_PAGES_LIMIT;
  const shown = chosen.slice(0, limit);
  const hidden = chosen.slice(limit);
  return {
    rows: shown.map((r) => ({ ...r, pattern: suggestPattern(r.path) })),
    total: chosen.length,
    rest: { paths: hidden.length, hits: hidden.reduce((n, r) => n + r.hits, 0) },
    apps: [...perApp.values()].sort((a, b) => b.hits - a.hits || a.app.localeCompare(b.app)),
  };
}

// Numbers, UUIDs, long hex and long mixed tokens (slugs with digits, base64-ish ids) vary per entity.
const ID_SEGMENT = [/^\d+$/, /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, /^[0-9a-f]{16,}$/i, /^(?=.*\d)[A-Za-z0-9_-]{20,}$/];

/** `/services/42/logs` -> `/services/[id]/logs`; a second id becomes `[id2]` (Next needs distinct names). */
export function suggestPattern(path: string): string {
  let ids = 0;
  const segments = path.split('/').filter((s) => s.length > 0).map((s) => {
    if (!ID_SEGMENT.some((re) => re.test(s))) return s;
    ids++;
    return ids === 1 ? '[id]' : `[id${ids}]`;
  });
  return `/${segments.join('/')}`;
}

/** `/billing/open-invoices/[id]` -> `Billing open invoices detail`; `/` -> `Home`. */
export function suggestName(pattern: string): string {
  const segments = pattern.split('/').filter((s) => s.length > 0);
  const words = segments.filter((s) => !s.startsWith('[')).map((s) => safeDecode(s).replace(/[-_.]+/g, ' ').trim()).filter(Boolean);
  if (words.length === 0) return segments.length === 0 ? 'Home' : 'Detail';
  const text = words.join(' ') + (segments.some((s) => s.startsWith('[')) ? ' detail' : '');
  return (text.charAt(0).toUpperCase() + text.slice(1)).slice(0, 200);
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}

/** The new-page form, prefilled (lib/registry/entry-draft.ts prefillDraft reads `path` and `name`). */
export function registerPageHref(pattern: string): string {
  return `/pages/new?${new URLSearchParams({ path: pattern, name: suggestName(pattern) })}`;
}
