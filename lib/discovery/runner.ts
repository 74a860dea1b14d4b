// A discovery run end to end: take the cluster-wide lock, record the run, scan with progress written as it goes,
// store what was seen, reconcile, announce new unregistered workloads, finish the run. startDiscovery returns as
// soon as the run is recorded, so "Scan now" and the API answer at once and the page follows the progress.
import { urlOf, type Db } from '../db/client';
import { recordCoverageSnapshot } from '../coverage/snapshots';
import { loadRegistry } from '../registry/store';
import { ignoreRulesOf, loadDiscoveryConfig, type DiscoveryConfig } from './config';
import { tryDiscoveryLock } from './lock';
import { notifyConfigFromEnv, notifyUnregistered, type NotifyConfig } from './notify';
import { reconcile, type Reconciliation } from './reconcile';
import { planScan, runScan } from './scan';
import {
  abandonOrphanedRuns,
  createRun,
  finishRun,
  loadIgnores,
  markNotified,
  recordWorkloads,
  runningRun,
  saveNotifications,
  saveProgress,
  type RunStatus,
  type RunTarget,
} from './store';
import type { Env, TargetResult } from './types';

export type Trigger = 'schedule' | 'manual' | 'api';

export interface RunOutcome {
  runId: number;
  status: RunStatus;
  results: TargetResult[];
  reconciliation: Reconciliation;
  newUnregistered: string[];
  /** why the run failed as a whole (the database went away mid-run, ...) */
  error?: string;
}

export type StartResult =
  | { ok: true; runId: number; done: Promise<RunOutcome> }
  | { ok: false; reason: 'busy'; runId: number | null; message: string }
  | { ok: false; reason: 'config'; message: string; problems: string[] };

export interface StartOptions {
  trigger: Trigger;
  actorName?: string;
  env?: Env;
  /** defaults: DISCOVERY_CONFIG's file, notification settings from the environment */
  config?: DiscoveryConfig;
  notify?: NotifyConfig;
  /** how often progress is written, at most (ms) */
  progressEveryMs?: number;
}

// The in-process single flight: the advisory lock keeps replicas apart, this keeps one process from asking twice.
const flight = globalThis as unknown as { __awoooiDiscovery?: { runId: number; done: Promise<RunOutcome> } | null };

export async function startDiscovery(db: Db, options: StartOptions): Promise<StartResult> {
  const env = options.env ?? process.env;
  const busy = async (): Promise<StartResult> => {
    const running = flight.__awoooiDiscovery?.runId ?? (await runningRun(db))?.id ?? null;
    return { ok: false, reason: 'busy', runId: running, message: `a discovery scan is already running${running ? ` (run ${running})` : ''}` };
  };
  if (flight.__awoooiDiscovery) return busy();

  let config = options.config;
  if (!config) {
    const loaded = await loadDiscoveryConfig(env);
    if (!loaded.ok) return { ok: false, reason: 'config', message: 'the discovery config is invalid', problems: loaded.problems };
    config = loaded.value;
  }

  const lock = await tryDiscoveryLock(urlOf(db), env);
  if (!lock) return busy();
  if (flight.__awoooiDiscovery) {
    await lock.release();
    return busy();
  }
  let runId: number;
  let registry;
  try {
    await abandonOrphanedRuns(db);
    registry = await loadRegistry(db);
    const plan = planScan(registry, config, env);
    const targets: RunTarget[] = plan.targets.map((t) => ({
      source: t.source,
      target: t.target,
      state: t.skipped ? 'skipped' : t.error ? 'failed' : 'pending',
      ...(t.skipped ? { error: t.skipped } : t.error ? { error: t.error } : {}),
    }));
    runId = await createRun(db, { trigger: options.trigger, actorName: options.actorName, targets });
    const id = runId;
    const context = { trigger: options.trigger, plan, targets, config, registry, env, notify: options.notify ?? notifyConfigFromEnv(env), progressEveryMs: options.progressEveryMs ?? 500 };
    // `done` never rejects: nobody may be awaiting it ("Scan now" returns at once), so a failure is recorded instead.
    const done = scanAndFinish(db, id, context)
      .catch(async (error: unknown) => {
        console.error(`discovery run ${id} failed:`, error);
        const message = error instanceof Error ? error.message : String(error);
        await finishRun(db, id, { status: 'failed', targets, durationMs: null, unregistered: 0, newUnregistered: 0, stale: 0, matched: 0, error: message }).catch(() => {});
        return { runId: id, status: 'failed' as const, results: [], reconciliation: { matched: [], unregistered: [], stale: [], unchecked: [], ignored: [] }, newUnregistered: [], error: message };
      })
      .finally(async () => {
        flight.__awoooiDiscovery = null;
        await lock.release().catch(() => {});
      });
    flight.__awoooiDiscovery = { runId, done };
    return { ok: true, runId, done };
  } catch (error) {
    flight.__awoooiDiscovery = null;
    await lock.release();
    throw error;
  }
}

interface ScanContext {
  trigger: Trigger;
  plan: ReturnType<typeof planScan>;
  targets: RunTarget[];
  config: DiscoveryConfig;
  registry: Awaited<ReturnType<typeof loadRegistry>>;
  env: Env;
  notify: NotifyConfig;
  progressEveryMs: number;
}

async function scanAndFinish(db: Db, runId: number, ctx: ScanContext): Promise<RunOutcome> {
  const started = Date.now();
  const startedAt = new Date(started);
  const { targets } = ctx;
  const find = (source: string, target: string) => targets.find((t) => t.source === source && t.target === target);

  // Progress is written at most every progressEveryMs, and once more at the end; writes never overlap.
  let dirty = false;
  let writing: Promise<void> | null = null;
  const flush = () => {
    if (writing || !dirty) return;
    dirty = false;
    writing = saveProgress(db, runId, targets)
      .catch(() => {})
      .finally(() => {
        writing = null;
      });
  };
  const timer = setInterval(flush, ctx.progressEveryMs);

  let results: TargetResult[] = [];
  try {
    results = await runScan(ctx.plan, ctx.config, {
      env: ctx.env,
      onProgress: (event) => {
        const t = find(event.source, event.target);
        if (!t) return;
        if (event.phase === 'started') t.state = 'running';
        else if (event.result) Object.assign(t, stateOf(event.result));
        dirty = true;
      },
    });
  } finally {
    clearInterval(timer);
    await writing;
  }
  for (const result of results) {
    const t = find(result.source, result.target);
    if (t) Object.assign(t, stateOf(result));
  }

  const newKeys = await recordWorkloads(db, runId, results);
  const ignores = await loadIgnores(db);
  const reconciliation = reconcile(ctx.registry, results, {
    ignoreRules: ignoreRulesOf(ctx.config),
    matchLabels: ctx.config.match_labels,
    ignoredWorkloads: ignores.workloads,
    ignoredServices: ignores.services,
  });
  const fresh = reconciliation.unregistered.filter((u) => newKeys.has(u.key));
  const scanned = targets.filter((t) => t.state === 'ok' || t.state === 'failed');
  const failed = scanned.filter((t) => t.state === 'failed').length;
  const status: RunStatus = failed === 0 ? 'ok' : failed === scanned.length ? 'failed' : 'partial';
  await finishRun(db, runId, {
    status,
    targets,
    durationMs: Date.now() - started,
    unregistered: reconciliation.unregistered.length,
    newUnregistered: fresh.length,
    stale: reconciliation.stale.length,
    matched: reconciliation.matched.length,
  });

  // The discovery dimension of coverage moves with each run; a failure here must not fail the run.
  await recordCoverageSnapshot(db, await loadRegistry(db), 'discovery').catch((error: unknown) => console.error('coverage snapshot after discovery failed:', error));

  if (fresh.length > 0) {
    const sent = await notifyUnregistered(
      { id: String(runId), trigger: ctx.trigger, startedAt, finishedAt: new Date() },
      fresh.map((u) => u.workload),
      ctx.notify,
    );
    if (sent.length > 0) {
      await saveNotifications(db, runId, sent);
      if (sent.some((s) => s.ok)) await markNotified(db, fresh.map((u) => u.key));
    }
  }
  return { runId, status, results, reconciliation, newUnregistered: fresh.map((u) => u.key) };
}

function stateOf(result: TargetResult): Partial<RunTarget> {
  return {
    state: result.status,
    durationMs: result.durationMs,
    workloads: result.workloads.length,
    ...(result.error ? { error: result.error } : { error: undefined }),
  };
}

/** Resolves when this process's scan, if any, has finished (tests and shutdown). */
export async function waitForDiscovery(): Promise<void> {
  await flight.__awoooiDiscovery?.done.catch(() => {});
}

/** For the schedule and the API's ?wait: start and wait; a busy cluster is an answer, not an error. */
export async function runDiscoveryAndWait(db: Db, options: StartOptions): Promise<StartResult | ({ ok: true } & RunOutcome)> {
  const started = await startDiscovery(db, options);
  if (!started.ok) return started;
  return { ok: true, ...(await started.done) };
}
