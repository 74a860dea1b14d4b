// The registry's HTTP face: GET gives the YAML export, PUT imports (or previews with ?dryRun=1).
// Route handlers call these and return what they give.
import { requireRouteRole } from '../auth/guard';
import { guarded, isTrue, json } from '../http/responses';
import { db, type Db } from '../db/client';
import { BodyNotTextError, BodyTooLargeError, ifMatchRevision, readTextBody } from '../http/body';
import { registryRevision, registryToYaml } from './export';
import { importRegistryYaml, registryMaxBytes } from './import';
import { loadRegistry, RevisionConflictError } from './store';


export function getRegistryResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('registry API', () => getRegistry(request, database()));
}

export function putRegistryResponse(request: Request, database: () => Db = db): Promise<Response> {
  return guarded('registry API', () => putRegistry(request, database()));
}

async function getRegistry(request: Request, database: Db): Promise<Response> {
  const who = await requireRouteRole(request, 'viewer', database);
  if (who instanceof Response) return who;
  const registry = await loadRegistry(database);
  const etag = `"${registryRevision(registry)}"`;
  const headers: Record<string, string> = { 'content-type': 'application/yaml; charset=utf-8', etag };
  if (request.headers.get('if-none-match') === etag) return new Response(null, { status: 304, headers });
  if (isTrue(new URL(request.url).searchParams.get('download'))) {
    headers['content-disposition'] = 'attachment; filename="service-registry.yaml"';
  }
  return new Response(registryToYaml(registry), { headers });
}

async function putRegistry(request: Request, database: Db): Promise<Response> {
  const dryRun = isTrue(new URL(request.url).searchParams.get('dryRun'));
  // A preview changes nothing, so viewers may run it; applying needs an editor. Checked before the body is
  // read: an unauthorised caller gets its 401/403 without uploading 10 MB first.
  const actor = await requireRouteRole(request, dryRun ? 'viewer' : 'editor', database);
  if (actor instanceof Response) return actor;
  const limit = registryMaxBytes();
  let text: string;
  try {
    text = await readTextBody(request, limit);
  } catch (error) {
    if (error instanceof BodyTooLargeError) {
      return json({ error: `the registry file is larger than the limit of ${limit} bytes (REGISTRY_MAX_BYTES)` }, 413);
    }
    if (error instanceof BodyNotTextError) {
      return json([{ path: '', line: 1, column: 1, message: error.message }], 422);
    }
    throw error;
  }
  try {
    const result = await importRegistryYaml(database, text, { dryRun, expectedRevision: ifMatchRevision(request), maxBytes: limit, actor });
    if (!result.ok) return json(result.problems, 422);
    if (dryRun) return json({ diff: result.diff, revision: result.baseRevision });
    return json({ applied: true, diff: result.diff, revision: result.revision }, 200, { etag: `"${result.revision}"` });
  } catch (error) {
    if (error instanceof RevisionConflictError) return json({ error: error.message, revision: error.actual }, 412);
    throw error;
  }
}
