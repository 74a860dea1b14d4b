// A small stand-in for the Kubernetes API server on 127.0.0.1 (random port), for discovery tests. It answers the
// apps/v1 list endpoints with the real API's shapes, so the real @kubernetes/client-node talks to it unchanged:
//
//   GET /apis/apps/v1/{deployments|statefulsets|daemonsets}                    every namespace
//   GET /apis/apps/v1/namespaces/{ns}/{deployments|statefulsets|daemonsets}    one namespace
//
// Lists are DeploymentList/StatefulSetList/DaemonSetList objects sorted by namespace/name (as etcd keys sort),
// chunked by `limit` with an opaque base64url `continue` token and remainingItemCount, as the API server does.
// Errors are real `Status` objects: 401 for a wrong bearer token, 403 for forbidden namespaces (or the cluster
// scope), 410 Expired for the first N continue tokens when asked, 400 for a garbage token, 404 elsewhere.
// Every request is recorded (path, query, status) so tests can assert pagination happened.
//
//   const api = await startKubeApiServer({ objects: [deployment('shop/api', { replicas: 3, ready: 2 })] });
//   const kc = loadKubeConfig({ kubeconfig: api.kubeconfigPath });  ...  await api.close();
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type ServerResponse } from 'node:http';
import { createServer as createNetServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';

export type FixtureKind = 'Deployment' | 'StatefulSet' | 'DaemonSet';

/** An apps/v1 object as the API server stores it (kind/apiVersion are dropped from list items when served). */
export interface KubeObject {
  kind: FixtureKind;
  apiVersion: 'apps/v1';
  metadata: { name: string; namespace: string; uid: string; resourceVersion: string; generation: number; creationTimestamp: string; labels?: Record<string, string>; annotations?: Record<string, string> };
  spec: Record<string, unknown>;
  status: Record<string, unknown>;
}

export interface KubeApiFixtures {
  objects: KubeObject[];
  /** the bearer token the server accepts (default "kube-test-token") */
  token?: string;
  /** who the token belongs to, for 403 messages */
  user?: string;
  /** namespaces whose lists answer 403 Forbidden */
  forbiddenNamespaces?: string[];
  /** every-namespace lists answer 403 (a namespaced Role only) */
  forbidClusterScope?: boolean;
  /** answer 410 Expired to this many requests carrying a continue token (then serve normally) */
  expireContinueTokens?: number;
  /** wait this long before answering each request */
  delayMs?: number;
}

export interface RecordedKubeRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  status: number;
}

export interface KubeApiServer {
  url: string;
  token: string;
  /** every request so far, oldest first */
  readonly requests: RecordedKubeRequest[];
  /** a kubeconfig for this server with the right token (context "test") */
  kubeconfigPath: string;
  /** another kubeconfig file: a wrong token, another server (a closed port), extra contexts */
  writeKubeconfig(options?: Partial<KubeconfigOptions>): string;
  close(): Promise<void>;
}

const RESOURCES: Record<string, FixtureKind> = { deployments: 'Deployment', statefulsets: 'StatefulSet', daemonsets: 'DaemonSet' };
const LIST_PATH = /^\/apis\/apps\/v1\/(?:namespaces\/([a-z0-9-]+)\/)?(deployments|statefulsets|daemonsets)$/;
const EXPIRED_MESSAGE =
  'The provided continue parameter is too old to display a consistent list result. You can start a new list without the continue parameter, or use the continue token in this response to retrieve the remainder of the results. Continuing with the provided token results in an inconsistent list - objects that were created, modified, or deleted between the time the first chunk was returned and now may show up in the list.';

function status(code: number, reason: string, message: string, details?: Record<string, unknown>) {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}

// The API server's token: base64url of {"v":"meta.k8s.io/v1","rv":N,"start":"<next key>"}.
const encodeContinue = (rv: number, start: string) => Buffer.from(JSON.stringify({ v: 'meta.k8s.io/v1', rv, start })).toString('base64url');
function decodeContinue(token: string): { rv: number; start: string } | undefined {
  try {
    const value = JSON.parse(Buffer.from(token, 'base64url').toString('utf8')) as { v?: string; rv?: number; start?: string };
    return value.v === 'meta.k8s.io/v1' && typeof value.rv === 'number' && typeof value.start === 'string' ? { rv: value.rv, start: value.start } : undefined;
  } catch {
    return undefined;
  }
}

export async function startKubeApiServer(fixtures: KubeApiFixtures): Promise<KubeApiServer> {
  const token = fixtures.token ?? 'kube-test-token';
  const user = fixtures.user ?? 'system:serviceaccount:monitoring:awoooi';
  const resourceVersion = 48213;
  const requests: RecordedKubeRequest[] = [];
  let expireLeft = fixtures.expireContinueTokens ?? 0;
  const keyOf = (o: KubeObject) => `${o.metadata.namespace}/${o.metadata.name}`;
  const objects = [...fixtures.objects].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0));

  function answer(method: string, url: URL): { code: number; body: unknown } {
    const match = LIST_PATH.exec(url.pathname);
    if (!match) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource', {}) };
    if (method !== 'GET') return { code: 405, body: status(405, 'MethodNotAllowed', `the server does not allow this method on the requested resource`) };
    const [, namespace, resource = ''] = match;
    const where = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    if (namespace ? fixtures.forbiddenNamespaces?.includes(namespace) : fixtures.forbidClusterScope) {
      const message = `${resource}.apps is forbidden: User "${user}" cannot list resource "${resource}" in API group "apps" ${where}`;
      return { code: 403, body: status(403, 'Forbidden', message, { group: 'apps', kind: resource }) };
    }
    const kind = RESOURCES[resource];
    let items = objects.filter((o) => o.kind === kind && (!namespace || o.metadata.namespace === namespace));
    const cont = url.searchParams.get('continue');
    if (cont) {
      const decoded = decodeContinue(cont);
      if (!decoded) return { code: 400, body: status(400, 'BadRequest', 'continue key is not valid: illegal base64 data') };
      if (expireLeft > 0) {
        expireLeft--;
        return { code: 410, body: { ...status(410, 'Expired', EXPIRED_MESSAGE), metadata: { continue: cont } } };
      }
      items = items.filter((o) => keyOf(o) >= decoded.start);
    }
    const limit = Number(url.searchParams.get('limit') ?? 0);
    const page = limit > 0 ? items.slice(0, limit) : items;
    const rest = items.length - page.length;
    const last = page.at(-1);
    const metadata = {
      resourceVersion: String(resourceVersion),
      ...(rest > 0 && last ? { continue: encodeContinue(resourceVersion, `${keyOf(last)}\u0000`), remainingItemCount: rest } : {}),
    };
    // list items carry no kind/apiVersion on the wire; the list does
    const served = page.map(({ kind: _k, apiVersion: _a, ...object }) => object);
    return { code: 200, body: { kind: `${kind}List`, apiVersion: 'apps/v1', metadata, items: served } };
  }

  const server = createServer((req, res: ServerResponse) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const authorized = req.headers.authorization === `Bearer ${token}`;
    const { code, body } = authorized ? answer(req.method ?? 'GET', url) : { code: 401, body: status(401, 'Unauthorized', 'Unauthorized') };
    requests.push({ method: req.method ?? 'GET', path: url.pathname, query: Object.fromEntries(url.searchParams), status: code });
    const send = () => {
      if (res.destroyed) return;
      res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
      res.end(JSON.stringify(body));
    };
    if (fixtures.delayMs) setTimeout(send, fixtures.delayMs).unref();
    else send();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const dir = mkdtempSync(path.join(tmpdir(), 'awoooi-kube-'));
  let files = 0;
  const writeKubeconfig = (options: Partial<KubeconfigOptions> = {}) => {
    const file = path.join(dir, `kubeconfig-${++files}.yaml`);
    writeFileSync(file, kubeconfigYaml({ server: url, token, ...options }));
    return file;
  };

  return {
    url,
    token,
    requests,
    kubeconfigPath: writeKubeconfig(),
    writeKubeconfig,
    close: async () => {
      server.closeAllConnections(); // a delayed answer must not keep close() waiting
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

export interface KubeconfigOptions {
  server: string;
  token: string;
  /** name of the (current) context; default "test" */
  context?: string;
}

/** A kubeconfig with one token user. Plain http needs insecure-skip-tls-verify, or the client refuses it. */
export function kubeconfigYaml({ server, token, context = 'test' }: KubeconfigOptions): string {
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    `  - name: ${context}-cluster`,
    '    cluster:',
    `      server: ${server}`,
    '      insecure-skip-tls-verify: true',
    'users:',
    `  - name: ${context}-user`,
    '    user:',
    `      token: ${token}`,
    'contexts:',
    `  - name: ${context}`,
    '    context:',
    `      cluster: ${context}-cluster`,
    `      user: ${context}-user`,
    `current-context: ${context}`,
    '',
  ].join('\n');
}

/** A loopback port nothing listens on (bound, then released), for "connection refused". */
export async function closedPort(): Promise<number> {
  const probe = createNetServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const { port } = probe.address() as AddressInfo;
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

// ---------------------------------------------------------------------------------------------------------------
// fixtures

export interface FixtureOptions {
  /** Deployment/StatefulSet: spec.replicas (default 1); DaemonSet: desiredNumberScheduled (default 3) */
  replicas?: number;
  /** ready pods (default: all) */
  ready?: number;
  image?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  created?: string;
}

/** Realistic apps/v1 objects, as `kubectl get -o json` shows them. `ref` is "namespace/name". */
export function workloadFixture(kind: FixtureKind, ref: string, options: FixtureOptions = {}): KubeObject {
  const [namespace = 'default', name = ref] = ref.includes('/') ? ref.split('/') : [undefined, ref];
  const desired = options.replicas ?? (kind === 'DaemonSet' ? 3 : 1);
  const ready = options.ready ?? desired;
  const created = options.created ?? '2025-03-14T09:26:53Z';
  const uid = createHash('sha256').update(`${kind}/${ref}`).digest('hex');
  const selector = { matchLabels: { 'app.kubernetes.io/name': name } };
  const container = { name, image: options.image ?? `registry.example.com/${name}:1.4.2`, imagePullPolicy: 'IfNotPresent', resources: {}, terminationMessagePath: '/dev/termination-log', terminationMessagePolicy: 'File' };
  const template = {
    metadata: { labels: selector.matchLabels },
    spec: { containers: [container], restartPolicy: 'Always', terminationGracePeriodSeconds: 30, dnsPolicy: 'ClusterFirst', securityContext: {}, schedulerName: 'default-scheduler' },
  };
  // the API server omits zero counts (omitempty), so a fixture with nothing ready has no readyReplicas at all
  const count = (field: string, n: number) => (n > 0 ? { [field]: n } : {});
  const condition = (type: string, ok: boolean, reason: string, message: string) => ({ type, status: ok ? 'True' : 'False', lastUpdateTime: created, lastTransitionTime: created, reason, message });

  let spec: Record<string, unknown>;
  let status: Record<string, unknown>;
  if (kind === 'Deployment') {
    spec = { replicas: desired, selector, template, strategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: '25%', maxSurge: '25%' } }, revisionHistoryLimit: 10, progressDeadlineSeconds: 600 };
    status = {
      observedGeneration: 1,
      ...count('replicas', desired), ...count('updatedReplicas', desired), ...count('readyReplicas', ready), ...count('availableReplicas', ready), ...count('unavailableReplicas', desired - ready),
      conditions: [
        ready >= desired ? condition('Available', true, 'MinimumReplicasAvailable', 'Deployment has minimum availability.') : condition('Available', false, 'MinimumReplicasUnavailable', 'Deployment does not have minimum availability.'),
        condition('Progressing', true, 'NewReplicaSetAvailable', `ReplicaSet "${name}-6b7d9c5f8d" has successfully progressed.`),
      ],
    };
  } else if (kind === 'StatefulSet') {
    spec = { replicas: desired, selector, template, serviceName: name, podManagementPolicy: 'OrderedReady', updateStrategy: { type: 'RollingUpdate', rollingUpdate: { partition: 0 } }, revisionHistoryLimit: 10, persistentVolumeClaimRetentionPolicy: { whenDeleted: 'Retain', whenScaled: 'Retain' } };
    status = { observedGeneration: 1, replicas: desired, ...count('readyReplicas', ready), ...count('availableReplicas', ready), currentReplicas: desired, updatedReplicas: desired, currentRevision: `${name}-5d4f8b9c7`, updateRevision: `${name}-5d4f8b9c7`, collisionCount: 0 };
  } else {
    spec = { selector, template, updateStrategy: { type: 'RollingUpdate', rollingUpdate: { maxUnavailable: 1, maxSurge: 0 } }, revisionHistoryLimit: 10 };
    status = { currentNumberScheduled: desired, numberMisscheduled: 0, desiredNumberScheduled: desired, numberReady: ready, observedGeneration: 1, updatedNumberScheduled: desired, numberAvailable: ready, ...count('numberUnavailable', desired - ready) };
  }
  const annotations =
    options.annotations ??
    (kind === 'Deployment' ? { 'deployment.kubernetes.io/revision': '1' } : kind === 'DaemonSet' ? { 'deprecated.daemonset.template.generation': '1' } : undefined);
  return {
    kind,
    apiVersion: 'apps/v1',
    metadata: {
      name,
      namespace,
      uid: `${uid.slice(0, 8)}-${uid.slice(8, 12)}-${uid.slice(12, 16)}-${uid.slice(16, 20)}-${uid.slice(20, 32)}`,
      resourceVersion: String(40000 + (parseInt(uid.slice(0, 4), 16) % 8000)),
      generation: 1,
      creationTimestamp: created,
      labels: options.labels ?? { 'app.kubernetes.io/name': name },
      // StatefulSets usually have none, and the API server then omits the field
      ...(annotations ? { annotations } : {}),
    },
    spec,
    status,
  };
}

export const deployment = (ref: string, options?: FixtureOptions) => workloadFixture('Deployment', ref, options);
export const statefulSet = (ref: string, options?: FixtureOptions) => workloadFixture('StatefulSet', ref, options);
export const daemonSet = (ref: string, options?: FixtureOptions) => workloadFixture('DaemonSet', ref, options);
