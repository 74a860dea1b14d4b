// The generated configs over HTTP; the route handlers under app/api/v1/configs call these.
//   GET /api/v1/configs[?check=1]     { revision, files: [{path, bytes}], findings, checks? }
//   GET /api/v1/configs/file?path=P   the file as it would be written, as a download
import { requireRouteRole } from '../auth/guard';
import { guarded, isTrue, json } from '../http/responses';
import { db, type Db } from '../db/client';
import type { Env } from './app-settings';
import { loadConfigs, type Checker, type ConfigsResult, type ConfigsSnapshot } from './configs-cache';
import { attachmentHeader, contentTypeFor } from './configs-view';

export interface ConfigsDeps {
  database?: () => Db;
  env?: Env;
  checker?: Checker;
}


/** The snapshot, or the 500 that says which settings are wrong (the server's configuration, not the request). */
async function snapshotOr(deps: ConfigsDeps): Promise<ConfigsSnapshot | Response> {
  const result: ConfigsResult = await loadConfigs((deps.database ?? db)(), { env: deps.env, checker: deps.checker });
  if (result.ok) return result.snapshot;
  return json({ error: 'the generator settings file is invalid', settings: { file: result.settingsFile, problems: result.problems } }, 500);
}

export function getConfigsResponse(request: Request, deps: ConfigsDeps = {}): Promise<Response> {
  return guarded('configs API', async () => {
    const who = await requireRouteRole(request, 'viewer', (deps.database ?? db)());
    if (who instanceof Response) return who;
    const snapshot = await snapshotOr(deps);
    if (snapshot instanceof Response) return snapshot;
    const withChecks = isTrue(new URL(request.url).searchParams.get('check'));
    return json({
      revision: snapshot.revision,
      files: snapshot.entries,
      findings: snapshot.findings,
      ...(withChecks ? { checks: await snapshot.checks() } : {}),
    });
  });
}

export function getConfigFileResponse(request: Request, deps: ConfigsDeps = {}): Promise<Response> {
  return guarded('configs API', async () => {
    const who = await requireRouteRole(request, 'viewer', (deps.database ?? db)());
    if (who instanceof Response) return who;
    const path = new URL(request.url).searchParams.get('path');
    if (!path) return json({ error: 'give the file as ?path=, e.g. ?path=prometheus/prometheus.yml' }, 400);
    const snapshot = await snapshotOr(deps);
    if (snapshot instanceof Response) return snapshot;
    const file = snapshot.file(path);
    if (!file) return json({ error: `no generated file ${JSON.stringify(path)}; GET /api/v1/configs lists them` }, 404);
    return new Response(file.content, {
      headers: {
        'content-type': contentTypeFor(file.path),
        'content-disposition': attachmentHeader(file.path),
        // it changes with every registry import
        'cache-control': 'no-store',
        'x-registry-revision': snapshot.revision,
      },
    });
  });
}
