// What a push records and the pure decisions behind it: the content hash, how per-target results add up to the
// push's status, and the PromQL grammar check of the generated rules. No I/O.
import { createHash } from 'node:crypto';
import jsyaml from 'js-yaml';
import { checkTemplateExpr, offsetToLineColumn } from '../registry/promql';
import type { CheckReport } from '../generate/check';
import type { GeneratedFile } from '../generate/types';
import type { PushResult } from './files-result';
import type { KubernetesPushResult } from './kubernetes-target';

export type PushKind = 'push' | 'rollback';
export type PushStatus = 'running' | 'ok' | 'partial' | 'failed' | 'refused' | 'abandoned';
/** pending: not reached yet; rolled-back: the target refused the push and is back on its previous config */
export type TargetPushState = 'pending' | 'running' | 'ok' | 'partial' | 'rolled-back' | 'failed' | 'refused' | 'skipped';

/** One target as stored on the push row (DeployPush.targets), updated while the push runs. */
export interface PushTargetEntry {
  name: string;
  type: 'directory' | 'kubernetes';
  /** where it goes, in words (config.ts describeTarget) */
  where: string;
  status: TargetPushState;
  /** one line: what happened, or what is happening now */
  detail?: string;
  durationMs?: number;
  /** Kubernetes: objects done so far and known to come */
  progress?: { done: number; total: number };
  directory?: PushResult;
  kubernetes?: KubernetesPushResult;
}

/** sha256 over paths and contents in path order: equal trees hash equal whatever order they came in. */
export function contentHash(files: readonly GeneratedFile[]): string {
  const hash = createHash('sha256');
  for (const f of [...files].sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))) {
    hash.update(f.path).update('\0').update(f.content).update('\0');
  }
  return hash.digest('hex');
}

export const shortHash = (hash: string) => hash.slice(0, 12);

/** A directory push's outcome as a target state. */
export function directoryState(result: PushResult): TargetPushState {
  return result.outcome === 'pushed' ? 'ok' : result.outcome === 'rolled-back' ? 'rolled-back' : result.outcome === 'refused' ? 'refused' : 'failed';
}

/** The components of a directory push, one line: "files ok; prometheus failed: ...". */
export function directoryDetail(result: PushResult): string {
  const notOk = result.components.filter((c) => c.status !== 'ok' && c.status !== 'skipped');
  if (notOk.length === 0) return result.components.filter((c) => c.status === 'ok').map((c) => `${c.target} ok`).join(', ');
  return notOk.map((c) => `${c.target} ${c.status}: ${c.detail}`).join('; ');
}

/**
 * The push's status from its targets: ok when every target took it, failed when none did, partial otherwise.
 * A target that ended partial (some Kubernetes objects applied) counts as neither all nor nothing.
 */
export function rollUpStatus(targets: readonly Pick<PushTargetEntry, 'status'>[]): Exclude<PushStatus, 'running' | 'abandoned'> {
  if (targets.length === 0) return 'failed';
  const ok = targets.filter((t) => t.status === 'ok').length;
  if (ok === targets.length) return 'ok';
  if (ok === 0 && targets.every((t) => t.status !== 'partial')) return 'failed';
  return 'partial';
}

/** A tree the app generated or an earlier push stored: a list of { path, content } strings, nothing else. */
export function filesFromJson(value: unknown): GeneratedFile[] | string {
  if (!Array.isArray(value)) return 'the stored files are not a list';
  const files: GeneratedFile[] = [];
  for (const [i, f] of value.entries()) {
    if (typeof f !== 'object' || f === null || typeof (f as GeneratedFile).path !== 'string' || typeof (f as GeneratedFile).content !== 'string') {
      return `stored file [${i}] is not { path, content }`;
    }
    files.push({ path: (f as GeneratedFile).path, content: (f as GeneratedFile).content });
  }
  return files;
}

interface RuleDoc {
  groups?: { name?: string; rules?: { alert?: string; record?: string; expr?: unknown }[] }[];
  spec?: { groups?: RuleDoc['groups'] };
}

/**
 * Every rule expression of the tree through Prometheus's PromQL grammar (the check that runs even without
 * promtool): Prometheus rule files and the spec.groups of PrometheusRule manifests. Problems say file, rule, where.
 */
export function promqlProblems(files: readonly GeneratedFile[], limit = 50): string[] {
  const problems: string[] = [];
  for (const file of files) {
    const isRules = /^prometheus\/rules\/.+\.ya?ml$/.test(file.path);
    const isManifest = file.path.startsWith('kubernetes/') && /\.ya?ml$/.test(file.path) && file.content.includes('PrometheusRule');
    if (!isRules && !isManifest) continue;
    let docs: unknown[];
    try {
      docs = jsyaml.loadAll(file.content, undefined, { schema: jsyaml.CORE_SCHEMA });
    } catch (error) {
      problems.push(`${file.path}: not valid YAML: ${(error as jsyaml.YAMLException).reason ?? (error as Error).message}`);
      continue;
    }
    for (const doc of docs as RuleDoc[]) {
      const groups = (isRules ? doc?.groups : doc?.spec?.groups) ?? [];
      for (const group of groups) {
        for (const rule of group?.rules ?? []) {
          const expr = typeof rule.expr === 'string' ? rule.expr : typeof rule.expr === 'number' ? String(rule.expr) : undefined;
          const name = rule.alert ?? rule.record ?? '(unnamed rule)';
          if (expr === undefined) {
            problems.push(`${file.path}: group ${group.name ?? '?'}, rule ${name}: no expr`);
            continue;
          }
          // ${...} is a template placeholder in the registry; in a generated file it is a literal, never valid PromQL
          for (const p of checkTemplateExpr(expr.replace(/\$\{/g, '$('))) {
            const { line, column } = offsetToLineColumn(expr, p.offset);
            problems.push(`${file.path}: group ${group.name ?? '?'}, rule ${name}: ${p.message} (expr line ${line}, column ${column})`);
          }
          if (problems.length >= limit) return problems;
        }
      }
    }
  }
  return problems;
}

/** The tools' report and the grammar's problems as the push's verdict: what failed (nothing: go), and a note. */
export function checkVerdict(report: CheckReport, grammar: readonly string[]): { failed: string[]; note: string } {
  const failed = [
    ...report.files.filter((f) => f.status === 'failed').map((f) => `${f.path} (${f.tool ?? 'check'}): ${f.output.split('\n').filter(Boolean).slice(0, 6).join(' ')}`),
    ...grammar.map((p) => `PromQL grammar: ${p}`),
  ];
  const tools = [report.tools.promtool && `promtool ${report.tools.promtool}`, report.tools.amtool && `amtool ${report.tools.amtool}`].filter(Boolean);
  const missing = [!report.tools.promtool && 'promtool', !report.tools.amtool && 'amtool'].filter(Boolean);
  const note = `checked before the push with ${[...tools, 'the PromQL grammar'].join(', ')}${missing.length ? ` (${missing.join(' and ')} not installed)` : ''}`;
  return { failed, note };
}
