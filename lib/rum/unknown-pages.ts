// The Unknown pages list: RumPath rows whose stored match is not a page registered now (a superset: the stored
// match can be stale), narrowed in unknown-pages-shape.ts by matching every candidate against the current patterns.
import type { Db } from '../db/client';
import { unknownPagesFrom, type PathRow, type UnknownPages } from './unknown-pages-shape';

export async function loadUnknownPages(db: Db, options: { app?: string | null; limit?: number } = {}): Promise<UnknownPages> {
  const patterns = (await db.page.findMany({ select: { path: true } })).map((p) => p.path);
  const candidates = await db.$queryRaw<PathRow[]>`
    SELECT app, path, hits, "firstSeenAt", "lastSeenAt" FROM "RumPath"
    WHERE page IS NULL OR NOT (page = ANY(${patterns}::text[]))`;
  return unknownPagesFrom(candidates, patterns, options);
}
