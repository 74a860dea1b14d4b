// GET /api/v1/registry/pages: the registered page patterns for other apps' proxies (lib/rum/edge/unknown-pages.ts),
// revalidated cheaply with If-None-Match. Needs a viewer, like every other read of the registry: see docs/RUM.md
// ("Unknown pages at the edge") for why it is not public.
import { requireRouteRole } from '../auth/guard';
import { db, type Db } from '../db/client';
import { guarded, json } from '../http/responses';
import { ifNoneMatchHits, pageList, type RegisteredPage } from './page-list';

// `private`: the answer is for an authenticated caller, so a shared cache must not hand it to anyone else.
// The caller's own cache (the edge helper keeps the list in memory) may reuse it for a minute.
export const PAGES_CACHE_CONTROL = 'private, max-age=60, stale-while-revalidate=300';

/** Every registered page's pattern and name (to merge with lib/rum/known-pages.ts when that lands). */
export function loadRegisteredPages(database: Db): Promise<RegisteredPage[]> {
  return database.page.findMany({ select: { path: true, name: true } });
}

export function getRegistryPagesResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('registry pages API', async () => {
    const who = await requireRouteRole(request, 'viewer', database());
    if (who instanceof Response) return who;
    const list = pageList(await loadRegisteredPages(database()));
    const headers = { etag: `"${list.revision}"`, 'cache-control': PAGES_CACHE_CONTROL, vary: 'authorization, cookie' };
    if (ifNoneMatchHits(request.headers.get('if-none-match'), headers.etag)) return new Response(null, { status: 304, headers });
    return json(list, 200, headers);
  });
}
