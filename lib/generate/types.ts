// What every generator returns and how it reports what it left out. Pure types, no I/O.
import type { Registry } from '../registry/model';
import type { BlackboxTarget } from './blackbox';
import type { GenerateSettings } from './settings';

/** One output file: a POSIX path relative to the output root, and its exact text (ends with a newline). */
export interface GeneratedFile {
  path: string;
  content: string;
}

/**
 * Something the generator did not turn into config, or did differently than asked, and why.
 * `entry` names the registry entry the way the UI and CLI show it: `services/ollama`, `pages//errors`,
 * `api_endpoints/POST /api/v1/analyze`, `alert_templates/pod_crash`, `owners/ai-team`.
 * `item` narrows it down (an alert key, `blackbox`, `slo latency`...).
 */
export interface Finding {
  /** skipped: left out of the output; note: generated, but worth knowing (e.g. covered by the kubelet's probe) */
  kind: 'skipped' | 'note';
  entry: string;
  item?: string;
  message: string;
}

export interface Reporter {
  skip(entry: string, message: string, item?: string): void;
  note(entry: string, message: string, item?: string): void;
}

export interface GenerateOutput {
  /** sorted by path; byte-identical for the same registry and settings */
  files: GeneratedFile[];
  /** sorted by entry, item, message */
  findings: Finding[];
}

/** A Prometheus rule as it appears in a rules file (and inside a PrometheusRule's spec.groups). */
export interface Rule {
  alert?: string;
  record?: string;
  expr: string;
  for?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
}

export interface RuleGroup {
  name: string;
  interval?: string;
  rules: Rule[];
}

/** Rule groups are built once and written twice: as Prometheus rule files and as PrometheusRule manifests. */
export interface RuleSet {
  /** one group per service with alerts, in service name order */
  services: RuleGroup[];
  /** one group per page with alerts, in path order */
  pages: RuleGroup[];
  /** SLO recording rules and burn-rate alerts, one group per endpoint with an SLO */
  slo: RuleGroup[];
}

/** What every file writer gets: the registry (validated, normalised), the settings, what is shared between files. */
export interface GenerateContext {
  registry: Registry;
  settings: GenerateSettings;
  report: Reporter;
  rules: RuleSet;
  /** every service's Blackbox probe, by service name (blackbox/targets.json; index.ts checks probe alerts against them) */
  probes: BlackboxTarget[];
}

/** A file writer: context in, files out. Pure and deterministic. */
export type Generator = (ctx: GenerateContext) => GeneratedFile[];

export const entryName = {
  service: (name: string) => `services/${name}`,
  page: (path: string) => `pages/${path}`,
  endpoint: (method: string, path: string) => `api_endpoints/${method} ${path}`,
  template: (key: string) => `alert_templates/${key}`,
  owner: (name: string) => `owners/${name}`,
};
