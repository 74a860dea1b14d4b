// A stand-in for the Kubernetes API server on 127.0.0.1 (random port) for server-side apply tests: the endpoints a
// push uses, answering with the real API's shapes, keeping the objects it was sent, recording every request.
//
//   GET    /api/v1, /apis/monitoring.coreos.com/v1                         discovery (APIResourceList; 404 without CRDs)
//   GET    /{api|apis/group}/{version}[/namespaces/{ns}]/{plural}          lists: labelSelector, limit, continue
//   PATCH  .../namespaces/{ns}/{plural}/{name}                             server-side apply (application/apply-patch+yaml)
//   DELETE .../namespaces/{ns}/{plural}/{name}                             with DeleteOptions preconditions.uid
//
// Apply as for a sole field manager: 201 + the stored object on create, 200 + a new resourceVersion on update
// (custom resources: generation +1 on a spec change), 200 + the object untouched when nothing changed; dryRun=All
// answers alike without storing. Errors are `Status` objects: 401, 403 per verb/namespace, 404 (CRD not installed,
// namespace missing), 409 (conflict without force, uid precondition), 415, 422 (ConfigMap over 1 MiB, `reject`).
// Not modelled: fields of other managers surviving an apply (the object becomes what was applied).
import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { TLSSocket } from 'node:tls';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { kubeconfigYaml, type KubeconfigOptions } from './kube-apiserver';

type Json = Record<string, unknown>;
export type StoredObject = Json & {
  apiVersion: string;
  kind: string;
  metadata: Json & { name: string; namespace: string; uid: string; resourceVersion: string; labels?: Record<string, string> };
};

type KindInfo = { kind: string; apiVersion: string; plural: string; custom: boolean };

const KINDS: KindInfo[] = [
  { kind: 'ConfigMap', apiVersion: 'v1', plural: 'configmaps', custom: false },
  { kind: 'PrometheusRule', apiVersion: 'monitoring.coreos.com/v1', plural: 'prometheusrules', custom: true },
  { kind: 'ServiceMonitor', apiVersion: 'monitoring.coreos.com/v1', plural: 'servicemonitors', custom: true },
];
export type OperatorKind = 'PrometheusRule' | 'ServiceMonitor';
export type Verb = 'list' | 'patch' | 'delete';

export interface KubeApplyFixtures {
  /** objects already in the cluster (see storedObject) */
  objects?: StoredObject[];
  /** the Prometheus Operator CRDs installed (default both); [] serves no monitoring.coreos.com/v1 at all */
  crds?: OperatorKind[];
  /** namespaces that exist (default: every namespace exists) */
  namespaces?: string[];
  /** RBAC refusals: a verb on a kind (plural) in a namespace; no namespace = everywhere, "" = the cluster scope only */
  forbid?: { verb: Verb; plural?: string; namespace?: string }[];
  /** 422 for an applied object: the field and why (as a validating CRD schema or webhook would) */
  reject?: (object: Json) => { field: string; message: string } | undefined;
  /** milliseconds before answering a request */
  delayMs?: (request: { method: string; path: string }) => number;
  token?: string;
  user?: string;
  /** serve https with a certificate from a fresh CA (kubeconfigs then carry the CA, not insecure-skip-tls-verify),
   *  and accept a client certificate from that CA instead of the token */
  tls?: boolean;
}

export type RecordedApplyRequest = { method: string; path: string; query: Record<string, string>; contentType: string | undefined; body: string; status: number };

export interface KubeApplyServer {
  url: string;
  /** every request so far, oldest first */
  readonly requests: RecordedApplyRequest[];
  kubeconfigPath: string;
  /** plain http: another kubeconfig (wrong token, another server); https: the CA, plus a client certificate or the token */
  writeKubeconfig(options?: Partial<KubeconfigOptions> & { clientCertificate?: boolean; trustCa?: boolean }): string;
  /** an object as stored now */
  stored(kind: string, namespace: string, name: string): StoredObject | undefined;
  /** every stored object's `Kind namespace/name`, sorted */
  keys(): string[];
  close(): Promise<void>;
}

function status(code: number, reason: string, message: string, details?: Json): Json {
  return { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, ...(details ? { details } : {}), code };
}
const group = (info: KindInfo) => (info.apiVersion.includes('/') ? info.apiVersion.split('/')[0]! : '');
const qualified = (info: KindInfo) => (group(info) ? `${info.plural}.${group(info)}` : info.plural);
const keyOf = (kind: string, namespace: string, name: string) => `${kind} ${namespace}/${name}`;
const SERVER_FIELDS = ['uid', 'resourceVersion', 'generation', 'creationTimestamp', 'managedFields'];

/** What a manager's config sets, in the API's fieldsV1 notation (f:<field>; lists as a whole). */
function fieldsV1(value: unknown): Json {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return {};
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [`f:${k}`, fieldsV1(v)]));
}

function managedFields(manager: string, apiVersion: string, config: Json): Json[] {
  const { apiVersion: _a, kind: _k, ...fields } = config;
  const metadata = { ...(fields.metadata as Json) };
  delete metadata.name;
  delete metadata.namespace;
  return [{ manager, operation: 'Apply', apiVersion, time: '2025-06-01T10:00:00Z', fieldsType: 'FieldsV1', fieldsV1: fieldsV1({ ...fields, metadata }) }];
}

/** An object as the API server would hold it after `manager` applied `manifest` (namespace "default" if absent). */
export function storedObject(manifest: Json, options: { manager?: string; resourceVersion?: string; uid?: string } = {}): StoredObject {
  const meta = manifest.metadata as Json & { name: string; namespace?: string };
  const custom = KINDS.find((k) => k.kind === manifest.kind)?.custom ?? true;
  const config = { ...manifest, metadata: { ...meta, namespace: meta.namespace ?? 'default' } };
  return {
    ...config,
    apiVersion: manifest.apiVersion as string,
    kind: manifest.kind as string,
    metadata: {
      ...config.metadata,
      uid: options.uid ?? randomUUID(),
      resourceVersion: options.resourceVersion ?? '41000',
      ...(custom ? { generation: 1 } : {}),
      creationTimestamp: '2025-05-01T08:00:00Z',
      managedFields: managedFields(options.manager ?? 'awoooi-monitor', manifest.apiVersion as string, config),
    },
  };
}

/** An object without the server's metadata: what a manager's config says. */
function userContent(o: Json): Json {
  const { status: _s, ...rest } = o;
  const metadata = { ...(o.metadata as Json) };
  for (const f of SERVER_FIELDS) delete metadata[f];
  return { ...rest, metadata };
}

const sortedJson = (v: unknown): string =>
  JSON.stringify(v, (_k, value: unknown) =>
    typeof value === 'object' && value !== null && !Array.isArray(value) ? Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : 1))) : value,
  );

type Requirement = { key: string; op: '=' | '!='; value: string };

/** Equality-based label selectors (`a=b,c!=d`), as the API parses them; undefined when unparseable. */
function parseSelector(selector: string): Requirement[] | undefined {
  const terms: Requirement[] = [];
  for (const term of selector.split(',').filter((t) => t.trim())) {
    const m = /^([A-Za-z0-9./_-]+)\s*(==|=|!=)\s*([A-Za-z0-9._-]*)$/.exec(term.trim());
    if (!m) return undefined;
    terms.push({ key: m[1]!, op: m[2] === '!=' ? '!=' : '=', value: m[3]! });
  }
  return terms;
}

const matches = (labels: Record<string, string> | undefined, terms: Requirement[]) =>
  terms.every((t) => (labels?.[t.key] === t.value) === (t.op === '='));

const RESOURCE_PATH = /^\/(?:api\/v1|apis\/monitoring\.coreos\.com\/v1)(?:\/namespaces\/([^/]+))?\/([a-z]+)(?:\/([^/]+))?$/;

export async function startKubeApplyServer(fixtures: KubeApplyFixtures = {}): Promise<KubeApplyServer> {
  const token = fixtures.token ?? 'kube-apply-token';
  const user = fixtures.user ?? 'system:serviceaccount:monitoring:awoooi-monitor';
  const crds = new Set<string>(fixtures.crds ?? ['PrometheusRule', 'ServiceMonitor']);
  const served = KINDS.filter((k) => !k.custom || crds.has(k.kind));
  const store = new Map<string, StoredObject>();
  for (const o of fixtures.objects ?? []) store.set(keyOf(o.kind, o.metadata.namespace, o.metadata.name), structuredClone(o));
  let resourceVersion = 50_000;
  const requests: RecordedApplyRequest[] = [];

  function discovery(pathname: string): { code: number; body: unknown } | undefined {
    const groupVersion = pathname === '/api/v1' ? 'v1' : pathname === '/apis/monitoring.coreos.com/v1' ? 'monitoring.coreos.com/v1' : undefined;
    if (!groupVersion) return undefined;
    const kinds = served.filter((k) => k.apiVersion === groupVersion);
    if (kinds.length === 0) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource', {}) };
    const verbs = ['delete', 'deletecollection', 'get', 'list', 'patch', 'create', 'update', 'watch'];
    const resources = kinds.flatMap((k) => [
      { name: k.plural, singularName: k.kind.toLowerCase(), namespaced: true, kind: k.kind, verbs, storageVersionHash: 'k8hQ1kPT5ZQ=' },
      ...(k.custom ? [] : [{ name: 'namespaces', singularName: 'namespace', namespaced: false, kind: 'Namespace', verbs }]),
    ]);
    return { code: 200, body: { kind: 'APIResourceList', apiVersion: 'v1', groupVersion, resources } };
  }

  function forbidden(verb: Verb, info: KindInfo, namespace: string | undefined, name: string | undefined) {
    const rule = fixtures.forbid?.find(
      (f) => f.verb === verb && (f.plural === undefined || f.plural === info.plural) && (f.namespace === undefined || f.namespace === (namespace ?? '')),
    );
    if (!rule) return undefined;
    const scope = namespace ? `in the namespace "${namespace}"` : 'at the cluster scope';
    const message = `${qualified(info)}${name ? ` "${name}"` : ''} is forbidden: User "${user}" cannot ${verb} resource "${info.plural}" in API group "${group(info)}" ${scope}`;
    return { code: 403, body: status(403, 'Forbidden', message, { ...(name ? { name } : {}), group: group(info), kind: info.plural }) };
  }

  function list(info: KindInfo, namespace: string | undefined, url: URL) {
    const selector = url.searchParams.get('labelSelector') ?? '';
    const terms = parseSelector(selector);
    if (!terms) return { code: 400, body: status(400, 'BadRequest', `unable to parse requirement: ${selector}`) };
    const all = [...store.values()]
      .filter((o) => o.kind === info.kind && (!namespace || o.metadata.namespace === namespace) && matches(o.metadata.labels, terms))
      .sort((a, b) => (keyOf('', a.metadata.namespace, a.metadata.name) < keyOf('', b.metadata.namespace, b.metadata.name) ? -1 : 1));
    const offset = Number(url.searchParams.get('continue') ? Buffer.from(url.searchParams.get('continue')!, 'base64url').toString() : 0);
    const limit = Number(url.searchParams.get('limit') ?? 0) || all.length;
    const page = all.slice(offset, offset + limit);
    const rest = all.length - offset - page.length;
    const metadata = { resourceVersion: String(resourceVersion), ...(rest > 0 ? { continue: Buffer.from(String(offset + limit)).toString('base64url'), remainingItemCount: rest } : {}) };
    // built-in kinds' list items carry no kind/apiVersion on the wire; custom resources' do
    const items = page.map((o) => (info.custom ? o : (({ kind: _k, apiVersion: _a, ...rest }) => rest)(o)));
    return { code: 200, body: { kind: `${info.kind}List`, apiVersion: info.apiVersion, metadata, items } };
  }

  function apply(info: KindInfo, namespace: string, name: string, url: URL, contentType: string | undefined, text: string) {
    if (contentType !== 'application/apply-patch+yaml') {
      return { code: 415, body: status(415, 'UnsupportedMediaType', 'the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/apply-patch+yaml') };
    }
    const manager = url.searchParams.get('fieldManager');
    if (!manager) return { code: 422, body: status(422, 'Invalid', 'PatchOptions.meta.k8s.io "" is invalid: fieldManager: Required value: is required for apply patch') };
    let config: Json;
    try {
      config = jsyaml.load(text) as Json;
    } catch (error) {
      return { code: 400, body: status(400, 'BadRequest', `error decoding YAML: ${(error as Error).message.split('\n')[0]}`) };
    }
    const meta = (config?.metadata ?? {}) as Json;
    if (config?.apiVersion !== info.apiVersion || config?.kind !== info.kind) {
      return { code: 400, body: status(400, 'BadRequest', `the API version in the data (${String(config?.apiVersion)}) does not match the expected API version (${info.apiVersion})`) };
    }
    if (meta.name !== name) return { code: 400, body: status(400, 'BadRequest', `the name of the object (${String(meta.name)}) does not match the name on the URL (${name})`) };
    if (meta.namespace !== undefined && meta.namespace !== namespace) {
      return { code: 400, body: status(400, 'BadRequest', 'the namespace of the provided object does not match the namespace sent on the request') };
    }
    if (fixtures.namespaces && !fixtures.namespaces.includes(namespace)) {
      return { code: 404, body: status(404, 'NotFound', `namespaces "${namespace}" not found`, { name: namespace, kind: 'namespaces' }) };
    }
    const invalid = (field: string, message: string) => ({
      code: 422,
      body: status(422, 'Invalid', `${info.kind}${group(info) ? `.${group(info)}` : ''} "${name}" is invalid: ${field}: ${message}`, {
        name, group: group(info), kind: info.kind, causes: [{ reason: 'FieldValueInvalid', message, field }],
      }),
    });
    if (info.kind === 'ConfigMap') {
      const bytes = Object.entries((config.data ?? {}) as Record<string, string>).reduce((n, [k, v]) => n + Buffer.byteLength(k) + Buffer.byteLength(v), 0);
      if (bytes > 1024 * 1024) return invalid('[]', 'Too long: must have at most 1048576 bytes');
    }
    const rejected = fixtures.reject?.(config);
    if (rejected) return invalid(rejected.field, rejected.message);

    const key = keyOf(info.kind, namespace, name);
    const existing = store.get(key);
    const dryRun = url.searchParams.get('dryRun') === 'All';
    const wanted: Json = { ...config, metadata: { ...meta, namespace } };
    if (!existing) {
      const created = storedObject(wanted, { manager, uid: randomUUID(), resourceVersion: dryRun ? '' : String(++resourceVersion) });
      if (dryRun) delete (created.metadata as Json).resourceVersion; // a dry-run create is never stored, so has none
      else store.set(key, created);
      return { code: 201, body: created };
    }
    const others = ((existing.metadata.managedFields ?? []) as { manager: string }[]).filter((f) => f.manager !== manager);
    if (others.length > 0 && url.searchParams.get('force') !== 'true') {
      const message = `Apply failed with 1 conflict: conflict with "${others[0]!.manager}": .spec`;
      return { code: 409, body: status(409, 'Conflict', message, { causes: [{ reason: 'FieldManagerConflict', message: `conflict with "${others[0]!.manager}"`, field: '.spec' }] }) };
    }
    const sameContent = sortedJson(userContent(existing)) === sortedJson(userContent(wanted));
    if (sameContent && others.length === 0) return { code: 200, body: existing }; // a no-op apply writes nothing
    const specChanged = sortedJson(existing.spec) !== sortedJson(wanted.spec);
    const generation = (existing.metadata.generation as number | undefined) ?? undefined;
    const updated: StoredObject = {
      ...(wanted as StoredObject),
      metadata: {
        ...(wanted.metadata as StoredObject['metadata']),
        uid: existing.metadata.uid,
        resourceVersion: dryRun ? existing.metadata.resourceVersion : String(++resourceVersion),
        ...(generation !== undefined ? { generation: generation + (specChanged ? 1 : 0) } : {}),
        creationTimestamp: existing.metadata.creationTimestamp,
        managedFields: managedFields(manager, info.apiVersion, wanted),
      },
    };
    if (!dryRun) store.set(key, updated);
    return { code: 200, body: updated };
  }

  function remove(info: KindInfo, namespace: string, name: string, url: URL, text: string) {
    const key = keyOf(info.kind, namespace, name);
    const existing = store.get(key);
    if (!existing) return { code: 404, body: status(404, 'NotFound', `${qualified(info)} "${name}" not found`, { name, group: group(info), kind: info.plural }) };
    const options = (text ? JSON.parse(text) : {}) as { preconditions?: { uid?: string } };
    const uid = options.preconditions?.uid;
    if (uid !== undefined && uid !== existing.metadata.uid) {
      const message = `Operation cannot be fulfilled on ${qualified(info)} "${name}": Precondition failed: UID in precondition: ${uid}, UID in object meta: ${existing.metadata.uid}`;
      return { code: 409, body: status(409, 'Conflict', message, { name, group: group(info), kind: info.plural }) };
    }
    if (url.searchParams.get('dryRun') !== 'All') store.delete(key);
    // built-in kinds answer a Status; custom resources the object as it was
    if (info.custom) return { code: 200, body: existing };
    return { code: 200, body: { kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Success', details: { name, kind: info.plural, uid: existing.metadata.uid } } };
  }

  function answer(method: string, url: URL, contentType: string | undefined, text: string): { code: number; body: unknown } {
    if (method === 'GET') {
      const found = discovery(url.pathname);
      if (found) return found;
    }
    const match = RESOURCE_PATH.exec(url.pathname);
    const apiVersion = url.pathname.startsWith('/api/v1') ? 'v1' : 'monitoring.coreos.com/v1';
    const info = match && served.find((k) => k.apiVersion === apiVersion && k.plural === match[2]);
    if (!match || !info) return { code: 404, body: status(404, 'NotFound', 'the server could not find the requested resource', {}) };
    const [, namespace, , name] = match;
    // a push never reads single objects: GET by name is not modelled
    const verb: Verb | undefined = method === 'GET' && !name ? 'list' : method === 'PATCH' ? 'patch' : method === 'DELETE' ? 'delete' : undefined;
    if (!verb || (verb !== 'list' && (!name || !namespace))) {
      return { code: 405, body: status(405, 'MethodNotAllowed', 'the server does not allow this method on the requested resource') };
    }
    const refused = forbidden(verb, info, namespace, name);
    if (refused) return refused;
    if (verb === 'list') return list(info, namespace, url);
    if (verb === 'patch') return apply(info, namespace!, name!, url, contentType, text);
    return remove(info, namespace!, name!, url, text);
  }

  const dir = mkdtempSync(path.join(tmpdir(), 'awoooi-kube-apply-'));
  const pki = fixtures.tls ? makePki(dir) : undefined;
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const method = req.method ?? 'GET';
      const text = Buffer.concat(chunks).toString('utf8');
      const contentType = req.headers['content-type'];
      // a verified client certificate (https only) authenticates like the token
      const authenticated = req.headers.authorization === `Bearer ${token}` || (req.socket as TLSSocket).authorized === true;
      const { code, body } = authenticated ? answer(method, url, contentType, text) : { code: 401, body: status(401, 'Unauthorized', 'Unauthorized') };
      requests.push({ method, path: url.pathname, query: Object.fromEntries(url.searchParams), contentType, body: text, status: code });
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(code, { 'content-type': 'application/json', 'cache-control': 'no-cache, private' });
        res.end(JSON.stringify(body));
      };
      const delay = fixtures.delayMs?.({ method, path: url.pathname }) ?? 0;
      if (delay > 0) setTimeout(send, delay).unref();
      else send();
    });
  };
  const server = pki
    ? createHttpsServer({ key: pki.serverKey, cert: pki.serverCert, ca: pki.caCert, requestCert: true, rejectUnauthorized: false }, handle)
    : createServer(handle);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `${pki ? 'https' : 'http'}://127.0.0.1:${(server.address() as AddressInfo).port}`;
  let files = 0;
  const writeKubeconfig = (options: Partial<KubeconfigOptions> & { clientCertificate?: boolean; trustCa?: boolean } = {}) => {
    const file = path.join(dir, `kubeconfig-${++files}.yaml`);
    const { clientCertificate, trustCa, ...plain } = options;
    writeFileSync(file, pki ? tlsKubeconfigYaml(options.server ?? url, pki, trustCa ?? true, clientCertificate ? undefined : options.token ?? token) : kubeconfigYaml({ server: url, token, ...plain }));
    return file;
  };

  return {
    url,
    requests,
    kubeconfigPath: writeKubeconfig(),
    writeKubeconfig,
    stored: (kind, namespace, name) => store.get(keyOf(kind, namespace, name)),
    keys: () => [...store.keys()].sort(),
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

interface Pki {
  caCert: string;
  serverKey: string;
  serverCert: string;
  clientKey: string;
  clientCert: string;
}

/** A CA, a server certificate for 127.0.0.1 and a client certificate, with openssl (EC keys: fast). */
function makePki(dir: string): Pki {
  const file = (name: string) => path.join(dir, name);
  const openssl = (...args: string[]) => execFileSync('openssl', args, { stdio: 'pipe' });
  const key = (name: string) => openssl('genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', file(name));
  key('ca.key');
  openssl('req', '-x509', '-new', '-key', file('ca.key'), '-subj', '/CN=kube-apply-test-ca', '-days', '2', '-out', file('ca.crt'));
  const signed = (name: string, subject: string, extensions: string) => {
    key(`${name}.key`);
    openssl('req', '-new', '-key', file(`${name}.key`), '-subj', subject, '-out', file(`${name}.csr`));
    writeFileSync(file(`${name}.ext`), extensions);
    openssl('x509', '-req', '-in', file(`${name}.csr`), '-CA', file('ca.crt'), '-CAkey', file('ca.key'), '-CAcreateserial', '-days', '2', '-extfile', file(`${name}.ext`), '-out', file(`${name}.crt`));
  };
  signed('server', '/CN=kube-apiserver', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n');
  signed('client', '/CN=awoooi-monitor/O=deployers', 'extendedKeyUsage=clientAuth\n');
  const read = (name: string) => readFileSync(file(name), 'utf8');
  return { caCert: read('ca.crt'), serverKey: read('server.key'), serverCert: read('server.crt'), clientKey: read('client.key'), clientCert: read('client.crt') };
}

/** A kubeconfig for the https stand-in: its CA as certificate-authority-data, and a client certificate or a token. */
function tlsKubeconfigYaml(server: string, pki: Pki, trustCa: boolean, token: string | undefined): string {
  const b64 = (pem: string) => Buffer.from(pem).toString('base64');
  return [
    'apiVersion: v1',
    'kind: Config',
    'clusters:',
    '  - name: tls-cluster',
    '    cluster:',
    `      server: ${server}`,
    ...(trustCa ? [`      certificate-authority-data: ${b64(pki.caCert)}`] : []),
    'users:',
    '  - name: tls-user',
    '    user:',
    ...(token ? [`      token: ${token}`] : [`      client-certificate-data: ${b64(pki.clientCert)}`, `      client-key-data: ${b64(pki.clientKey)}`]),
    'contexts:',
    '  - name: test',
    '    context:',
    '      cluster: tls-cluster',
    '      user: tls-user',
    'current-context: test',
    '',
  ].join('\n');
}
