// Kubernetes discovery: list Deployments, StatefulSets and DaemonSets through the API server (read-only: list
// verbs on apps/v1 only) and turn them into Workloads. The mapping is pure (exported below) so it can be tested
// without a server; the scan adds pagination, per-namespace targets, a whole-target deadline and error words an
// operator can act on instead of the client's "HTTP-Code: 403 Message: Unknown API Status Code! Body: ...".
import { readFileSync } from 'node:fs';
import path from 'node:path';
import jsyaml from 'js-yaml';
import {
  ApiException,
  AppsV1Api,
  KubeConfig,
  Observable,
  type ConfigurationOptions,
  type RequestContext,
  type ResponseContext,
  type V1DaemonSet,
  type V1Deployment,
  type V1ListMeta,
  type V1StatefulSet,
} from '@kubernetes/client-node';
import { describeTransportError } from '../http/transport-error';
import type { ProgressListener, TargetResult, Workload } from './types';

// --- kubeconfig

export type KubeConfigResult = { ok: true; kubeConfig: KubeConfig; describe: string } | { ok: false; error: string };

export interface LoadKubeConfigOptions {
  /** kubernetes.kubeconfig from the discovery config: a file path */
  kubeconfig?: string;
  /** kubernetes.context: a context in that file instead of its current-context */
  context?: string;
  /** defaults to process.env; tests pass their own (Partial: Next.js's typing makes NODE_ENV required) */
  env?: Partial<NodeJS.ProcessEnv>;
}

const SERVICE_ACCOUNT_TOKEN = '/var/run/secrets/kubernetes.io/serviceaccount/token';

/** Explicit file, else KUBECONFIG, else in-cluster. Never falls back to ~/.kube/config or localhost:8080 silently. */
export function loadKubeConfig(options: LoadKubeConfigOptions = {}): KubeConfigResult {
  const env = options.env ?? process.env;
  const kc = new KubeConfig();
  let from: string;
  if (options.kubeconfig) {
    const error = loadFile(kc, options.kubeconfig);
    if (error) return { ok: false, error };
    from = `kubeconfig ${options.kubeconfig}`;
  } else if (env.KUBECONFIG) {
    const files = env.KUBECONFIG.split(path.delimiter).filter(Boolean);
    for (const [i, file] of files.entries()) {
      const one = i === 0 ? kc : new KubeConfig();
      const error = loadFile(one, file, 'KUBECONFIG');
      if (error) return { ok: false, error };
      if (i > 0) mergeFirstWins(kc, one);
    }
    from = `KUBECONFIG ${files.join(path.delimiter)}`;
  } else if (env.KUBERNETES_SERVICE_HOST) {
    // loadFromCluster takes host/port from the pod's own process.env and reads the token lazily: check it now
    try {
      readFileSync(SERVICE_ACCOUNT_TOKEN);
    } catch (error) {
      return { ok: false, error: `in-cluster: cannot read the service account token ${SERVICE_ACCOUNT_TOKEN} (${errnoOf(error)})` };
    }
    kc.loadFromCluster();
    from = 'in-cluster service account';
  } else {
    return { ok: false, error: 'no Kubernetes configured (set kubernetes.kubeconfig, KUBECONFIG, or run in a cluster)' };
  }

  if (options.context) {
    if (!kc.getContextObject(options.context)) {
      const known = kc.getContexts().map((c) => c.name);
      return { ok: false, error: `${from}: no context "${options.context}" (contexts: ${known.join(', ') || 'none'})` };
    }
    kc.setCurrentContext(options.context);
  }
  const cluster = kc.getCurrentCluster();
  if (!cluster) {
    const context = kc.getCurrentContext();
    return { ok: false, error: context ? `${from}: context "${context}" names no known cluster` : `${from}: no current-context (set kubernetes.context)` };
  }
  const context = kc.getCurrentContext();
  return { ok: true, kubeConfig: kc, describe: `${from}${context ? ` (context ${context})` : ''}, server ${cluster.server}` };
}

/** Loads one file into kc; an error line naming the file, or undefined. */
function loadFile(kc: KubeConfig, file: string, via = 'kubeconfig'): string | undefined {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    return `${via} ${file}: cannot read (${errnoOf(error)})`;
  }
  const invalid = (why: string) => `${via} ${file}: not a valid kubeconfig (${why})`;
  try {
    // the client dereferences the document unchecked: an empty file would be "Cannot read properties of undefined"
    const doc = jsyaml.load(text);
    if (!doc || typeof doc !== 'object' || Array.isArray(doc)) return invalid('not a YAML mapping');
    kc.loadFromString(text);
    kc.makePathsAbsolute(path.dirname(file)); // certificate-authority: ca.crt is relative to the file, as for kubectl
  } catch (error) {
    return invalid((error as Error).message.split('\n')[0] ?? 'unreadable');
  }
  if (kc.getClusters().length + kc.getUsers().length + kc.getContexts().length === 0) return invalid('no clusters, users or contexts');
  return undefined;
}

/** kubectl's KUBECONFIG merge: the first file defining a name (or current-context) wins; the client's own throws. */
function mergeFirstWins(kc: KubeConfig, next: KubeConfig): void {
  for (const cluster of next.getClusters()) if (!kc.getCluster(cluster.name)) kc.addCluster(cluster);
  for (const user of next.getUsers()) if (!kc.getUser(user.name)) kc.addUser(user);
  for (const context of next.getContexts()) if (!kc.getContextObject(context.name)) kc.addContext(context);
  if (!kc.getCurrentContext() && next.getCurrentContext()) kc.setCurrentContext(next.getCurrentContext());
}

function errnoOf(error: unknown): string {
  return (error as NodeJS.ErrnoException).code ?? (error as Error).message;
}

// --- API objects -> Workload (pure)

export type WorkloadKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';
type AppsObject = V1Deployment | V1StatefulSet | V1DaemonSet;

/** "2/3 ready"; a Deployment or StatefulSet scaled to 0 is "scaled to 0" and healthy (someone meant it). */
export function readiness(ready: number, desired: number, scalable: boolean): { status: string; healthy: boolean } {
  if (scalable && desired === 0) return { status: 'scaled to 0', healthy: true };
  return { status: `${ready}/${desired} ready`, healthy: ready >= desired };
}

export function deploymentToWorkload(d: V1Deployment): Workload {
  return toWorkload('Deployment', d, readiness(d.status?.readyReplicas ?? 0, d.spec?.replicas ?? 1, true));
}

export function statefulSetToWorkload(s: V1StatefulSet): Workload {
  return toWorkload('StatefulSet', s, readiness(s.status?.readyReplicas ?? 0, s.spec?.replicas ?? 1, true));
}

export function daemonSetToWorkload(d: V1DaemonSet): Workload {
  return toWorkload('DaemonSet', d, readiness(d.status?.numberReady ?? 0, d.status?.desiredNumberScheduled ?? 0, false));
}

function toWorkload(kind: WorkloadKind, o: AppsObject, state: { status: string; healthy: boolean }): Workload {
  const meta = o.metadata ?? {};
  const image = o.spec?.template?.spec?.containers?.[0]?.image;
  const created = isoTime(meta.creationTimestamp as Date | string | undefined);
  return {
    source: 'kubernetes',
    location: meta.namespace ?? '',
    name: meta.name ?? '',
    kind,
    ...(image ? { image } : {}),
    ...state,
    labels: { ...(meta.labels ?? {}) },
    annotations: { ...(meta.annotations ?? {}) },
    ...(created ? { created } : {}),
  };
}

/** The client deserializes creationTimestamp to a Date; raw JSON (tests, other callers) has the string. */
function isoTime(t: Date | string | undefined): string | undefined {
  if (t === undefined) return undefined;
  const date = t instanceof Date ? t : new Date(t);
  return Number.isNaN(date.getTime()) ? undefined : date.toISOString();
}

// --- errors -> operator words (pure)

/** The Status object's message, from an ApiException body (a JSON string, an object, or nothing). */
function statusMessage(body: unknown): string | undefined {
  let value = body;
  if (typeof body === 'string') {
    try {
      value = JSON.parse(body);
    } catch {
      return body.trim() || undefined;
    }
  }
  const message = (value as { message?: unknown } | null)?.message;
  return typeof message === 'string' ? message : undefined;
}

/** Client errors (ApiException with code and Status body, FetchError with a system code) in operator words. */
export function describeKubeError(error: unknown, server: string): string {
  if (error instanceof ApiException) {
    const message = statusMessage(error.body);
    if (error.code === 401) return 'unauthorized (401): check the token';
    if (error.code === 403) return `forbidden (403): ${message ?? 'no message'}`;
    if (error.code === 410) return `list expired twice while paging (410 Gone): ${message ?? 'no message'}`;
    return `HTTP ${error.code} from ${server}${message ? `: ${message}` : ''}`;
  }
  // node-fetch's FetchError carries the system error's code
  return describeTransportError(error, server);
}

// --- scan

export interface ScanKubernetesOptions {
  /** absent or empty: one target '*' listing every namespace */
  namespaces?: string[];
  /** items per list call (the API's `limit`); default 500 */
  pageSize?: number;
  /** the whole target (all pages of the three kinds) */
  timeoutMs: number;
  onProgress?: ProgressListener;
}

type Page<T> = { metadata?: V1ListMeta; items: T[] };
type Lister<T> = (api: AppsV1Api, namespace: string | undefined, page: { limit: number; _continue?: string }, options: ConfigurationOptions) => Promise<Page<T>>;

const listers: { lister: Lister<AppsObject>; map: (o: never) => Workload }[] = [
  {
    lister: (api, namespace, page, options) =>
      namespace ? api.listNamespacedDeployment({ namespace, ...page }, options) : api.listDeploymentForAllNamespaces(page, options),
    map: deploymentToWorkload,
  },
  {
    lister: (api, namespace, page, options) =>
      namespace ? api.listNamespacedStatefulSet({ namespace, ...page }, options) : api.listStatefulSetForAllNamespaces(page, options),
    map: statefulSetToWorkload,
  },
  {
    lister: (api, namespace, page, options) =>
      namespace ? api.listNamespacedDaemonSet({ namespace, ...page }, options) : api.listDaemonSetForAllNamespaces(page, options),
    map: daemonSetToWorkload,
  },
];

/** Per-call options putting the signal on every request (ObjectParamAPI calls take observable-style middleware). */
function withSignal(signal: AbortSignal): ConfigurationOptions {
  const pre = (ctx: RequestContext) => {
    ctx.setSignal(signal);
    return new Observable(Promise.resolve(ctx));
  };
  const post = (response: ResponseContext) => new Observable(Promise.resolve(response));
  return { middleware: [{ pre, post }], middlewareMergeStrategy: 'append' };
}

/** Every page of one listing. A continue token can expire mid-way (410 Gone): start over once, then give up. */
async function listAll<T>(fetchPage: (cont: string | undefined) => Promise<Page<T>>): Promise<T[]> {
  for (let attempt = 0; ; attempt++) {
    const items: T[] = [];
    let cont: string | undefined;
    try {
      do {
        const page = await fetchPage(cont);
        items.push(...page.items);
        cont = page.metadata?._continue || undefined;
      } while (cont);
      return items;
    } catch (error) {
      if (attempt === 0 && cont && error instanceof ApiException && error.code === 410) continue;
      throw error;
    }
  }
}

/** Waits for all; rejects with the first failure in input order, so the same cause reads the same on every scan. */
async function allInOrder<T>(promises: Promise<T>[]): Promise<T[]> {
  const settled = await Promise.allSettled(promises);
  const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failed) throw failed.reason;
  return settled.map((s) => (s as PromiseFulfilledResult<T>).value);
}

/** One namespace (or '*'); never throws: a failure is a failed TargetResult. */
async function scanTarget(kc: KubeConfig, api: AppsV1Api, namespace: string | undefined, options: ScanKubernetesOptions): Promise<TargetResult> {
  const target = namespace ?? '*';
  const started = Date.now();
  options.onProgress?.({ source: 'kubernetes', target, phase: 'started' });
  const server = kc.getCurrentCluster()?.server ?? 'unknown server';
  const limit = options.pageSize ?? 500;

  // The deadline aborts the HTTP requests (signal set on each request by a middleware) and, in case something
  // does not honour the signal (an exec credential plugin, say), also settles the race below.
  const controller = new AbortController();
  let timedOut = false;
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<never>((_, reject) => {
    timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
      reject(new Error('deadline'));
    }, options.timeoutMs);
  });
  const requestOptions = withSignal(controller.signal);

  let result: TargetResult;
  try {
    const work = allInOrder(
      listers.map(async ({ lister, map }) => {
        const objects = await listAll((cont) => lister(api, namespace, { limit, ...(cont ? { _continue: cont } : {}) }, requestOptions));
        return objects.map((o) => map(o as never));
      }),
    );
    work.catch(() => {}); // the deadline may win the race; the loser's rejection is expected
    const workloads = (await Promise.race([work, deadline])).flat();
    result = { source: 'kubernetes', target, status: 'ok', durationMs: Date.now() - started, workloads };
  } catch (error) {
    const message = timedOut ? `timed out after ${options.timeoutMs / 1000} s` : describeKubeError(error, server);
    result = { source: 'kubernetes', target, status: 'failed', error: message, durationMs: Date.now() - started, workloads: [] };
  } finally {
    clearTimeout(timer);
    controller.abort();
  }
  options.onProgress?.({ source: 'kubernetes', target, phase: 'finished', result });
  return result;
}

/** One TargetResult per namespace (concurrently), or one for '*'. A failing namespace never fails the others. */
export async function scanKubernetes(kubeConfig: KubeConfig, options: ScanKubernetesOptions): Promise<TargetResult[]> {
  const api = kubeConfig.makeApiClient(AppsV1Api);
  const namespaces = [...new Set(options.namespaces ?? [])];
  if (namespaces.length === 0) return [await scanTarget(kubeConfig, api, undefined, options)];
  return Promise.all(namespaces.map((ns) => scanTarget(kubeConfig, api, ns, options)));
}
