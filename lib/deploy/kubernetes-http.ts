// Plain HTTP to the Kubernetes API server for a push: the I/O edge of kubernetes-target.ts.
// Why not client-node's KubernetesObjectApi.patch (1.4.0): it returns only the body, so 201 (created) cannot be told
// from 200 (updated), and it cannot take a per-call abort signal. Why not applyToFetchOptions + fetch: it returns
// node-fetch options, and Node's own fetch ignores their `agent`, which carries the cluster's CA and client
// certificate. So: the kubeconfig's https options (agent, auth headers, exec/OIDC plugins: applyToHTTPSOptions)
// on node:http(s) requests, one target-wide deadline signal plus a timeout per request.
import http from 'node:http';
import https from 'node:https';
import type { KubeConfig } from '@kubernetes/client-node';

export interface KubeRequest {
  method: 'GET' | 'PATCH' | 'DELETE';
  /** from the server's root: /apis/monitoring.coreos.com/v1/namespaces/x/prometheusrules/y */
  path: string;
  query?: Record<string, string | undefined>;
  body?: string;
  contentType?: string;
}

export interface KubeResponse {
  status: number;
  /** parsed JSON when the server sent JSON, else the text */
  body: unknown;
}

export type KubeHttp = (request: KubeRequest) => Promise<KubeResponse>;

/** No answer within the per-request timeout, or the target's deadline passed: the message says which. */
export class KubeTimeoutError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KubeTimeoutError';
  }
}

export interface KubeHttpOptions {
  requestTimeoutMs: number;
  /** the whole target's deadline: aborts requests in flight and refuses new ones */
  deadline: AbortSignal;
  /** "the push's deadline of 120 s passed"; requests add whether they were sent */
  deadlineMessage: string;
}

/** Answers bigger than this are refused: an object is at most ~1.5 MiB, a list page of 100 at most ~150 MiB. */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;

/** A request function for the kubeconfig's current cluster and user; throws (with the reason) when it has neither. */
export async function kubeHttp(kc: KubeConfig, options: KubeHttpOptions): Promise<KubeHttp> {
  const cluster = kc.getCurrentCluster();
  if (!cluster) throw new Error('the kubeconfig names no current cluster');
  const server = new URL(cluster.server);
  const transport = server.protocol === 'https:' ? https : server.protocol === 'http:' ? http : undefined;
  if (!transport) throw new Error(`the cluster's server ${cluster.server} is neither http nor https`);
  // Once per target: the token an exec plugin hands out outlives a push.
  const base: https.RequestOptions = {};
  await kc.applyToHTTPSOptions(base);
  const prefix = server.pathname.replace(/\/+$/, ''); // a server behind a path (rancher's /k8s/clusters/c-x)

  return (request) =>
    new Promise<KubeResponse>((resolve, reject) => {
      if (options.deadline.aborted) {
        reject(new KubeTimeoutError(`${options.deadlineMessage}: not sent`));
        return;
      }
      const url = new URL(server.origin + prefix + request.path);
      for (const [k, v] of Object.entries(request.query ?? {})) if (v !== undefined) url.searchParams.set(k, v);
      const headers: http.OutgoingHttpHeaders = { ...(base.headers as http.OutgoingHttpHeaders | undefined), Accept: 'application/json' };
      if (request.body !== undefined) {
        headers['Content-Type'] = request.contentType ?? 'application/json';
        headers['Content-Length'] = Buffer.byteLength(request.body, 'utf8');
      }
      const req = transport.request(url, { method: request.method, headers, agent: base.agent, ...(base.auth ? { auth: base.auth } : {}) });
      const timer = setTimeout(
        () => req.destroy(new KubeTimeoutError(`no answer within ${options.requestTimeoutMs / 1000} s (${request.method} ${request.path})`)),
        options.requestTimeoutMs,
      );
      const onDeadline = () => req.destroy(new KubeTimeoutError(`${options.deadlineMessage}: sent, no answer (it may have been applied)`));
      options.deadline.addEventListener('abort', onDeadline, { once: true });
      const done = () => {
        clearTimeout(timer);
        options.deadline.removeEventListener('abort', onDeadline);
      };
      req.on('error', (error) => {
        done();
        reject(error);
      });
      req.on('response', (res) => {
        const chunks: Buffer[] = [];
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_RESPONSE_BYTES) req.destroy(new Error(`the answer to ${request.method} ${request.path} exceeded ${MAX_RESPONSE_BYTES} bytes`));
          else chunks.push(chunk);
        });
        res.on('error', (error) => {
          done();
          reject(error);
        });
        res.on('end', () => {
          done();
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          if (/json/.test(res.headers['content-type'] ?? '')) {
            try {
              body = JSON.parse(text);
            } catch {
              // keep the text: the error message quotes it
            }
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      });
      req.end(request.body);
    });
}

// --- paths

export function groupVersionPath(apiVersion: string): string {
  return apiVersion.includes('/') ? `/apis/${apiVersion}` : `/api/${apiVersion}`;
}

export function resourcePath(apiVersion: string, plural: string, namespace?: string, name?: string): string {
  const ns = namespace === undefined ? '' : `/namespaces/${encodeURIComponent(namespace)}`;
  return `${groupVersionPath(apiVersion)}${ns}/${plural}${name === undefined ? '' : `/${encodeURIComponent(name)}`}`;
}

// --- discovery and lists

export interface ServedKind {
  plural: string;
  namespaced: boolean;
}

/** The kinds one group/version serves (its APIResourceList), or the failed response: 404 = the group is not served. */
export async function discoverKinds(request: KubeHttp, apiVersion: string): Promise<Map<string, ServedKind> | KubeResponse> {
  const response = await request({ method: 'GET', path: groupVersionPath(apiVersion) });
  const resources = (response.body as { resources?: { name?: string; kind?: string; namespaced?: boolean }[] } | null)?.resources;
  if (response.status !== 200 || !Array.isArray(resources)) return response;
  const kinds = new Map<string, ServedKind>();
  // subresources (prometheusrules/status) share the kind: keep the top-level resource
  for (const r of resources) if (r.kind && r.name && !r.name.includes('/')) kinds.set(r.kind, { plural: r.name, namespaced: r.namespaced === true });
  return kinds;
}

export type ListedObject = Record<string, unknown> & { metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string } };

/** Every page of a label-selected list (cluster-wide without namespace), or the first failed response. */
export async function listAll(
  request: KubeHttp,
  list: { apiVersion: string; plural: string; namespace?: string; labelSelector: string; pageSize: number },
): Promise<ListedObject[] | KubeResponse> {
  const items: ListedObject[] = [];
  let cont: string | undefined;
  do {
    const response = await request({
      method: 'GET',
      path: resourcePath(list.apiVersion, list.plural, list.namespace),
      query: { labelSelector: list.labelSelector, limit: String(list.pageSize), continue: cont },
    });
    const page = response.body as { items?: ListedObject[]; metadata?: { continue?: string } } | null;
    if (response.status !== 200 || !Array.isArray(page?.items)) return response;
    items.push(...page.items);
    cont = page.metadata?.continue || undefined;
  } while (cont);
  return items;
}
