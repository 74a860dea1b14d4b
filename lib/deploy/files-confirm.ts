// Pure comparisons that confirm a running Prometheus or Alertmanager loaded exactly what a push wrote.
// Neither server hands back the file it read:
//  - Prometheus's /api/v1/status/config is the config re-serialised: defaults filled in, secrets shown as
//    <secret>, durations normalised (60s -> 1m), and relative paths made absolute against the config file's
//    folder. So the pushed YAML must be CONTAINED in the reported one (every pushed key with an equal value),
//    not equal to it; paths match by their tail below the config folder, which also holds when the server sees
//    the folder under another name (a container mount).
//  - /api/v1/rules lists the loaded groups by absolute file: the pushed rule files' groups and rules must be
//    exactly those (queries are reprinted by Prometheus, so names, types, `for`, labels and annotations are
//    compared, not the PromQL text).
//  - Alertmanager's /api/v2/status `config.original` is likewise re-serialised, but its metric
//    alertmanager_config_hash is the first 48 bits of the MD5 of the file bytes it loaded: an exact check.
//  - The Blackbox exporter's /config is its loaded config re-serialised with every prober's defaults: the
//    pushed modules must be exactly its modules, each with the pushed prober and timeout.
import { createHash } from 'node:crypto';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { durationSeconds } from '../generate/slo';
import type { GeneratedFile } from '../generate/types';

export const PROMETHEUS_CONFIG = 'prometheus/prometheus.yml';
export const ALERTMANAGER_CONFIG = 'alertmanager/alertmanager.yml';
export const BLACKBOX_CONFIG = 'blackbox/blackbox.yml';

export interface ExpectedRule {
  type: 'alerting' | 'recording';
  name: string;
  /** `for` in seconds; 0 when absent (alerting rules only) */
  forSeconds: number;
  labels: Record<string, string>;
  annotations: Record<string, string>;
}

export interface ExpectedGroup {
  /** the rule file as the tree holds it, e.g. prometheus/rules/services.yml */
  file: string;
  /** what Prometheus's absolute path for it ends with (see pathTail): rules/services.yml */
  tail: string;
  name: string;
  rules: ExpectedRule[];
}

/** A group as Prometheus's /api/v1/rules reports it (the fields compared). */
export interface ReportedGroup {
  name: string;
  file: string;
  rules: { type?: string; name?: string; duration?: number; labels?: Record<string, string>; annotations?: Record<string, string> }[];
}

export class ConfirmInputError extends Error {}

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function parseYaml(text: string, where: string): unknown {
  try {
    return jsyaml.load(text);
  } catch (error) {
    throw new ConfirmInputError(`${where} is not valid YAML: ${(error as Error).message.split('\n')[0]}`);
  }
}

/** filepath.Match-style pattern (Prometheus globs rule_files): `*` and `?` within one path segment. */
function globRegex(pattern: string): RegExp {
  const body = pattern.replace(/[.+^${}()|\\]/g, '\\$&').replace(/\*/g, '[^/]*').replace(/\?/g, '[^/]');
  return new RegExp(`^${body}$`);
}

/**
 * The end of the absolute path a server reports for `relative` (a path in a config at `configDir` of the
 * tree): the part below the config's folder, or below the tree's root for `../` paths, or just the file name
 * for a path above the tree. Never the folder names above, which depend on where the server sees the tree.
 */
export function pathTail(configDir: string, relative: string): string {
  const inTree = path.posix.normalize(path.posix.join(configDir, relative));
  if (inTree.startsWith('../')) return path.posix.basename(relative);
  const fromConfig = path.posix.relative(configDir, inTree);
  return fromConfig.startsWith('../') ? inTree : fromConfig;
}

const stringRecord = (v: unknown): Record<string, string> =>
  isRecord(v) ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, String(x)])) : {};

/**
 * The rule groups Prometheus should report after loading the pushed tree: the files its `rule_files` name
 * (relative entries resolve against the config's folder, as Prometheus resolves them; absolute ones point
 * outside the tree and cannot be known, so they are returned in `outside` and their groups are not compared).
 */
export function expectedRuleGroups(files: readonly GeneratedFile[], configPath = PROMETHEUS_CONFIG): { groups: ExpectedGroup[]; outside: string[] } {
  const config = files.find((f) => f.path === configPath);
  if (!config) throw new ConfirmInputError(`the push has no ${configPath}`);
  const parsed = parseYaml(config.content, configPath);
  const ruleFiles = isRecord(parsed) && Array.isArray(parsed.rule_files) ? parsed.rule_files.map(String) : [];
  const configDir = path.posix.dirname(configPath);
  const byPath = new Map(files.map((f) => [f.path, f]));
  const groups: ExpectedGroup[] = [];
  const outside: string[] = [];
  const seen = new Set<string>();
  for (const entry of ruleFiles) {
    if (path.posix.isAbsolute(entry)) {
      outside.push(entry);
      continue;
    }
    const treePattern = path.posix.normalize(path.posix.join(configDir, entry));
    const matches = /[*?]/.test(treePattern) ? [...byPath.keys()].filter((p) => globRegex(treePattern).test(p)).sort() : byPath.has(treePattern) ? [treePattern] : [];
    for (const file of matches) {
      if (seen.has(file)) continue; // Prometheus loads a file named twice once
      seen.add(file);
      const doc = parseYaml(byPath.get(file)!.content, file);
      const tail = pathTail(configDir, path.posix.relative(configDir, file));
      for (const g of isRecord(doc) && Array.isArray(doc.groups) ? doc.groups : []) {
        if (!isRecord(g)) continue;
        const rules = (Array.isArray(g.rules) ? g.rules : []).filter(isRecord).map(
          (r): ExpectedRule => ({
            type: r.alert !== undefined ? 'alerting' : 'recording',
            name: String(r.alert ?? r.record ?? ''),
            forSeconds: typeof r.for === 'string' ? durationSeconds(r.for) : 0,
            labels: stringRecord(r.labels),
            annotations: stringRecord(r.annotations),
          }),
        );
        groups.push({ file, tail, name: String(g.name), rules });
      }
    }
  }
  return { groups, outside };
}

function recordDiff(what: string, expected: Record<string, string>, reported: Record<string, string> | undefined): string | undefined {
  const got = reported ?? {};
  const keys = [...new Set([...Object.keys(expected), ...Object.keys(got)])].sort();
  const differing = keys.filter((k) => expected[k] !== got[k]);
  if (differing.length === 0) return undefined;
  return `${what} differ at ${differing.map((k) => `${k} (pushed ${JSON.stringify(expected[k] ?? null)}, loaded ${JSON.stringify(got[k] ?? null)})`).join(', ')}`;
}

/**
 * What differs between the groups the push holds and the groups Prometheus reports: missing groups, groups
 * nobody pushed (a stale or foreign config), and per rule its name, type, `for`, labels and annotations.
 * Empty when they are the same.
 */
export function compareRuleGroups(expected: readonly ExpectedGroup[], reported: readonly ReportedGroup[], outside: readonly string[] = []): string[] {
  const problems: string[] = [];
  // The longest tail a reported file ends with decides which pushed file it is (rules/a.yml vs a.yml).
  const tails = [...new Set(expected.map((g) => g.tail))].sort((a, b) => b.length - a.length);
  const tailOf = (file: string) => tails.find((t) => file === t || file.endsWith(`/${t}`));
  const wanted = new Map(expected.map((g) => [`${g.tail}\n${g.name}`, g]));
  const found = new Set<string>();
  for (const group of reported) {
    if (outside.includes(group.file)) continue;
    const tail = tailOf(group.file);
    const key = `${tail}\n${group.name}`;
    const want = tail === undefined ? undefined : wanted.get(key);
    if (!want) {
      problems.push(`Prometheus has rule group ${JSON.stringify(group.name)} from ${group.file}, which the push does not contain`);
      continue;
    }
    found.add(key);
    const where = `group ${JSON.stringify(group.name)} (${want.file})`;
    if (group.rules.length !== want.rules.length) {
      problems.push(`${where}: ${group.rules.length} rules loaded, ${want.rules.length} pushed`);
      continue;
    }
    want.rules.forEach((rule, i) => {
      const got = group.rules[i]!;
      const at = `${where}, rule ${i + 1} ${JSON.stringify(rule.name)}`;
      if (got.name !== rule.name || got.type !== rule.type) {
        problems.push(`${at}: loaded ${got.type ?? '?'} rule ${JSON.stringify(got.name ?? null)}, pushed ${rule.type} rule`);
        return;
      }
      if (rule.type === 'alerting' && (got.duration ?? 0) !== rule.forSeconds) problems.push(`${at}: for is ${got.duration ?? 0} s loaded, ${rule.forSeconds} s pushed`);
      const labels = recordDiff('labels', rule.labels, got.labels);
      if (labels) problems.push(`${at}: ${labels}`);
      const annotations = recordDiff('annotations', rule.annotations, got.annotations);
      if (annotations) problems.push(`${at}: ${annotations}`);
    });
  }
  for (const [key, g] of wanted) if (!found.has(key)) problems.push(`rule group ${JSON.stringify(g.name)} of ${g.file} is not loaded`);
  return problems;
}

// ---- the config a server reports, against the file pushed ------------------------------------------

const DURATION = /^(\d+(ms|s|m|h|d|w|y))+$/;
/** Keys whose values are file paths, which the servers make absolute against the config's folder. */
const isPathKey = (key: string) => key === 'rule_files' || key === 'files' || key === 'templates' || key.endsWith('_file');
const isEmpty = (v: unknown) =>
  v === null || v === undefined || v === false || v === 0 || v === '' || (Array.isArray(v) && v.length === 0) || (isRecord(v) && Object.keys(v).length === 0);

function samePath(pushed: string, loaded: string, configDir: string): boolean {
  if (pushed === loaded || path.posix.isAbsolute(pushed)) return pushed === loaded;
  return loaded.endsWith(`/${pathTail(configDir, pushed)}`); // a glob stays a glob: it ends the same way
}

function sameScalar(pushed: unknown, loaded: unknown, pathValued: boolean, configDir: string): boolean {
  if (loaded === '<secret>') return true; // hidden by the server; nothing to compare
  const a = String(pushed);
  const b = String(loaded);
  if (a === b) return true;
  if (pathValued) return samePath(a, b, configDir);
  return DURATION.test(a) && DURATION.test(b) && durationSeconds(a) === durationSeconds(b);
}

/** Lists of named things (scrape jobs, receivers): which names only one side has, e.g. ` (loaded only: ollama)`. */
function namedDifference(pushed: unknown[], loaded: unknown[]): string {
  const names = (items: unknown[]) => items.map((i) => (isRecord(i) ? (i.job_name ?? i.name) : undefined)).filter((n) => n !== undefined).map(String);
  const [p, l] = [names(pushed), names(loaded)];
  if (p.length !== pushed.length || l.length !== loaded.length) return '';
  const onlyPushed = p.filter((n) => !l.includes(n));
  const onlyLoaded = l.filter((n) => !p.includes(n));
  const parts = [onlyPushed.length ? `pushed only: ${onlyPushed.join(', ')}` : '', onlyLoaded.length ? `loaded only: ${onlyLoaded.join(', ')}` : ''];
  const text = parts.filter(Boolean).join('; ');
  return text ? ` (${text})` : '';
}

/**
 * Where the config a server reports does not contain the pushed one, as `key.path: pushed X, loaded Y`.
 * Keys the server adds (its defaults) are fine; a pushed key the server leaves out is fine when its value is
 * empty or false (omitted as a default). `configDir` is the config file's folder in the tree (`prometheus`).
 */
export function configContains(pushedYaml: string, loadedYaml: string, configDir: string, limit = 20): string[] {
  const pushed = parseYaml(pushedYaml, 'the pushed config');
  const loaded = parseYaml(loadedYaml, 'the config the server reports');
  const problems: string[] = [];
  const show = (v: unknown) => (v === undefined ? 'nothing' : JSON.stringify(v));
  const walk = (p: unknown, l: unknown, at: string, pathValued: boolean) => {
    if (problems.length >= limit) return;
    if (isRecord(p)) {
      if (!isRecord(l)) return void problems.push(`${at || '(top)'}: pushed a mapping, loaded ${show(l)}`);
      for (const [key, value] of Object.entries(p)) {
        const child = at ? `${at}.${key}` : key;
        if (!(key in l)) {
          if (!isEmpty(value)) problems.push(`${child}: pushed ${show(value)}, loaded nothing`);
        } else walk(value, l[key], child, isPathKey(key));
      }
    } else if (Array.isArray(p)) {
      if (!Array.isArray(l) || l.length !== p.length) {
        return void problems.push(`${at}: pushed ${p.length} items, loaded ${Array.isArray(l) ? `${l.length} items${namedDifference(p, l)}` : show(l)}`);
      }
      p.forEach((item, i) => walk(item, l[i], `${at}[${i}]`, pathValued));
    } else if (p !== null && p !== undefined && !sameScalar(p, l, pathValued, configDir)) {
      problems.push(`${at}: pushed ${show(p)}, loaded ${show(l)}`);
    }
  };
  walk(pushed, loaded, '', false);
  return problems;
}

/** The scrape job names of a Prometheus config, in order (for the success message). */
export function scrapeJobNames(configYaml: string): string[] {
  const doc = parseYaml(configYaml, 'the pushed config');
  const jobs = isRecord(doc) && Array.isArray(doc.scrape_configs) ? doc.scrape_configs : [];
  return jobs.filter(isRecord).map((j) => String(j.job_name));
}

/** alertmanager_config_hash for a config file: its MD5's first 6 bytes as a little-endian integer. */
export function alertmanagerConfigHash(content: string): number {
  const digest = createHash('md5').update(content, 'utf8').digest();
  let value = 0;
  for (let i = 5; i >= 0; i--) value = value * 256 + digest[i]!;
  return value;
}

/** The value of an unlabelled sample in Prometheus text exposition, or undefined when it is not there. */
export function metricValue(exposition: string, name: string): number | undefined {
  for (const line of exposition.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!rest.startsWith(' ')) continue; // another metric whose name starts the same, or a labelled sample
    const value = rest.trim().split(/\s+/)[0]!;
    const number = value === '+Inf' ? Infinity : value === '-Inf' ? -Infinity : Number(value);
    return Number.isNaN(number) && value !== 'NaN' ? undefined : number;
  }
  return undefined;
}

type BlackboxModules = Record<string, { prober?: unknown; timeout?: unknown } | null>;

function blackboxModules(yaml: string, what: string): BlackboxModules {
  const doc = jsyaml.load(yaml) as { modules?: unknown } | null;
  if (doc === null || typeof doc !== 'object' || typeof doc.modules !== 'object' || doc.modules === null) {
    throw new ConfirmInputError(`${what} has no modules`);
  }
  return doc.modules as BlackboxModules;
}

/** The modules a blackbox.yml defines. */
export function blackboxModuleNames(yaml: string): string[] {
  return Object.keys(blackboxModules(yaml, BLACKBOX_CONFIG));
}

/** How the Blackbox exporter's loaded modules (GET /config) differ from the pushed blackbox.yml's; empty: none. */
export function compareBlackboxModules(pushedYaml: string, loadedYaml: string): string[] {
  const pushed = blackboxModules(pushedYaml, `the pushed ${BLACKBOX_CONFIG}`);
  const loaded = blackboxModules(loadedYaml, "the exporter's /config");
  const problems: string[] = [];
  for (const [name, module] of Object.entries(pushed)) {
    const got = loaded[name];
    if (got === undefined) {
      problems.push(`module ${name} is not loaded`);
      continue;
    }
    if (String(got?.prober) !== String(module?.prober)) problems.push(`module ${name}: prober ${String(got?.prober)}, pushed ${String(module?.prober)}`);
    const want = module?.timeout === undefined ? undefined : durationSeconds(String(module.timeout));
    const have = got?.timeout === undefined ? undefined : durationSeconds(String(got.timeout));
    if (want !== undefined && have !== want) problems.push(`module ${name}: timeout ${String(got?.timeout)}, pushed ${String(module?.timeout)}`);
  }
  for (const name of Object.keys(loaded)) if (!(name in pushed)) problems.push(`module ${name} is loaded but was not pushed`);
  return problems;
}
