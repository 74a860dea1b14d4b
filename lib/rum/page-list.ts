// The registered pages as GET /api/v1/registry/pages serves them, and the revision that is their ETag. Pure.
import { createHash } from 'node:crypto';

export interface RegisteredPage {
  /** a Next.js-style pattern: `/`, `/services/[id]`, `/docs/[...slug]` (lib/rum/page-match.ts) */
  path: string;
  name: string;
}

export interface PageList {
  pages: RegisteredPage[];
  /** sha256 of the sorted list: equal lists, equal revisions, whatever order the database returned them in */
  revision: string;
}

/** Sorted by path (code-unit order, not the database's collation) and hashed. */
export function pageList(rows: Iterable<RegisteredPage>): PageList {
  const pages = [...rows].map(({ path, name }) => ({ path, name })).sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  // The names are in the body, so they are in the hash too: a strong ETag must change whenever the bytes do.
  const revision = createHash('sha256').update(JSON.stringify(pages.map((p) => [p.path, p.name]))).digest('hex');
  return { pages, revision };
}

/**
 * Whether an `If-None-Match` header names this ETag. The comparison is the weak one RFC 9110 prescribes for
 * If-None-Match (a `W/` prefix is ignored); `*` matches any current representation.
 */
export function ifNoneMatchHits(header: string | null, etag: string): boolean {
  if (header === null) return false;
  const wanted = etag.replace(/^W\//, '');
  return header.split(',').some((tag) => {
    const t = tag.trim();
    return t === '*' || t.replace(/^W\//, '') === wanted;
  });
}
