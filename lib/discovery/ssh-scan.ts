// Docker and systemd discovery over SSH: every host at once (bounded), each with its own deadline, so one
// slow or broken host costs its own timeout and never fails or delays the others beyond that.
import type { Host } from '../registry/model';
import { parseDockerPs } from './docker-ps';
import { runOnHost, type CommandOutput } from './ssh';
import { isValidUnitName, systemctlShowCommand, unitWorkloads } from './systemctl';
import type { DiscoverySource, Env, ProgressListener, TargetResult, Workload } from './types';

export const DOCKER_PS_COMMAND = `docker ps --no-trunc --format '{{json .}}'`;
export const DEFAULT_CONCURRENCY = 16;

export interface ScanOptions {
  /** per host: connect + commands */
  timeoutMs: number;
  /** hosts scanned at the same time (default 16) */
  concurrency?: number;
  env?: Env;
  onProgress?: ProgressListener;
}

/**
 * Runs fn over items with at most `limit` in flight, results in the input's order. node_modules has no limiter
 * of our own choosing (only node-ssh's internal sb-promise-queue), and this is all we need of one.
 */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  const workers = Math.max(1, Math.min(Math.floor(limit) || 1, items.length));
  await Promise.all(Array.from({ length: workers }, worker));
  return results;
}

/** First lines of a failed command's stderr (or stdout when stderr is empty), for the operator. */
function commandFailure(what: string, output: CommandOutput): string {
  const text = (output.stderr.trim() || output.stdout.trim()).split('\n').slice(0, 3).join(' / ');
  const exit = output.code === null ? 'was killed' : `exited ${output.code}`;
  return text ? `${text} (${what} ${exit})` : `${what} ${exit} without a message`;
}

function summarize(prefix: string, problems: string[]): string {
  const shown = problems.slice(0, 3).join('; ');
  return `${prefix}: ${shown}${problems.length > 3 ? ` (and ${problems.length - 3} more)` : ''}`;
}

type HostOutcome = { status: 'ok' | 'failed'; error?: string; workloads: Workload[] };

/** Times one target, reports progress, and turns an unexpected throw into a failed result. */
async function scanTarget(source: DiscoverySource, host: Host, options: ScanOptions, scan: () => Promise<HostOutcome>): Promise<TargetResult> {
  const target = host.name;
  // a broken progress listener must not turn a scanned host into a lost one
  const emit = (event: Parameters<ProgressListener>[0]) => {
    try {
      options.onProgress?.(event);
    } catch {
      /* ignored, see above */
    }
  };
  emit({ source, target, phase: 'started' });
  const started = performance.now();
  let outcome: HostOutcome;
  try {
    outcome = await scan();
  } catch (e) {
    outcome = { status: 'failed', error: `unexpected error: ${(e as Error)?.message ?? String(e)}`, workloads: [] };
  }
  const result: TargetResult = { source, target, status: outcome.status, durationMs: Math.round(performance.now() - started), workloads: outcome.workloads };
  if (outcome.error !== undefined) result.error = outcome.error;
  emit({ source, target, phase: 'finished', result });
  return result;
}

/** `docker ps` on every host. Results in the order of `hosts`; a failing host never fails the others. */
export async function scanDockerHosts(hosts: Host[], options: ScanOptions): Promise<TargetResult[]> {
  return mapLimited(hosts, options.concurrency ?? DEFAULT_CONCURRENCY, (host) =>
    scanTarget('docker', host, options, async () => {
      const run = await runOnHost(host, [DOCKER_PS_COMMAND], { timeoutMs: options.timeoutMs, env: options.env });
      if (!run.ok) return { status: 'failed', error: run.error, workloads: [] };
      const output = run.outputs[0];
      if (!output) return { status: 'failed', error: 'docker ps did not run', workloads: [] };
      if (output.code !== 0) return { status: 'failed', error: commandFailure('docker ps', output), workloads: [] };
      const { workloads, problems } = parseDockerPs(output.stdout, host.name);
      // Unreadable lines would make their containers look missing (stale): fail the host, keep what was read.
      if (problems.length) return { status: 'failed', error: summarize('unreadable docker ps output', problems), workloads };
      return { status: 'ok', workloads };
    }),
  );
}

export interface UnitCheck {
  host: Host;
  /** unit names as the registry gives them ("nginx.service", "nginx") */
  units: string[];
}

/** `systemctl show` for each host's units. Units systemd does not know produce no workload. */
export async function scanSystemdUnits(checks: UnitCheck[], options: ScanOptions): Promise<TargetResult[]> {
  return mapLimited(checks, options.concurrency ?? DEFAULT_CONCURRENCY, ({ host, units }) =>
    scanTarget('systemd', host, options, async () => {
      const valid = [...new Set(units.filter(isValidUnitName))];
      const invalid = units.filter((u) => !isValidUnitName(u));
      const invalidError = invalid.length
        ? `invalid unit name(s) not checked: ${invalid.map((u) => JSON.stringify(u)).join(', ')} (allowed: letters, digits and :_.@-\\)`
        : undefined;
      if (!valid.length) return invalidError ? { status: 'failed', error: invalidError, workloads: [] } : { status: 'ok', workloads: [] };

      const run = await runOnHost(host, [systemctlShowCommand(valid)], { timeoutMs: options.timeoutMs, env: options.env });
      if (!run.ok) return { status: 'failed', error: run.error, workloads: [] };
      const output = run.outputs[0];
      if (!output) return { status: 'failed', error: 'systemctl show did not run', workloads: [] };
      if (output.code !== 0) return { status: 'failed', error: commandFailure('systemctl show', output), workloads: [] };
      const { workloads, problems } = unitWorkloads(valid, output.stdout, host.name);
      if (problems.length) return { status: 'failed', error: summarize('unreadable systemctl show output', problems), workloads };
      // The valid units were checked and are reported; the host still fails so the bad names get fixed.
      if (invalidError) return { status: 'failed', error: invalidError, workloads };
      return { status: 'ok', workloads };
    }),
  );
}
