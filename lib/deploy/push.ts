// A push end to end: take the cluster-wide push lock, record the push, check the tree, send it to each deploy
// target in turn with progress written to the row, then the final status and its audit entry together.
// startPush returns as soon as the row exists, so the Push button and the API answer at once and the page
// follows the progress (as discovery's "Scan now").
//
// Targets go one after another, not concurrently: two folder targets may be read by the same Prometheus, a
// failure is easier to read when the next target has not started yet, and the Kubernetes target already
// applies its objects in parallel. A failed target does not stop the next one: each is all-or-nothing on its
// own (a folder rolls back), and the push's status says which took it (ok / partial / failed).
import type { Actor } from '../auth/roles';
import { urlOf, type Db } from '../db/client';
import { checkGenerated, type CheckOptions, type CheckReport } from '../generate/check';
import { loadConfigs } from '../generate/configs-cache';
import type { GeneratedFile } from '../generate/types';
import { describeTarget, loadDeployConfig, type DeployTarget } from './config';
import { pushToDirectory } from './files-target';
import { applyToKubernetes } from './kubernetes-target';
import { tryPushLock } from './push-lock';
import { checkVerdict, contentHash, directoryDetail, directoryState, promqlProblems, rollUpStatus, type PushKind, type PushStatus, type PushTargetEntry } from './push-model';
import { abandonOrphanedPushes, createPush, finishPush, pushFiles, runningPush, savePushProgress } from './push-store';

type Env = Readonly<Record<string, string | undefined>>;

export interface StartPushOptions {
  actor: Actor;
  kind: PushKind;
  /** rollback: the earlier push whose files are pushed again */
  rollbackOf?: number;
  env?: Env;
  /** default: DEPLOY_CONFIG's targets */
  targets?: DeployTarget[];
  /** promtool/amtool options (tests); default: the Configs page's cached check of the same tree */
  check?: CheckOptions;
  /** how often Kubernetes per-object progress is written, at most (ms) */
  progressEveryMs?: number;
}

export interface PushOutcome {
  pushId: number;
  status: Exclude<PushStatus, 'running'>;
  targets: PushTargetEntry[];
  error?: string;
}

export type StartPushResult =
  | { ok: true; pushId: number; done: Promise<PushOutcome> }
  | { ok: false; reason: 'busy'; pushId: number | null; message: string }
  | { ok: false; reason: 'config' | 'input'; message: string; problems: string[] };

/** The tree a push sends: the registry's, generated now, or an earlier push's for a rollback. */
interface PushSource {
  registryRevision: string;
  files: GeneratedFile[];
  checks: () => Promise<CheckReport>;
}

// The in-process single flight: the advisory lock keeps replicas apart, this keeps one process from pushing twice.
// `starting` covers the awaits between taking the lock and recording the push (on the embedded database the lock
// does not exclude this process's own second call).
const flight = globalThis as unknown as { __awoooiPush?: { pushId: number; done: Promise<PushOutcome> } | null; __awoooiPushStarting?: boolean };
const inFlight = () => Boolean(flight.__awoooiPush || flight.__awoooiPushStarting);

const refuse = (reason: 'config' | 'input', message: string, problems: string[] = []): StartPushResult => ({ ok: false, reason, message, problems });

/** The targets in force, or why there are none to push to. */
export async function deployTargets(env: Env = process.env): Promise<{ ok: true; targets: DeployTarget[] } | { ok: false; message: string; problems: string[] }> {
  const config = await loadDeployConfig(env);
  if (!config.ok) return { ok: false, message: `the deploy config (DEPLOY_CONFIG=${config.file}) is invalid`, problems: config.problems };
  if (config.targets.length === 0) {
    return { ok: false, message: 'there are no deploy targets: set DEPLOY_CONFIG to a YAML file listing them (see docs/DEPLOY.md)', problems: [] };
  }
  return { ok: true, targets: config.targets };
}

/** The registry's current tree (as the Configs page has it), with the page's cached check. */
export async function currentTree(db: Db, env: Env): Promise<{ ok: true; source: PushSource } | { ok: false; message: string; problems: string[] }> {
  const configs = await loadConfigs(db, { env });
  if (!configs.ok) {
    return { ok: false, message: `the generator settings (${configs.settingsFile}) are invalid`, problems: configs.problems.map((p) => (p.path ? `${p.path}: ${p.message}` : p.message)) };
  }
  const s = configs.snapshot;
  return { ok: true, source: { registryRevision: s.revision, files: [...s.files], checks: () => s.checks() } };
}

async function sourceOf(db: Db, options: StartPushOptions, env: Env): Promise<PushSource | StartPushResult> {
  if (options.kind === 'push') {
    const tree = await currentTree(db, env);
    if (!tree.ok) return refuse('config', tree.message, tree.problems);
    return options.check ? { ...tree.source, checks: () => checkGenerated(tree.source.files, options.check) } : tree.source;
  }
  const id = options.rollbackOf;
  if (!id || !Number.isSafeInteger(id) || id < 1) return refuse('input', 'a rollback needs the id of the push to roll back to');
  const earlier = await pushFiles(db, id);
  if (!earlier) return refuse('input', `there is no push #${id} to roll back to`);
  if (earlier.status !== 'ok') return refuse('input', `push #${id} ended ${earlier.status}; only a push every target took (ok) can be rolled back to`);
  if (typeof earlier.files === 'string') return refuse('input', `push #${id} cannot be pushed again: ${earlier.files}`);
  const files = earlier.files;
  return { registryRevision: earlier.registryRevision, files, checks: () => checkGenerated(files, options.check ?? {}) };
}

async function busy(db: Db): Promise<StartPushResult> {
  const running = await runningPush(db).catch(() => null);
  const who = running ? ` (push #${running.id}, started by ${running.actorName} at ${running.startedAt.toISOString()})` : '';
  return { ok: false, reason: 'busy', pushId: running?.id ?? flight.__awoooiPush?.pushId ?? null, message: `a push is running${who}; try again when it has finished` };
}

export async function startPush(db: Db, options: StartPushOptions): Promise<StartPushResult> {
  const env = options.env ?? process.env;
  if (inFlight()) return busy(db);
  let targets = options.targets;
  if (!targets) {
    const configured = await deployTargets(env);
    if (!configured.ok) return refuse('config', configured.message, configured.problems);
    targets = configured.targets;
  }
  if (targets.length === 0) return refuse('config', 'there are no deploy targets to push to');
  const source = await sourceOf(db, options, env);
  if ('ok' in source) return source;

  const lock = await tryPushLock(urlOf(db), env);
  if (!lock) return busy(db);
  if (inFlight()) {
    await lock.release();
    return busy(db);
  }
  flight.__awoooiPushStarting = true;
  try {
    await abandonOrphanedPushes(db);
    const hash = contentHash(source.files);
    const entries: PushTargetEntry[] = targets.map((t) => ({ name: t.name, type: t.type, where: describeTarget(t), status: 'pending' }));
    const pushId = await createPush(db, {
      kind: options.kind,
      actorName: options.actor.name,
      registryRevision: source.registryRevision,
      contentHash: hash,
      files: source.files,
      targets: entries,
      ...(options.kind === 'rollback' ? { rollbackOfId: options.rollbackOf } : {}),
    });
    const record = { kind: options.kind, contentHash: hash, registryRevision: source.registryRevision, ...(options.kind === 'rollback' ? { rollbackOfId: options.rollbackOf } : {}) };
    // `done` never rejects: nobody may be awaiting it (the button returns at once), so a crash is recorded instead.
    const done = pushAndFinish(db, pushId, targets, entries, source, options, env)
      .then(async (outcome) => {
        await finishPush(db, options.actor, pushId, { ...record, status: outcome.status, targets: outcome.targets, ...(outcome.error ? { error: outcome.error } : {}) });
        return outcome;
      })
      .catch(async (error: unknown) => {
        console.error(`push ${pushId} failed:`, error);
        const message = `the push stopped: ${error instanceof Error ? error.message : String(error)}`;
        await finishPush(db, options.actor, pushId, { ...record, status: 'failed', targets: entries, error: message }).catch(() => {});
        return { pushId, status: 'failed' as const, targets: entries, error: message };
      })
      .finally(async () => {
        flight.__awoooiPush = null;
        await lock.release().catch(() => {});
      });
    flight.__awoooiPush = { pushId, done };
    return { ok: true, pushId, done };
  } catch (error) {
    flight.__awoooiPush = null;
    await lock.release();
    throw error;
  } finally {
    flight.__awoooiPushStarting = false;
  }
}

async function pushAndFinish(
  db: Db,
  pushId: number,
  targets: readonly DeployTarget[],
  entries: PushTargetEntry[],
  source: PushSource,
  options: StartPushOptions,
  env: Env,
): Promise<PushOutcome> {
  // writes are chained so they land in order; each serialises `entries` as it is when it runs
  let writes = Promise.resolve();
  const save = () => (writes = writes.then(() => savePushProgress(db, pushId, entries).catch(() => {})));

  let report: CheckReport;
  try {
    report = await source.checks();
  } catch (error) {
    for (const e of entries) Object.assign(e, { status: 'skipped', detail: 'not pushed: the check could not run, nothing was changed' });
    return { pushId, status: 'refused', targets: entries, error: `the check could not run; no target was touched: ${(error as Error).message}` };
  }
  const verdict = checkVerdict(report, promqlProblems(source.files));
  if (verdict.failed.length > 0) {
    for (const e of entries) Object.assign(e, { status: 'skipped', detail: 'not pushed: the check failed, nothing was changed' });
    const shown = verdict.failed.slice(0, 10).join('; ') + (verdict.failed.length > 10 ? `; and ${verdict.failed.length - 10} more` : '');
    return { pushId, status: 'refused', targets: entries, error: `the check found errors; no target was touched: ${shown}` };
  }

  for (const [i, target] of targets.entries()) {
    const entry = entries[i]!;
    const started = Date.now();
    Object.assign(entry, { status: 'running', detail: target.type === 'directory' ? 'writing the files and reloading' : 'applying' });
    await save();
    if (target.type === 'directory') {
      const result = await pushToDirectory(target.options, source.files, { check: false });
      // the tree was checked once for every target above; say so instead of pushToDirectory's "not checked"
      for (const c of result.components) c.detail = c.detail.replace('not checked before the push (check: false)', verdict.note);
      Object.assign(entry, { status: directoryState(result), detail: directoryDetail(result), durationMs: result.durationMs, directory: result });
    } else {
      let lastWrite = 0;
      const result = await applyToKubernetes(target.options, source.files, {
        env: env as NodeJS.ProcessEnv,
        onProgress: (event) => {
          entry.progress = { done: event.done, total: event.total };
          entry.detail = `${event.done} of ${event.total} objects`;
          if (Date.now() - lastWrite >= (options.progressEveryMs ?? 500)) {
            lastWrite = Date.now();
            void save();
          }
        },
      });
      const detail = [result.summary, ...result.problems.slice(0, 3)].join('; ');
      Object.assign(entry, { status: result.status, detail, durationMs: result.durationMs, kubernetes: result });
    }
    entry.durationMs ??= Date.now() - started;
    await save();
  }
  return { pushId, status: rollUpStatus(entries), targets: entries };
}

/**
 * At app start: pushes left 'running' by a process that died are marked abandoned, but only when no replica holds
 * the push lock (a live push elsewhere is left alone). A message for the log; never throws.
 */
export async function abandonOrphanedPushesAtStart(db: Db, env: Env = process.env): Promise<string> {
  try {
    const lock = await tryPushLock(urlOf(db), env);
    if (!lock) return 'deploy: a push is running on another replica';
    try {
      const count = await abandonOrphanedPushes(db);
      return count > 0 ? `deploy: ${count} push${count === 1 ? '' : 'es'} left running by a stopped process marked abandoned` : 'deploy: no unfinished pushes';
    } finally {
      await lock.release();
    }
  } catch (error) {
    return `deploy: could not look for unfinished pushes: ${(error as Error).message}`;
  }
}

/** Resolves when this process's push, if any, has finished (tests and shutdown). */
export async function waitForPush(): Promise<void> {
  await flight.__awoooiPush?.done.catch(() => {});
}
