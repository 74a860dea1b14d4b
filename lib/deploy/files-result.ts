// What a push to a config folder reports, and the pure decisions behind it: whether the input can be pushed
// at all, and which outcome a set of per-component results adds up to. No I/O.
import type { GeneratedFile } from '../generate/types';
import { ALERTMANAGER_CONFIG, BLACKBOX_CONFIG, PROMETHEUS_CONFIG } from './files-confirm';

/** A folder the monitoring stack reads, and where to tell it to reload. */
export interface DirectoryTarget {
  /** the folder that receives the whole generated tree (Prometheus reads <dir>/prometheus/prometheus.yml) */
  dir: string;
  /** e.g. http://127.0.0.1:9090 (with --web.enable-lifecycle); absent: Prometheus is not reloaded */
  prometheusUrl?: string;
  /** e.g. http://127.0.0.1:9093; absent: Alertmanager is not reloaded */
  alertmanagerUrl?: string;
  /** e.g. http://127.0.0.1:9115, the Blackbox exporter reading <dir>/blackbox/blackbox.yml; absent: not reloaded */
  blackboxUrl?: string;
  /** per HTTP request; default 30 s */
  timeoutMs?: number;
}

export type ComponentName = 'files' | 'prometheus' | 'alertmanager' | 'blackbox';

/**
 * ok: the new files are in place / loaded and confirmed. rolled-back: the push was undone here and the
 * previous files are back (and reloaded). failed: neither; what runs is uncertain (see detail).
 * skipped: not asked for (no URL) or not reached (the push stopped earlier).
 */
export type ComponentStatus = 'ok' | 'failed' | 'rolled-back' | 'skipped';

export interface ComponentResult {
  target: ComponentName;
  status: ComponentStatus;
  /** what happened, in the servers' own words where they gave any */
  detail: string;
  durationMs: number;
}

/**
 * pushed: every component ok. refused: nothing was changed (invalid input or a failed check).
 * rolled-back: a server rejected the push; the previous files are back and reloaded. failed: anything else.
 */
export type PushOutcome = 'pushed' | 'refused' | 'rolled-back' | 'failed';

export interface PushResult {
  outcome: PushOutcome;
  components: ComponentResult[];
  durationMs: number;
}

function isSafeRelativePath(p: string): boolean {
  return p !== '' && !p.startsWith('/') && !p.includes('\\') && !p.split('/').some((s) => s === '..' || s === '' || s === '.');
}

/** Why these files cannot be pushed to this target (empty: they can). */
export function pushInputProblems(target: DirectoryTarget, files: readonly GeneratedFile[]): string[] {
  const problems: string[] = [];
  if (target.dir.trim() === '') problems.push('the target folder is empty');
  if (files.length === 0) problems.push('there are no files to push');
  const seen = new Set<string>();
  for (const f of files) {
    if (!isSafeRelativePath(f.path)) problems.push(`${JSON.stringify(f.path)} is not a relative path inside the folder`);
    else if (seen.has(f.path)) problems.push(`${f.path} is in the push twice`);
    seen.add(f.path);
  }
  for (const [url, name, config] of [
    [target.prometheusUrl, 'prometheusUrl', PROMETHEUS_CONFIG],
    [target.alertmanagerUrl, 'alertmanagerUrl', ALERTMANAGER_CONFIG],
    [target.blackboxUrl, 'blackboxUrl', BLACKBOX_CONFIG],
  ] as const) {
    if (url === undefined) continue;
    if (!/^https?:\/\/[^/]+/.test(url)) problems.push(`${name} ${JSON.stringify(url)} is not an http:// or https:// URL`);
    if (!seen.has(config)) problems.push(`${name} is set but the push has no ${config} to reload`);
  }
  if (target.timeoutMs !== undefined && !(target.timeoutMs > 0)) problems.push(`timeoutMs must be positive, not ${target.timeoutMs}`);
  return problems;
}

/** The outcome the components add up to; see PushOutcome. */
export function pushOutcome(components: readonly ComponentResult[], refused: boolean): PushOutcome {
  if (refused) return 'refused';
  if (components.some((c) => c.status === 'failed')) return 'failed';
  if (components.some((c) => c.status === 'rolled-back')) return 'rolled-back';
  return 'pushed';
}

/** At most `limit` problems, and how many more there were. */
export function listProblems(problems: readonly string[], limit = 5): string {
  const shown = problems.slice(0, limit).join('; ');
  return problems.length > limit ? `${shown}; and ${problems.length - limit} more` : shown;
}

/** Per-component results, filled in as the push goes; components never reached read as skipped. */
export class ComponentLog {
  private readonly results = new Map<ComponentName, ComponentResult>();

  constructor(private readonly order: readonly ComponentName[]) {}

  set(target: ComponentName, status: ComponentStatus, detail: string, durationMs = 0): void {
    this.results.set(target, { target, status, detail, durationMs: Math.round(durationMs) });
  }

  get(target: ComponentName): ComponentResult | undefined {
    return this.results.get(target);
  }

  /** Adds to a result already there: a later step (the rollback) changes its status and extends its detail. */
  update(target: ComponentName, status: ComponentStatus, moreDetail: string, moreMs = 0): void {
    const before = this.results.get(target);
    this.set(target, status, before ? `${before.detail}; ${moreDetail}` : moreDetail, (before?.durationMs ?? 0) + moreMs);
  }

  list(skippedDetail: string): ComponentResult[] {
    return this.order.map((t) => this.results.get(t) ?? { target: t, status: 'skipped', detail: skippedDetail, durationMs: 0 });
  }
}
