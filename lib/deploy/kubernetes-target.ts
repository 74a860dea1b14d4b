// Deploy target "Kubernetes": server-side apply of the generated PrometheusRules, ServiceMonitors and ConfigMaps,
// optionally pruning what this app applied before and no longer generates. One call = one target; it never
// throws: everything that goes wrong is in the result, per object where it concerns one object.
//
//   PATCH /apis/{group}/{version}/namespaces/{ns}/{plural}/{name}?fieldManager=awoooi-monitor&force=true
//   Content-Type: application/apply-patch+yaml, body: the manifest (as JSON, which YAML readers take as it is)
//
// force=true: the registry is the source of truth, so fields someone changed by hand (kubectl edit) are taken back
// instead of failing the push with 409 conflicts.
import { loadKubeConfig } from '../discovery/kubernetes';
import type { GeneratedFile } from '../generate/types';
import {
  discoverKinds,
  groupVersionPath,
  kubeHttp,
  KubeTimeoutError,
  listAll,
  resourcePath,
  type KubeHttp,
  type KubeResponse,
  type ListedObject,
  type ServedKind,
} from './kubernetes-http';
import {
  DEFAULT_CONFIG_MAP_DIRECTORIES,
  MANAGED_BY_SELECTOR,
  MANAGED_KINDS,
  missingManifestFiles,
  objectKey,
  planManifests,
  type PlannedObject,
} from './kubernetes-manifests';
import {
  applyAction,
  describeApiFailure,
  describeTransportError,
  missingKindAdvice,
  objectResult,
  resourceName,
  summarize,
  type ApiOperation,
  type ObjectAction,
  type ObjectResult,
  type TargetStatus,
} from './kubernetes-outcome';

export const FIELD_MANAGER = 'awoooi-monitor';
export const APPLY_PATCH = 'application/apply-patch+yaml';

export interface KubernetesTarget {
  /** how pushes and their history name this target */
  name: string;
  /** a kubeconfig file; without it KUBECONFIG, then the in-cluster service account (as discovery) */
  kubeconfig?: string;
  /** a context of that kubeconfig instead of its current-context */
  context?: string;
  /** namespace of the ConfigMaps and of any manifest without one (default "monitoring") */
  namespace?: string;
  /** the server-side apply field manager (default "awoooi-monitor") */
  fieldManager?: string;
  /** delete objects labelled app.kubernetes.io/managed-by=awoooi-monitor that are no longer generated */
  prune?: boolean;
  /** directories of the generated tree applied as ConfigMaps (default DEFAULT_CONFIG_MAP_DIRECTORIES); [] for none */
  configMaps?: readonly string[];
}

export interface KubernetesPushProgress {
  target: string;
  phase: 'started' | 'object' | 'finished';
  /** objects finished so far, and how many are known to come (prune adds its deletions when it has listed them) */
  done: number;
  total: number;
  object?: ObjectResult;
  result?: KubernetesPushResult;
}

export interface ApplyToKubernetesOptions {
  /** dryRun=All on every write: the API server validates and answers, nothing is stored (the pre-push diff) */
  dryRun?: boolean;
  /** the whole target (default 120 s) */
  timeoutMs?: number;
  /** each request (default 30 s) */
  requestTimeoutMs?: number;
  /** requests in flight at once (default 8) */
  concurrency?: number;
  /** items per list page (default 100: PrometheusRules come near 1 MB each) */
  pageSize?: number;
  /** defaults to process.env (KUBECONFIG, in-cluster detection) */
  env?: Partial<NodeJS.ProcessEnv>;
  onProgress?: (event: KubernetesPushProgress) => void;
}

export interface KubernetesPushResult {
  target: string;
  /** where the push went: kubeconfig, context, server */
  server: string;
  dryRun: boolean;
  status: TargetStatus;
  counts: Record<ObjectAction, number>;
  /** "2 created, 40 unchanged, 1 failed" */
  summary: string;
  /** applies in manifest order, then deletions */
  objects: ObjectResult[];
  /** what concerns the target rather than one object: kubeconfig, unreadable files, prune skipped */
  problems: string[];
  durationMs: number;
}

type Served = Map<string, Map<string, ServedKind> | KubeResponse | Error>;

interface PushContext {
  request: KubeHttp;
  server: string;
  fieldManager: string;
  dryRun: boolean;
}

/** Runs `work` over items with at most `limit` at once; results in input order. */
async function inPool<T, R>(items: readonly T[], limit: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await work(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/** A request that threw (no HTTP answer) in words. */
function transportFailure(error: unknown, ctx: PushContext): string {
  return error instanceof KubeTimeoutError ? error.message : describeTransportError(error, ctx.server);
}

/** The discovery of every group/version involved: which kinds exist and under which plural. */
async function discover(ctx: PushContext, apiVersions: Iterable<string>): Promise<Served> {
  const served: Served = new Map();
  for (const apiVersion of apiVersions) {
    try {
      served.set(apiVersion, await discoverKinds(ctx.request, apiVersion));
    } catch (error) {
      served.set(apiVersion, new Error(transportFailure(error, ctx)));
    }
  }
  return served;
}

/** The served kind, or why the object cannot be applied (the whole group or kind missing, discovery failed). */
function resolveKind(served: Served, apiVersion: string, kind: string): ServedKind | string {
  const group = served.get(apiVersion);
  const discovery = `cannot read the API's kinds (GET ${groupVersionPath(apiVersion)})`;
  // the plural the CRD would define, for the message only (the cluster did not tell it): right for the managed kinds
  const crd = resourceName(apiVersion, `${kind.toLowerCase()}s`);
  if (group instanceof Error) return `${discovery}: ${group.message}`;
  if (group instanceof Map) return group.get(kind) ?? `the cluster has no ${kind} kind (${apiVersion} serves no ${crd}): ${missingKindAdvice(crd)}`;
  if (group?.status === 404) return `the cluster does not serve ${apiVersion}, so it has no ${kind} kind: ${missingKindAdvice(crd)}`;
  return `${discovery}: ${describeApiFailure({ verb: 'get', resource: apiVersion }, group?.status ?? 0, group?.body)}`;
}

async function applyOne(planned: PlannedObject, served: Served, before: Map<string, ListedObject>, ctx: PushContext): Promise<ObjectResult> {
  const { object } = planned;
  if (planned.problem) return objectResult(object, 'failed', `${planned.source}: ${planned.problem}`);
  const kind = resolveKind(served, object.apiVersion, object.kind);
  if (typeof kind === 'string') return objectResult(object, 'failed', kind);
  const namespace = kind.namespaced ? object.metadata.namespace : undefined;
  const op: ApiOperation = { verb: 'patch', resource: resourceName(object.apiVersion, kind.plural), name: object.metadata.name, ...(namespace ? { namespace } : {}) };
  try {
    const response = await ctx.request({
      method: 'PATCH',
      path: resourcePath(object.apiVersion, kind.plural, namespace, object.metadata.name),
      query: { fieldManager: ctx.fieldManager, force: 'true', dryRun: ctx.dryRun ? 'All' : undefined },
      contentType: APPLY_PATCH,
      body: JSON.stringify(object),
    });
    if (response.status !== 200 && response.status !== 201) return objectResult(object, 'failed', describeApiFailure(op, response.status, response.body));
    return objectResult(object, applyAction(response.status, before.get(objectKey(object)), response.body, ctx.dryRun));
  } catch (error) {
    return objectResult(object, 'failed', transportFailure(error, ctx));
  }
}

/** Objects as they are now, by key: for "unchanged", and for prune (cluster-wide lists). Failed lists are skipped. */
async function listManaged(
  ctx: PushContext,
  served: Served,
  lists: { apiVersion: string; kind: string; namespace?: string }[],
  pageSize: number,
  onFailure: (list: { kind: string; namespace?: string }, why: string) => void,
): Promise<Map<string, ListedObject>> {
  const found = new Map<string, ListedObject>();
  await inPool(lists, 4, async (list) => {
    const kind = resolveKind(served, list.apiVersion, list.kind);
    if (typeof kind === 'string') return; // nothing of a kind the cluster lacks can exist
    const namespace = kind.namespaced ? list.namespace : undefined;
    const op: ApiOperation = { verb: 'list', resource: resourceName(list.apiVersion, kind.plural), ...(namespace ? { namespace } : {}) };
    try {
      const items = await listAll(ctx.request, { apiVersion: list.apiVersion, plural: kind.plural, namespace, labelSelector: MANAGED_BY_SELECTOR, pageSize });
      if (!Array.isArray(items)) return onFailure(list, describeApiFailure(op, items.status, items.body));
      for (const item of items) found.set(objectKey({ kind: list.kind, metadata: item.metadata }), { ...item, apiVersion: list.apiVersion, kind: list.kind });
    } catch (error) {
      onFailure(list, transportFailure(error, ctx));
    }
  });
  return found;
}

async function deleteOne(listed: ListedObject, served: Served, ctx: PushContext): Promise<ObjectResult> {
  const apiVersion = listed.apiVersion as string;
  const kind = resolveKind(served, apiVersion, listed.kind as string) as ServedKind; // listed, so served
  const object = { kind: listed.kind as string, metadata: listed.metadata };
  const namespace = kind.namespaced ? listed.metadata.namespace : undefined;
  const op: ApiOperation = { verb: 'delete', resource: resourceName(apiVersion, kind.plural), name: listed.metadata.name, ...(namespace ? { namespace } : {}) };
  try {
    // the uid precondition: an object of the same name re-created since the list is someone else's, not ours to delete
    const options = { kind: 'DeleteOptions', apiVersion: 'v1', ...(listed.metadata.uid ? { preconditions: { uid: listed.metadata.uid } } : {}) };
    const response = await ctx.request({
      method: 'DELETE',
      path: resourcePath(apiVersion, kind.plural, namespace, listed.metadata.name),
      query: { dryRun: ctx.dryRun ? 'All' : undefined },
      body: JSON.stringify(options),
      contentType: 'application/json',
    });
    // 404: already gone, which is what prune wanted
    if (response.status === 200 || response.status === 202 || response.status === 404) return objectResult(object, 'deleted');
    return objectResult(object, 'failed', describeApiFailure(op, response.status, response.body));
  } catch (error) {
    return objectResult(object, 'failed', transportFailure(error, ctx));
  }
}

/** Server-side apply of the generated manifests (and ConfigMaps) to one cluster; per-object results and a summary. */
export async function applyToKubernetes(
  target: KubernetesTarget,
  files: readonly GeneratedFile[],
  options: ApplyToKubernetesOptions = {},
): Promise<KubernetesPushResult> {
  const started = Date.now();
  const dryRun = options.dryRun ?? false;
  const timeoutMs = options.timeoutMs ?? 120_000;
  const problems: string[] = [];
  const applied: ObjectResult[] = []; // by manifest index: requests finish in any order
  const deleted: ObjectResult[] = [];
  let server = 'no cluster';
  let done = 0;
  let total = 0;
  const progress = (event: Omit<KubernetesPushProgress, 'target' | 'done' | 'total'>) => options.onProgress?.({ target: target.name, done, total, ...event });
  const finished = (result: ObjectResult) => {
    done++;
    progress({ phase: 'object', object: result });
    return result;
  };
  const finish = (): KubernetesPushResult => {
    const objects = [...applied.filter(Boolean), ...deleted];
    const { status, counts, text } = summarize(objects, problems);
    const result = { target: target.name, server, dryRun, status, counts, summary: text, objects, problems, durationMs: Date.now() - started };
    progress({ phase: 'finished', result });
    return result;
  };
  progress({ phase: 'started' });

  const loaded = loadKubeConfig({ kubeconfig: target.kubeconfig, context: target.context, env: options.env });
  if (!loaded.ok) {
    problems.push(loaded.error);
    return finish();
  }
  server = loaded.describe;

  const plan = planManifests(files, { namespace: target.namespace ?? 'monitoring', configMapDirectories: target.configMaps ?? DEFAULT_CONFIG_MAP_DIRECTORIES });
  problems.push(...plan.problems);
  total = plan.objects.length;

  const deadline = new AbortController();
  const timer = setTimeout(() => deadline.abort(), timeoutMs);
  try {
    let request: KubeHttp;
    try {
      const deadlineMessage = `the push's deadline of ${timeoutMs / 1000} s passed`;
      request = await kubeHttp(loaded.kubeConfig, { requestTimeoutMs: options.requestTimeoutMs ?? 30_000, deadline: deadline.signal, deadlineMessage });
    } catch (error) {
      problems.push(`${server}: ${(error as Error).message}`);
      return finish();
    }
    const ctx: PushContext = { request, server, fieldManager: target.fieldManager ?? FIELD_MANAGER, dryRun };
    const concurrency = options.concurrency ?? 8;
    const apiVersions = new Set(plan.objects.map((p) => p.object.apiVersion));
    if (target.prune) for (const k of MANAGED_KINDS) apiVersions.add(k.apiVersion);
    const served = await discover(ctx, apiVersions);

    // What exists now: cluster-wide per managed kind when pruning (it must find vanished objects anywhere),
    // otherwise per kind and namespace of what is applied. A failed list only costs "unchanged" detection, and
    // when pruning, that kind's prune.
    const pruneFailures = new Map<string, string>();
    const lists = target.prune
      ? MANAGED_KINDS.map((k) => ({ ...k }))
      : [...new Map(plan.objects.map(({ object: o }) => [`${o.apiVersion} ${o.kind} ${o.metadata.namespace}`, { apiVersion: o.apiVersion, kind: o.kind, namespace: o.metadata.namespace }])).values()];
    const before = await listManaged(ctx, served, lists, options.pageSize ?? 100, (list, why) => {
      if (target.prune) pruneFailures.set(list.kind, `prune skipped for ${list.kind}: ${why}`);
    });

    await inPool(plan.objects.map((p, i) => [p, i] as const), concurrency, async ([planned, i]) => {
      applied[i] = finished(await applyOne(planned, served, before, ctx));
    });

    if (target.prune) {
      const missing = missingManifestFiles(files);
      if (missing.length > 0 || plan.problems.length > 0) {
        // without every generated object known, "no longer generated" cannot be told from "not read"
        problems.push(`prune skipped: ${missing.length > 0 ? `the generated files lack ${missing.join(', ')}` : 'not every object to keep is known (see the problems above)'}`);
      } else {
        problems.push(...pruneFailures.values());
        const wanted = new Set(plan.objects.map((p) => objectKey(p.object)));
        const stale = [...before.entries()]
          .filter(([key, o]) => !wanted.has(key) && !pruneFailures.has(o.kind as string))
          .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
          .map(([, o]) => o);
        total += stale.length;
        deleted.push(...(await inPool(stale, concurrency, async (o) => finished(await deleteOne(o, served, ctx)))));
      }
    }
  } finally {
    clearTimeout(timer);
    deadline.abort();
  }
  return finish();
}
