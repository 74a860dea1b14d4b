// The discovery API:
//   POST /api/v1/discovery/run       start a scan: an admin API token, or the cron secret
//                                    (Authorization: Bearer $DISCOVERY_CRON_SECRET). 202 + the run's URL;
//                                    ?wait=1 answers when the scan is done, with its findings. 409 while one runs.
//   GET  /api/v1/discovery           the latest findings (viewer)
//   GET  /api/v1/discovery/runs/ID   one run with its per-target progress (viewer)
import { createHash, timingSafeEqual } from 'node:crypto';
import { requireRouteRole } from '../auth/guard';
import type { Actor } from '../auth/roles';
import { db, type Db } from '../db/client';
import { guarded, isTrue, json } from '../http/responses';
import { discoveryOverview, findingsJson } from './overview';
import { loadDiscoveryConfig } from './config';
import { startDiscovery } from './runner';
import { getRun } from './store';
import type { Env } from './types';

const digest = (s: string) => createHash('sha256').update(s).digest();

/** Constant-time comparison of the bearer value with DISCOVERY_CRON_SECRET (when one is set). */
export function isCronSecret(headers: Headers, env: Env = process.env): boolean {
  const secret = env.DISCOVERY_CRON_SECRET;
  const header = headers.get('authorization');
  if (!secret || !header?.toLowerCase().startsWith('bearer ')) return false;
  return timingSafeEqual(digest(header.slice(7).trim()), digest(secret));
}

async function runCaller(request: Request, database: Db): Promise<Actor | Response> {
  if (isCronSecret(request.headers)) return { kind: 'system', id: null, name: 'cron', role: 'admin' };
  return requireRouteRole(request, 'admin', database);
}

export function postRunResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('POST /api/v1/discovery/run', async () => {
    const who = await runCaller(request, database());
    if (who instanceof Response) return who;
    const started = await startDiscovery(database(), { trigger: 'api', actorName: who.name });
    if (!started.ok) {
      return started.reason === 'busy'
        ? json({ error: started.message, runId: started.runId, url: started.runId ? runUrl(started.runId) : null }, 409)
        : json({ error: `${started.message}: ${started.problems.join('; ')}`, problems: started.problems }, 422);
    }
    if (!isTrue(new URL(request.url).searchParams.get('wait'))) {
      return json({ runId: started.runId, status: 'running', url: runUrl(started.runId) }, 202, { location: runUrl(started.runId) });
    }
    await started.done;
    return findingsResponse(database());
  });
}

export function getFindingsResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('GET /api/v1/discovery', async () => {
    const who = await requireRouteRole(request, 'viewer', database());
    if (who instanceof Response) return who;
    return findingsResponse(database());
  });
}

async function findingsResponse(database: Db): Promise<Response> {
  const config = await loadDiscoveryConfig();
  if (!config.ok) return json({ error: 'the discovery config is invalid', problems: config.problems }, 422);
  return json(findingsJson(await discoveryOverview(database, config.value, 0)));
}

export function getRunResponse(request: Request, idText: string, database: () => Db = db): Promise<Response> {
  return guarded('GET /api/v1/discovery/runs/[id]', async () => {
    const who = await requireRouteRole(request, 'viewer', database());
    if (who instanceof Response) return who;
    const id = /^\d{1,9}$/.test(idText) ? Number(idText) : NaN;
    if (!Number.isSafeInteger(id)) return json({ error: `run id must be a positive whole number, got ${JSON.stringify(idText)}` }, 400);
    const run = await getRun(database(), id);
    if (!run) return json({ error: `no discovery run ${id}` }, 404);
    return json(run);
  });
}

const runUrl = (id: number) => `/api/v1/discovery/runs/${id}`;
