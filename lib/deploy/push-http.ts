// The push API:
//   GET  /api/v1/deploy/pushes        the push history, newest first, without files (viewer); ?page=N (from 1)
//                                     and ?per_page=M (1-200, default 100): { pushes, page, perPage, pageCount, total }
//   POST /api/v1/deploy/pushes        start a push (editor); body {} or { "rollbackOf": ID }. 202 + the push's URL,
//                                     ?wait=1 answers when it has finished. 409 while a push runs, 422 for bad config.
//   GET  /api/v1/deploy/pushes/ID     one push with its per-target progress and results (viewer)
import { requireRouteRole } from '../auth/guard';
import { db, type Db } from '../db/client';
import { guarded, isTrue, json } from '../http/responses';
import { startPush } from './push';
import { getPush, listPushes } from './push-store';

const pushUrl = (id: number) => `/api/v1/deploy/pushes/${id}`;

/** A whole-number query parameter within [min, max]: the number, undefined when absent, or the problem. */
function wholeParam(params: URLSearchParams, name: string, min: number, max: number): number | undefined | string {
  const raw = params.get(name);
  if (raw === null || raw === '') return undefined;
  const n = /^\d{1,9}$/.test(raw) ? Number(raw) : NaN;
  return n >= min && n <= max ? n : `${name} must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw.slice(0, 40))}`;
}

export function listPushesResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('GET /api/v1/deploy/pushes', async () => {
    const who = await requireRouteRole(request, 'viewer', database());
    if (who instanceof Response) return who;
    const params = new URL(request.url).searchParams;
    const page = wholeParam(params, 'page', 1, 10_000_000);
    const perPage = wholeParam(params, 'per_page', 1, 200);
    for (const parsed of [page, perPage]) if (typeof parsed === 'string') return json({ error: parsed }, 400);
    const list = await listPushes(database(), (page as number | undefined) ?? 1, (perPage as number | undefined) ?? 100);
    return json({ pushes: list.rows, page: list.page, perPage: list.pageSize, pageCount: list.pageCount, total: list.total });
  });
}

export function getPushResponse(request: Request, idText: string, database: () => Db = db): Promise<Response> {
  return guarded('GET /api/v1/deploy/pushes/[id]', async () => {
    const who = await requireRouteRole(request, 'viewer', database());
    if (who instanceof Response) return who;
    const id = /^\d{1,9}$/.test(idText) ? Number(idText) : NaN;
    if (!Number.isSafeInteger(id) || id < 1) return json({ error: `push id must be a positive whole number, got ${JSON.stringify(idText)}` }, 400);
    const push = await getPush(database(), id);
    return push ? json(push) : json({ error: `no push ${id}` }, 404);
  });
}

export function postPushResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('POST /api/v1/deploy/pushes', async () => {
    const who = await requireRouteRole(request, 'editor', database());
    if (who instanceof Response) return who;
    const text = await request.text();
    let body: unknown = {};
    if (text.trim()) {
      try {
        body = JSON.parse(text);
      } catch {
        return json({ error: 'the body is not JSON; send {} to push or { "rollbackOf": ID } to roll back' }, 400);
      }
    }
    const rollbackOf = (body as { rollbackOf?: unknown } | null)?.rollbackOf;
    if (rollbackOf !== undefined && !(typeof rollbackOf === 'number' && Number.isSafeInteger(rollbackOf) && rollbackOf > 0)) {
      return json({ error: `rollbackOf must be a push id (a positive whole number), got ${JSON.stringify(rollbackOf)}` }, 400);
    }
    const started = await startPush(database(), rollbackOf === undefined ? { actor: who, kind: 'push' } : { actor: who, kind: 'rollback', rollbackOf });
    if (!started.ok) {
      if (started.reason === 'busy') return json({ error: started.message, pushId: started.pushId, url: started.pushId ? pushUrl(started.pushId) : null }, 409);
      return json({ error: started.message, problems: started.problems }, started.reason === 'input' ? 400 : 422);
    }
    if (!isTrue(new URL(request.url).searchParams.get('wait'))) {
      return json({ pushId: started.pushId, status: 'running', url: pushUrl(started.pushId) }, 202, { location: pushUrl(started.pushId) });
    }
    await started.done;
    return json(await getPush(database(), started.pushId));
  });
}
