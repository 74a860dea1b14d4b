// kubernetes/: Prometheus Operator manifests, for clusters where the Operator runs Prometheus. Pure.
// - prometheus-rules.yaml: the same rule groups as prometheus/rules/*.yml (ctx.rules), as PrometheusRule
//   objects, split so that no object comes near Kubernetes' ~1 MiB object size limit.
// - service-monitors.yaml: a ServiceMonitor per k8s-deployment service scraped by Prometheus.
// Docker and systemd services run outside the cluster: prometheus/prometheus.yml scrapes them, nothing here.
import { createHash } from 'node:crypto';
import type { Service } from '../registry/model';
import { cmp } from './alert-rules';
import { ruleGroupsYaml, type RuleGroupsText } from './rule-yaml';
import type { GenerateSettings } from './settings';
import { entryName, type GeneratedFile, type Generator, type Reporter, type RuleGroup, type RuleSet } from './types';
import { yamlHeader } from './header';
import { hole, toYaml, yamlSkeleton, type SkeletonValues } from './yaml';

export const PROMETHEUS_RULES_FILE = 'kubernetes/prometheus-rules.yaml';
export const SERVICE_MONITORS_FILE = 'kubernetes/service-monitors.yaml';
export const OPERATOR_API_VERSION = 'monitoring.coreos.com/v1';
export const MANAGED_BY = { 'app.kubernetes.io/managed-by': 'awoooi-monitor' } as const;
/** Largest PrometheusRule, in bytes of YAML and of JSON (what the API server stores): room below etcd's ~1.5 MiB request and the common 1 MiB object limit. */
export const MAX_OBJECT_BYTES = 900_000;
/** Chunk numbers have three digits, so names sort in order up to 1,000 objects per kind (~900 MB of rules). */
const CHUNK_DIGITS = 3;

const RULES_HEADER = [
  '',
  'Prometheus Operator rules: the same groups as prometheus/rules/*.yml, one PrometheusRule per rules file,',
  `split into objects of at most ${MAX_OBJECT_BYTES} bytes named awoooi-monitor-<kind>-NNN.`,
  'Apply with `kubectl apply --server-side`: client-side apply copies each object into an annotation limited to 256 KiB.',
  'Objects that disappear from this file are not deleted by apply: prune by the label app.kubernetes.io/managed-by=awoooi-monitor.',
];

const MONITORS_HEADER = [
  '',
  'Prometheus Operator ServiceMonitors: one per k8s-deployment service with monitoring.prometheus on and a port.',
  'Docker and systemd services run outside the cluster: prometheus/prometheus.yml scrapes them, so they have none here.',
];

/** Object labels: the Operator's selector labels, and who manages the object (selector labels win on a clash). */
function objectLabels(settings: GenerateSettings): Record<string, string> {
  const all: Record<string, string> = { ...MANAGED_BY, ...settings.kubernetes.selector_labels };
  return Object.fromEntries(Object.keys(all).sort(cmp).map((k) => [k, all[k]!]));
}

const utf8Bytes = (text: string) => Buffer.byteLength(text, 'utf8');

/**
 * The JSON form needs no more bytes than this YAML plus one per `"` and `\`: every YAML line inside a group is
 * indented at least 4 columns, which outweighs JSON's quotes and commas per key and value; strings YAML writes
 * in double quotes are escaped alike; only plain scalars holding `"` or `\` gain an escape each in JSON.
 * (Serialising every group to JSON just to measure it cost ~100 ms for 10,000 services.)
 */
function count(text: string, char: string, from: number, to: number): number {
  let n = 0;
  for (let i = text.indexOf(char, from); i !== -1 && i < to; i = text.indexOf(char, i + 1)) n++;
  return n;
}

interface SizedGroup {
  /** where the group stands in the rules text */
  index: number;
  /** its share of the object's size: the larger of its YAML and JSON forms */
  bytes: number;
}

/**
 * Each group's size, from the very text of the rule files (written once, see ruleGroupsYaml): its items sit
 * 2 columns in, which under `  groups:` is YAML's compact sequence style (as kubectl writes it). The objects
 * take slices of that text: no second copy of tens of MB.
 */
function sizeGroups({ text, offsets }: RuleGroupsText): SizedGroup[] {
  const ascii = utf8Bytes(text) === text.length; // then a slice's bytes are its length
  const sized: SizedGroup[] = [];
  for (let i = 0; i + 1 < offsets.length; i++) {
    const from = offsets[i]!;
    const to = offsets[i + 1]!;
    const bytes = ascii ? to - from : utf8Bytes(text.slice(from, to));
    sized.push({ index: i, bytes: bytes + count(text, '"', from, to) + count(text, '\\', from, to) });
  }
  return sized;
}

/**
 * Splits groups into consecutive chunks whose groups fit `budget` bytes together. Greedy, in the groups'
 * order, so the same groups always give the same chunks. A single group over the budget gets a chunk of its
 * own (one service's alerts are a few KB; nothing real comes near 900 KB).
 */
export function chunkGroups<T extends { bytes: number }>(groups: readonly T[], budget: number): T[][] {
  const chunks: T[][] = [];
  let current: T[] = [];
  let size = 0;
  for (const g of groups) {
    if (current.length > 0 && size + g.bytes > budget) {
      chunks.push(current);
      current = [];
      size = 0;
    }
    current.push(g);
    size += g.bytes;
  }
  if (current.length > 0) chunks.push(current);
  return chunks;
}

export function ruleObjectName(kind: keyof RuleSet, chunk: number): string {
  return `awoooi-monitor-${kind}-${String(chunk).padStart(CHUNK_DIGITS, '0')}`;
}

/**
 * PrometheusRule documents (without `---`) for every kind of rule group, each as the pieces of its text (joined
 * once with the whole file: tens of MB); a kind without groups has none.
 */
export function prometheusRuleDocuments(rules: RuleSet, settings: GenerateSettings): string[][] {
  const labels = objectLabels(settings);
  const docs: string[][] = [];
  for (const kind of ['services', 'pages', 'slo'] as const) {
    if (rules[kind].length === 0) continue;
    const written = ruleGroupsYaml(rules[kind]);
    const head = (name: string) =>
      toYaml({ apiVersion: OPERATOR_API_VERSION, kind: 'PrometheusRule', metadata: { name, namespace: settings.kubernetes.rules_namespace, labels } }) +
      'spec:\n  groups:\n';
    // every chunk's head has the same size (names differ only in digits); 4 KiB spare for JSON's punctuation
    const budget = MAX_OBJECT_BYTES - utf8Bytes(head(ruleObjectName(kind, 0))) - 4 * 1024;
    chunkGroups(sizeGroups(written), budget).forEach((chunk, i) => {
      // Composed from the groups' own YAML instead of dumping the object again (a test checks it reads
      // back as the object), at a fraction of the cost for 10,000 services: consecutive groups, one slice.
      const from = written.offsets[chunk[0]!.index]!;
      const to = written.offsets[chunk.at(-1)!.index + 1]!;
      docs.push([head(ruleObjectName(kind, i)), written.text.slice(from, to)]);
    });
  }
  return docs;
}

/** A valid Kubernetes label value (and so a selectable one): at most 63 characters, alphanumeric at both ends. */
const LABEL_VALUE_RE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;
/** A DNS subdomain, what most Kubernetes object names must be. */
const DNS_SUBDOMAIN_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

/** The ServiceMonitor's name: the service name if Kubernetes accepts it, else a lower-cased form plus a hash (unique). */
export function serviceMonitorName(name: string): string {
  if (DNS_SUBDOMAIN_RE.test(name) && name.length <= 253) return name;
  const digest = createHash('sha256').update(name).digest('hex').slice(0, 8);
  const base = name.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-+|-+$/g, '').slice(0, 200);
  return base ? `${base}-${digest}` : digest;
}

/** What differs between two ServiceMonitors: the holes of their skeleton (see yamlSkeleton). */
interface MonitorFields {
  object: string;
  namespace: string;
  service: string;
  port: number;
  owner: string;
  type: string;
}

function serviceMonitor(f: MonitorFields, settings: GenerateSettings, labels: Record<string, string>): Record<string, unknown> {
  const label = settings.kubernetes.service_label;
  return {
    apiVersion: OPERATOR_API_VERSION,
    kind: 'ServiceMonitor',
    metadata: { name: f.object, namespace: f.namespace, labels },
    spec: {
      // job = the value of this label on the Service = the service name, as in prometheus.yml (templates use ${job})
      jobLabel: label,
      selector: { matchLabels: { [label]: f.service } },
      namespaceSelector: { matchNames: [f.namespace] },
      endpoints: [
        {
          targetPort: f.port,
          path: '/metrics',
          // the Operator sets `service` to the Kubernetes Service's name; alert rules match the registry's name,
          // and owner/type complete the labels prometheus.yml gives every service target
          relabelings: [
            { action: 'replace', targetLabel: 'service', replacement: f.service },
            { action: 'replace', targetLabel: 'owner', replacement: f.owner },
            { action: 'replace', targetLabel: 'type', replacement: f.type },
          ],
        },
      ],
    },
  };
}

const MONITOR_HOLES = ['object', 'namespace', 'service', 'port', 'owner', 'type'] as const;

/**
 * ServiceMonitor documents, one per scraped k8s-deployment service, written from one skeleton (6,000 for 10,000
 * services); each as the pieces of its text, joined once with the whole file.
 */
export function serviceMonitorDocuments(services: readonly Service[], settings: GenerateSettings, report: Reporter): string[][] {
  const docs: string[][] = [];
  const labels = objectLabels(settings);
  const holes = Object.fromEntries(MONITOR_HOLES.map((h) => [h, hole(h)])) as unknown as MonitorFields;
  const fill = yamlSkeleton(toYaml(serviceMonitor(holes, settings, labels)), MONITOR_HOLES);
  for (const service of [...services].sort((a, b) => cmp(a.name, b.name))) {
    if (service.type !== 'k8s-deployment' || !service.monitoring.prometheus) continue;
    const entry = entryName.service(service.name);
    if (service.port === undefined) {
      report.skip(entry, 'a ServiceMonitor selects the pods\' port by number: add `port` (the container port serving /metrics)', 'servicemonitor');
    } else if (service.namespace === undefined) {
      report.skip(entry, 'a ServiceMonitor lives in its service\'s namespace: add `namespace`', 'servicemonitor');
    } else if (!LABEL_VALUE_RE.test(service.name) || service.name.length > 63) {
      report.skip(
        entry,
        `the name cannot be a Kubernetes label value (at most 63 characters, letters or digits at both ends), so no Service can carry it in ${settings.kubernetes.service_label}`,
        'servicemonitor',
      );
    } else {
      const fields: MonitorFields = {
        object: serviceMonitorName(service.name),
        namespace: service.namespace,
        service: service.name,
        port: service.port,
        owner: service.owner,
        type: service.type,
      };
      const doc: string[] = [];
      if (fill) fill.into(doc, fields as unknown as SkeletonValues);
      else doc.push(toYaml(serviceMonitor(fields, settings, labels)));
      docs.push(doc);
    }
  }
  return docs;
}

/** Multi-document YAML: the do-not-edit header once, then the documents (text or pieces of it) separated by `---`. */
export function multiDocument(headerExtra: readonly string[], docs: readonly (string | readonly string[])[]): string {
  const pieces = [yamlHeader(headerExtra)];
  docs.forEach((doc, i) => {
    if (i > 0) pieces.push('---\n');
    if (typeof doc === 'string') pieces.push(doc);
    else for (const piece of doc) pieces.push(piece);
  });
  return pieces.join('');
}

export const generateKubernetes: Generator = ({ registry, settings, report, rules }): GeneratedFile[] => [
  { path: PROMETHEUS_RULES_FILE, content: multiDocument(RULES_HEADER, prometheusRuleDocuments(rules, settings)) },
  { path: SERVICE_MONITORS_FILE, content: multiDocument(MONITORS_HEADER, serviceMonitorDocuments(registry.services, settings, report)) },
];
