// What happened to each object of a Kubernetes push, in words an operator can act on. Pure: HTTP status codes and
// the API server's Status bodies in, results and a per-target summary out.
import type { ManifestObject } from './kubernetes-manifests';

export type ObjectAction = 'created' | 'configured' | 'unchanged' | 'deleted' | 'failed';

export interface ObjectResult {
  kind: string;
  namespace: string;
  name: string;
  action: ObjectAction;
  error?: string;
}

/** One API call as the errors name it: the verb and resource RBAC rules are written in. */
export interface ApiOperation {
  verb: 'get' | 'list' | 'patch' | 'delete';
  /** plural.group, as RBAC and the API's messages spell it: `prometheusrules.monitoring.coreos.com`, `configmaps` */
  resource: string;
  /** absent: the cluster scope */
  namespace?: string;
  name?: string;
}

/** The parts of a metav1.Status this code reads. */
interface StatusBody {
  kind?: string;
  message?: string;
  reason?: string;
  details?: { name?: string; kind?: string; causes?: { message?: string; field?: string }[] };
}

export function asStatus(body: unknown): StatusBody | undefined {
  return typeof body === 'object' && body !== null && (body as StatusBody).kind === 'Status' ? (body as StatusBody) : undefined;
}

/** The Status message, or a plain-text body cut to one line (a proxy's HTML error page is not worth more). */
function messageOf(body: unknown): string | undefined {
  const status = asStatus(body);
  if (status?.message) return status.message;
  if (typeof body === 'string' && body.trim()) return body.trim().split('\n')[0]!.slice(0, 300);
  return undefined;
}

export function resourceName(apiVersion: string, plural: string): string {
  const slash = apiVersion.indexOf('/');
  return slash === -1 ? plural : `${plural}.${apiVersion.slice(0, slash)}`;
}

const where = (op: ApiOperation) => (op.namespace ? `in the namespace "${op.namespace}"` : 'at the cluster scope');
const CRD_GROUPS: Record<string, string> = { 'monitoring.coreos.com': 'install the Prometheus Operator CRDs' };

/** The advice for a kind the cluster does not serve: for the Operator's kinds, its CRDs. */
export function missingKindAdvice(resource: string): string {
  const group = resource.slice(resource.indexOf('.') + 1);
  return CRD_GROUPS[group] ?? 'install the CustomResourceDefinition that defines it';
}

/** A failed API call (any status >= 300) in operator words: what was refused, why, and what to do. */
export function describeApiFailure(op: ApiOperation, status: number, body: unknown): string {
  const message = messageOf(body);
  const api = message ? `: ${message}` : '';
  const details = asStatus(body)?.details;
  switch (status) {
    case 401:
      return 'unauthorized (401): the API server refused the credentials: check the kubeconfig\'s token or client certificate';
    case 403:
      return `forbidden (403): RBAC does not allow "${op.verb}" on ${op.resource} ${where(op)}: grant it to the push's user${api}`;
    case 404:
      if (op.verb === 'patch' && details?.kind === 'namespaces') return `the namespace "${details.name ?? op.namespace}" does not exist: create it first (404)`;
      if (op.verb === 'delete' || op.verb === 'get') return `not found (404)${api}`;
      return `${op.resource} is not served by the cluster (404): ${missingKindAdvice(op.resource)}${api}`;
    case 409:
      return `conflict (409)${api}`;
    case 413:
      return `too large for the API server (413)${api}`;
    case 415:
      return `the API server does not take server-side apply here (415: an API server older than 1.18?)${api}`;
    case 422: {
      const causes = (details?.causes ?? []).map((c) => c.message && (c.field ? `${c.field}: ${c.message}` : c.message)).filter(Boolean);
      const extra = causes.length > 0 && !causes.every((c) => message?.includes(c!)) ? ` (${causes.join('; ')})` : '';
      return `rejected as invalid (422)${api}${extra}`;
    }
    case 429:
      return `the API server is overloaded (429 Too Many Requests)${api}: push again later`;
    default:
      return `the API server answered ${status}${asStatus(body)?.reason ? ` ${asStatus(body)!.reason}` : ''}${api}`;
  }
}

/** A request that got no HTTP answer: network, TLS, or one of our two timeouts (named by the caller). */
export { describeTransportError } from '../http/transport-error';

/** The metadata the API server owns: not part of what a push wants, so ignored when comparing. */
const SERVER_METADATA = ['resourceVersion', 'managedFields', 'generation', 'uid', 'creationTimestamp', 'selfLink'];

function comparable(o: Record<string, unknown>): unknown {
  const { kind: _k, apiVersion: _a, status: _s, metadata, ...rest } = o;
  const meta = { ...(metadata as Record<string, unknown> | undefined) };
  for (const field of SERVER_METADATA) delete meta[field];
  return { ...rest, metadata: meta };
}

/** Deep equality for JSON values, key order ignored (the API server reorders keys). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) return a.length === (b as unknown[]).length && a.every((x, i) => sameJson(x, (b as unknown[])[i]));
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return ka.length === kb.length && ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]));
}

/**
 * created | configured | unchanged for a successful apply. 201 is a create. Otherwise the object as it was before
 * (from the managed-by list; absent when that list failed or the object lacks the label) decides: a real apply that
 * changed nothing keeps the resourceVersion (the API server skips no-op writes); a dry run never bumps it, so there
 * the returned object is compared with the stored one instead.
 */
export function applyAction(status: number, before: Record<string, unknown> | undefined, after: unknown, dryRun: boolean): ObjectAction {
  if (status === 201) return 'created';
  if (!before || typeof after !== 'object' || after === null) return 'configured';
  if (dryRun) return sameJson(comparable(before), comparable(after as Record<string, unknown>)) ? 'unchanged' : 'configured';
  const rv = (o: unknown) => ((o as { metadata?: { resourceVersion?: string } }).metadata?.resourceVersion);
  return rv(before) !== undefined && rv(before) === rv(after) ? 'unchanged' : 'configured';
}

export function objectResult(object: Pick<ManifestObject, 'kind' | 'metadata'>, action: ObjectAction, error?: string): ObjectResult {
  return { kind: object.kind, namespace: object.metadata.namespace ?? '', name: object.metadata.name, action, ...(error ? { error } : {}) };
}

export type TargetStatus = 'ok' | 'partial' | 'failed';

export interface PushSummary {
  status: TargetStatus;
  counts: Record<ObjectAction, number>;
  /** "3 created, 1 configured, 40 unchanged, 2 failed" (only the non-zero ones), "nothing to apply" when empty */
  text: string;
}

/** ok: nothing failed; failed: nothing succeeded (or the target could not start); partial otherwise. */
export function summarize(objects: readonly ObjectResult[], problems: readonly string[]): PushSummary {
  const counts: Record<ObjectAction, number> = { created: 0, configured: 0, unchanged: 0, deleted: 0, failed: 0 };
  for (const o of objects) counts[o.action]++;
  const succeeded = objects.length - counts.failed;
  const status: TargetStatus = counts.failed === 0 && problems.length === 0 ? 'ok' : succeeded === 0 ? 'failed' : 'partial';
  const parts = (Object.keys(counts) as ObjectAction[]).filter((a) => counts[a] > 0).map((a) => `${counts[a]} ${a}`);
  const text = [parts.join(', ') || 'nothing to apply', ...(problems.length > 0 ? [`${problems.length} problem${problems.length === 1 ? '' : 's'}`] : [])].join('; ');
  return { status, counts, text };
}
