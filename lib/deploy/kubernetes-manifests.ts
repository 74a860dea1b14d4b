// What a Kubernetes push applies, read from the generated tree. Pure: files in, objects (or located problems) out.
// - kubernetes/*.yaml: the Prometheus Operator manifests (PrometheusRules, ServiceMonitors), multi-document YAML.
// - ConfigMaps: one per chosen directory of the tree, keys = its file names, for Prometheus, Alertmanager and the
//   Blackbox exporter running in the cluster from mounted config files. Mounting each at <root>/<directory> keeps
//   the files' relative references working (prometheus.yml's rule_files `rules/*.yml`, `../blackbox/targets.json`).
import jsyaml from 'js-yaml';
import { MANAGED_BY, PROMETHEUS_RULES_FILE, SERVICE_MONITORS_FILE } from '../generate/kubernetes';
import type { GeneratedFile } from '../generate/types';

/** A namespaced object as it is sent to the API server (plain JSON data). */
export interface ManifestObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string; labels?: Record<string, string>; annotations?: Record<string, string>; [field: string]: unknown };
  [field: string]: unknown;
}

export interface PlannedObject {
  object: ManifestObject;
  /** where it came from: `kubernetes/service-monitors.yaml, document 3` or `ConfigMap from prometheus/rules/` */
  source: string;
  /** set when the object must not be sent (too large, invalid key): it fails with this message */
  problem?: string;
}

export interface ManifestPlan {
  objects: PlannedObject[];
  /** problems not tied to one object (unreadable document, unknown directory): the push reports them */
  problems: string[];
}

/** The kinds a push manages, and so the kinds prune lists: a kind absent from the tree still has objects to prune. */
export const MANAGED_KINDS = [
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'PrometheusRule' },
  { apiVersion: 'monitoring.coreos.com/v1', kind: 'ServiceMonitor' },
  { apiVersion: 'v1', kind: 'ConfigMap' },
] as const;

export const MANAGED_BY_SELECTOR = Object.entries(MANAGED_BY).map(([k, v]) => `${k}=${v}`).join(',');
/** The manifest files every complete tree has; prune refuses to run without them (it would delete everything). */
export const REQUIRED_MANIFEST_FILES = [PROMETHEUS_RULES_FILE, SERVICE_MONITORS_FILE] as const;
/** Config files read by the servers themselves; Grafana's dashboards usually reach Grafana another way. */
export const DEFAULT_CONFIG_MAP_DIRECTORIES = ['prometheus', 'prometheus/rules', 'alertmanager', 'blackbox'] as const;
/** The API server's limit on a ConfigMap's data: the sum of its keys' and values' bytes. */
export const MAX_CONFIG_MAP_BYTES = 1024 * 1024;
const CONFIG_MAP_KEY = /^[-._a-zA-Z0-9]+$/;
const DNS_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const MANIFEST_FILE = /^kubernetes\/[^/]+\.ya?ml$/;

export const objectKey = (o: { kind: string; metadata: { namespace?: string; name: string } }) => `${o.kind} ${o.metadata.namespace ?? ''}/${o.metadata.name}`;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Why a parsed document cannot be applied as it is, or undefined. */
function documentProblem(doc: Record<string, unknown>): string | undefined {
  if (typeof doc.apiVersion !== 'string' || !doc.apiVersion) return 'no apiVersion';
  if (typeof doc.kind !== 'string' || !doc.kind) return 'no kind';
  if (!isRecord(doc.metadata)) return 'no metadata';
  const { name, namespace } = doc.metadata;
  if (typeof name !== 'string' || !DNS_SUBDOMAIN.test(name) || name.length > 253) return `metadata.name ${JSON.stringify(name)} is not a valid object name`;
  if (namespace !== undefined && (typeof namespace !== 'string' || !DNS_SUBDOMAIN.test(namespace) || namespace.length > 63)) {
    return `metadata.namespace ${JSON.stringify(namespace)} is not a valid namespace name`;
  }
  return undefined;
}

/**
 * Every object in one multi-document YAML file. The core schema reads strings as the generator meant them (no
 * YAML 1.1 booleans or timestamps); the objects go out as JSON, so the API server's YAML reader never guesses.
 */
export function parseManifestFile(file: GeneratedFile): ManifestPlan {
  let docs: unknown[];
  try {
    docs = jsyaml.loadAll(file.content, undefined, { schema: jsyaml.CORE_SCHEMA, filename: file.path });
  } catch (error) {
    return { objects: [], problems: [`${file.path}: not valid YAML (${(error as Error).message.split('\n')[0]})`] };
  }
  const plan: ManifestPlan = { objects: [], problems: [] };
  docs.forEach((doc, i) => {
    if (doc === null || doc === undefined) return; // comments only, or a trailing `---`
    const where = `${file.path}, document ${i + 1}`;
    if (!isRecord(doc)) {
      plan.problems.push(`${where}: not a Kubernetes object (a YAML mapping)`);
      return;
    }
    const problem = documentProblem(doc);
    if (problem) plan.problems.push(`${where}: ${problem}`);
    else plan.objects.push({ object: doc as ManifestObject, source: where });
  });
  return plan;
}

export function configMapName(directory: string): string {
  return `awoooi-monitor-${directory.replace(/\//g, '-')}`;
}

const megabytes = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MiB`;

/** One ConfigMap holding the files directly inside `directory`; a problem instead when Kubernetes would refuse it. */
export function configMapFor(directory: string, files: readonly GeneratedFile[], namespace: string): PlannedObject | string {
  const inside = files.filter((f) => f.path.slice(0, f.path.lastIndexOf('/')) === directory);
  if (inside.length === 0) {
    const known = [...new Set(files.map((f) => f.path.slice(0, Math.max(0, f.path.lastIndexOf('/')))))].filter(Boolean).sort();
    return `ConfigMaps: the generated tree has no files directly in "${directory}" (directories: ${known.join(', ')})`;
  }
  const name = configMapName(directory);
  const source = `ConfigMap from ${directory}/`;
  const data: Record<string, string> = {};
  let bytes = 0;
  const badKeys: string[] = [];
  for (const f of inside) {
    const key = f.path.slice(directory.length + 1);
    if (!CONFIG_MAP_KEY.test(key) || key.length > 253) badKeys.push(key);
    data[key] = f.content;
    bytes += Buffer.byteLength(key, 'utf8') + Buffer.byteLength(f.content, 'utf8');
  }
  const object: ManifestObject = {
    apiVersion: 'v1',
    kind: 'ConfigMap',
    metadata: { name, namespace, labels: { ...MANAGED_BY }, annotations: { 'awoooi-monitor/directory': directory } },
    data,
  };
  if (!DNS_SUBDOMAIN.test(name)) return { object, source, problem: `"${name}" is not a valid ConfigMap name: rename the directory "${directory}"` };
  if (badKeys.length > 0) {
    return { object, source, problem: `file names that cannot be ConfigMap keys (letters, digits, "-", "_", "." only): ${badKeys.join(', ')}` };
  }
  if (bytes > MAX_CONFIG_MAP_BYTES) {
    return {
      object,
      source,
      problem:
        `${directory}/ holds ${megabytes(bytes)}, and a ConfigMap holds at most 1 MiB: leave "${directory}" out of this target's ConfigMaps` +
        (directory === 'prometheus/rules' ? ' and let the Prometheus Operator load the rules from the PrometheusRules' : ''),
    };
  }
  return { object, source };
}

export interface ManifestOptions {
  /** namespace for ConfigMaps and for any manifest without one */
  namespace: string;
  /** directories of the tree to ship as ConfigMaps; [] for none */
  configMapDirectories: readonly string[];
}

/** Everything a push applies: the manifests of kubernetes/*.yaml, then the ConfigMaps; duplicates are problems. */
export function planManifests(files: readonly GeneratedFile[], options: ManifestOptions): ManifestPlan {
  const plan: ManifestPlan = { objects: [], problems: [] };
  const manifestFiles = files.filter((f) => MANIFEST_FILE.test(f.path));
  if (manifestFiles.length === 0) plan.problems.push('the generated files hold no kubernetes/*.yaml: generate the whole tree');
  for (const file of manifestFiles) {
    const one = parseManifestFile(file);
    plan.objects.push(...one.objects);
    plan.problems.push(...one.problems);
  }
  for (const directory of [...new Set(options.configMapDirectories)]) {
    const planned = configMapFor(directory.replace(/^\/+|\/+$/g, ''), files, options.namespace);
    if (typeof planned === 'string') plan.problems.push(planned);
    else plan.objects.push(planned);
  }

  const seen = new Map<string, string>();
  plan.objects = plan.objects.filter((planned) => {
    const metadata = planned.object.metadata;
    // the namespace goes into the body too: an apply whose body names another namespace than its URL is refused
    if (metadata.namespace === undefined) planned.object = { ...planned.object, metadata: { ...metadata, namespace: options.namespace } };
    const key = objectKey(planned.object);
    const first = seen.get(key);
    if (first) {
      plan.problems.push(`${planned.source}: ${key} is also in ${first}; applied once, from the first`);
      return false;
    }
    seen.set(key, planned.source);
    return true;
  });
  return plan;
}

/** The manifest files a complete tree has but `files` lacks: prune must not run on a partial tree. */
export function missingManifestFiles(files: readonly GeneratedFile[]): string[] {
  const paths = new Set(files.map((f) => f.path));
  return REQUIRED_MANIFEST_FILES.filter((p) => !paths.has(p));
}
