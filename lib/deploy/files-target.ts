// Deploy target "a folder the monitoring stack reads": pushToDirectory writes the generated tree there, has
// Prometheus, Alertmanager and the Blackbox exporter reload it, and confirms through their APIs that they run
// exactly what was pushed. Anything short of that puts the previous files back and reloads again, so a rejected push never
// leaves a server on a broken or half-applied config (Prometheus applies a config's scrape jobs even when its
// rules fail to load: only rolling back the files and reloading undoes that).
//
//   1. refuse, changing nothing, if the input is unusable or promtool/amtool find errors (check.ts)
//   2. take <dir>.push-lock; swap the new tree in, the old one held aside (files-tree.ts)
//   3. Prometheus: POST /-/reload; confirm /api/v1/status/config contains the pushed prometheus.yml,
//      /api/v1/rules lists exactly the pushed groups, and prometheus_config_last_reload_successful is 1
//   4. Alertmanager (only after Prometheus is fine): POST /-/reload; confirm alertmanager_config_hash is the
//      pushed file's and the reload succeeded
//   4b. Blackbox exporter (after Alertmanager): POST /-/reload; confirm /config has exactly the pushed modules and
//      blackbox_exporter_config_last_reload_successful is 1 (its probe targets are Prometheus's file_sd file)
//   5. all fine: keep the old tree as <dir>.previous. Otherwise restore it and reload what was reloaded.
//
// prometheus.yml names its rule files relative to itself (`rules/services.yml`), and Prometheus resolves
// relative paths against the config file's folder, not its working directory: so the tree is self-contained
// wherever <dir> is and however the server sees it, as long as it reads <dir>/prometheus/prometheus.yml.
import { checkGenerated, type CheckOptions, type CheckReport } from '../generate/check';
import type { GeneratedFile } from '../generate/types';
import {
  ALERTMANAGER_CONFIG,
  alertmanagerConfigHash,
  BLACKBOX_CONFIG,
  blackboxModuleNames,
  compareBlackboxModules,
  compareRuleGroups,
  configContains,
  expectedRuleGroups,
  metricValue,
  PROMETHEUS_CONFIG,
  scrapeJobNames,
  type ReportedGroup,
} from './files-confirm';
import { ComponentLog, listProblems, pushInputProblems, pushOutcome, type DirectoryTarget, type PushResult } from './files-result';
import { acquirePushLock, previousPath, swapInTree, type TreeSwap } from './files-tree';
import { getPrometheusData, getText, postReload } from './reload-http';

export type { ComponentResult, DirectoryTarget, PushResult } from './files-result';

export interface PushOptions {
  /**
   * Check the tree with promtool and amtool before anything is written (default; options for checkGenerated).
   * false skips it: the servers still validate on reload, and a rejection rolls back.
   */
  check?: CheckOptions | false;
}

const DEFAULT_TIMEOUT_MS = 30_000;
const ORDER = ['files', 'prometheus', 'alertmanager', 'blackbox'] as const;
const SERVERS = ['prometheus', 'alertmanager', 'blackbox'] as const;
type Server = (typeof SERVERS)[number];
const NAME: Record<Server, string> = { prometheus: 'Prometheus', alertmanager: 'Alertmanager', blackbox: 'the Blackbox exporter' };
const RELOAD_METRIC: Record<Server, string> = {
  prometheus: 'prometheus_config_last_reload_successful',
  alertmanager: 'alertmanager_config_last_reload_successful',
  blackbox: 'blackbox_exporter_config_last_reload_successful',
};
const urlOf = (target: DirectoryTarget, server: Server) => ({ prometheus: target.prometheusUrl, alertmanager: target.alertmanagerUrl, blackbox: target.blackboxUrl })[server];

class NotConfirmed extends Error {}

const since = (start: number) => performance.now() - start;
const capitalised = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/** Reloads Prometheus and checks it runs the pushed files; returns what it confirmed, throws why not. */
async function reloadPrometheus(base: string, files: readonly GeneratedFile[], timeoutMs: number): Promise<string> {
  await postReload(base, timeoutMs);
  const metrics = await getText(base, '/metrics', timeoutMs);
  if (metricValue(metrics, 'prometheus_config_last_reload_successful') !== 1) {
    throw new NotConfirmed('the reload answered 200 but prometheus_config_last_reload_successful is not 1 (another reload failed meanwhile?)');
  }
  const pushed = files.find((f) => f.path === PROMETHEUS_CONFIG)!.content;
  const status = (await getPrometheusData(base, '/api/v1/status/config', timeoutMs)) as { yaml?: unknown } | null;
  const configProblems = configContains(pushed, String(status?.yaml ?? ''), 'prometheus');
  if (configProblems.length > 0) {
    throw new NotConfirmed(
      `Prometheus does not run the pushed ${PROMETHEUS_CONFIG}: ${listProblems(configProblems)}. Does it read this folder's ` +
        `${PROMETHEUS_CONFIG}? (A container that bind-mounts the folder itself keeps seeing the replaced one: mount its parent.)`,
    );
  }
  const { groups: expected, outside } = expectedRuleGroups(files);
  const rules = (await getPrometheusData(base, '/api/v1/rules', timeoutMs)) as { groups?: ReportedGroup[] } | null;
  const ruleProblems = compareRuleGroups(expected, rules?.groups ?? [], outside);
  if (ruleProblems.length > 0) throw new NotConfirmed(`Prometheus's rules differ from the push: ${listProblems(ruleProblems)}`);
  const ruleCount = expected.reduce((n, g) => n + g.rules.length, 0);
  return `reloaded ${base}: runs the pushed config (${plural(scrapeJobNames(pushed).length, 'scrape job')}) and ${plural(expected.length, 'rule group')} with ${plural(ruleCount, 'rule')}`;
}

/** Reloads Alertmanager and checks the config it hashes is the pushed file. */
async function reloadAlertmanager(base: string, files: readonly GeneratedFile[], timeoutMs: number): Promise<string> {
  await postReload(base, timeoutMs);
  const metrics = await getText(base, '/metrics', timeoutMs);
  if (metricValue(metrics, 'alertmanager_config_last_reload_successful') !== 1) {
    throw new NotConfirmed('the reload answered 200 but alertmanager_config_last_reload_successful is not 1');
  }
  const want = alertmanagerConfigHash(files.find((f) => f.path === ALERTMANAGER_CONFIG)!.content);
  const got = metricValue(metrics, 'alertmanager_config_hash');
  if (got !== want) {
    throw new NotConfirmed(
      `Alertmanager runs another config (alertmanager_config_hash ${got ?? 'missing'}, the pushed ${ALERTMANAGER_CONFIG} hashes to ${want}). ` +
        'Does it read this folder? (A container that bind-mounts the folder itself keeps seeing the replaced one: mount its parent.)',
    );
  }
  return `reloaded ${base}: runs the pushed ${ALERTMANAGER_CONFIG} (config hash ${want})`;
}

/** Reloads the Blackbox exporter and checks it runs exactly the pushed modules. */
async function reloadBlackbox(base: string, files: readonly GeneratedFile[], timeoutMs: number): Promise<string> {
  await postReload(base, timeoutMs);
  if (metricValue(await getText(base, '/metrics', timeoutMs), RELOAD_METRIC.blackbox) !== 1) {
    throw new NotConfirmed(`the reload answered 200 but ${RELOAD_METRIC.blackbox} is not 1`);
  }
  const pushed = files.find((f) => f.path === BLACKBOX_CONFIG)!.content;
  const problems = compareBlackboxModules(pushed, await getText(base, '/config', timeoutMs));
  if (problems.length > 0) {
    throw new NotConfirmed(`the Blackbox exporter does not run the pushed ${BLACKBOX_CONFIG}: ${listProblems(problems)}. Does it read this folder's ${BLACKBOX_CONFIG}?`);
  }
  return `reloaded ${base}: runs the pushed ${BLACKBOX_CONFIG} (${plural(blackboxModuleNames(pushed).length, 'module')})`;
}

const RELOAD: Record<Server, (base: string, files: readonly GeneratedFile[], timeoutMs: number) => Promise<string>> = {
  prometheus: reloadPrometheus,
  alertmanager: reloadAlertmanager,
  blackbox: reloadBlackbox,
};

/** Reload after the old files are back; only the reload's own verdict counts (the old tree need not be ours). */
async function reloadRestored(server: Server, base: string, timeoutMs: number): Promise<void> {
  await postReload(base, timeoutMs);
  const metric = RELOAD_METRIC[server];
  if (metricValue(await getText(base, '/metrics', timeoutMs), metric) !== 1) throw new Error(`${metric} is not 1 after reloading the previous files`);
}

/**
 * Prometheus names a failing rule only in its log (its HTTP answer says "one or more errors occurred"):
 * promtool on the pushed Prometheus files says which, when it is installed and the check did not run.
 */
async function promtoolDiagnosis(files: readonly GeneratedFile[], options: PushOptions): Promise<string | undefined> {
  if (options.check !== false) return undefined; // the check ran and passed: promtool has nothing to add
  try {
    const own = files.filter((f) => f.path.startsWith('prometheus/') || f.path.startsWith('blackbox/'));
    const report = await checkGenerated(own);
    const failed = report.files.filter((f) => f.status === 'failed');
    return failed.length === 0 ? undefined : `promtool on the pushed files: ${failed.map((f) => `${f.path}: ${f.output.split('\n').slice(0, 6).join(' ')}`).join(' | ')}`;
  } catch {
    return undefined; // only a diagnosis
  }
}

async function checkFirst(files: readonly GeneratedFile[], options: PushOptions): Promise<{ failed?: string; notChecked?: string }> {
  if (options.check === false) return { notChecked: 'not checked before the push (check: false)' };
  let report: CheckReport;
  try {
    report = await checkGenerated([...files], options.check ?? {});
  } catch (error) {
    return { failed: `the check could not run; nothing was changed: ${(error as Error).message}` };
  }
  const failed = report.files.filter((f) => f.status === 'failed');
  if (failed.length > 0) {
    const lines = failed.map((f) => `${f.path} (${f.tool ?? 'check'}): ${f.output.split('\n').slice(0, 8).join(' ')}`);
    return { failed: `the check found errors; nothing was changed: ${listProblems(lines, 10)}` };
  }
  const unchecked = report.files.filter((f) => f.status === 'not-checked');
  return unchecked.length > 0 ? { notChecked: `not checked: ${[...new Set(unchecked.map((f) => f.output.split('\n')[0]))].join('; ')}` } : {};
}

/** Pushes `files` (a generated tree) to `target`; see the top of this file. Never throws for a server's answer. */
export async function pushToDirectory(target: DirectoryTarget, files: readonly GeneratedFile[], options: PushOptions = {}): Promise<PushResult> {
  const started = performance.now();
  const timeoutMs = target.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const log = new ComponentLog(ORDER);
  const finish = (refused: boolean, skippedDetail: string): PushResult => {
    const components = log.list(skippedDetail);
    return { outcome: pushOutcome(components, refused), components, durationMs: Math.round(since(started)) };
  };
  for (const server of SERVERS) {
    if (!urlOf(target, server)) log.set(server, 'skipped', `no ${server}Url in the target: not reloaded`);
  }

  const problems = pushInputProblems(target, files);
  if (problems.length > 0) {
    log.set('files', 'skipped', `nothing was changed: ${problems.join('; ')}`);
    return finish(true, 'not reloaded: the push was refused');
  }
  const checkStart = performance.now();
  const check = await checkFirst(files, options);
  if (check.failed) {
    log.set('files', 'skipped', check.failed, since(checkStart));
    return finish(true, 'not reloaded: the push was refused');
  }

  let release: () => Promise<void>;
  let swap: TreeSwap;
  const writeStart = performance.now();
  try {
    release = await acquirePushLock(target.dir);
  } catch (error) {
    log.set('files', 'skipped', `nothing was changed: ${(error as Error).message}`, since(writeStart));
    return finish(true, 'not reloaded: the push was refused');
  }
  try {
    try {
      swap = await swapInTree(target.dir, files);
    } catch (error) {
      log.set('files', 'failed', `${(error as Error).message}; the folder was left as it was`, since(writeStart));
      return finish(false, 'not reloaded: the files could not be written');
    }
    const note = check.notChecked ? `; ${check.notChecked}` : '';
    log.set('files', 'ok', `wrote ${plural(files.length, 'file')} to ${target.dir}${note}`, since(writeStart));

    const reloaded: Server[] = [];
    let failure: { server: Server; message: string } | undefined;
    for (const server of SERVERS) {
      const base = urlOf(target, server);
      if (!base) continue;
      const start = performance.now();
      reloaded.push(server);
      try {
        const confirmed = await RELOAD[server](base, files, timeoutMs);
        log.set(server, 'ok', confirmed, since(start));
      } catch (error) {
        let message = (error as Error).message;
        if (server === 'prometheus' && !(error instanceof NotConfirmed)) {
          const diagnosis = await promtoolDiagnosis(files, options);
          if (diagnosis) message = `${message}; ${diagnosis}`;
        }
        log.set(server, 'failed', `${capitalised(NAME[server])} did not take the push: ${message}`, since(start));
        failure = { server, message };
        break;
      }
    }

    if (!failure) {
      try {
        await swap.commit();
        log.update('files', 'ok', `the tree before is kept as ${previousPath(target.dir)}`);
      } catch (error) {
        log.update('files', 'ok', `keeping the tree before as ${previousPath(target.dir)} failed: ${(error as Error).message}`);
      }
      return finish(false, 'not reloaded');
    }
    return await rollBack(swap, reloaded, failure.server, target, timeoutMs, log, finish);
  } finally {
    await release();
  }
}

async function rollBack(
  swap: TreeSwap,
  reloaded: readonly Server[],
  culprit: Server,
  target: DirectoryTarget,
  timeoutMs: number,
  log: ComponentLog,
  finish: (refused: boolean, skippedDetail: string) => PushResult,
): Promise<PushResult> {
  const restoreStart = performance.now();
  try {
    await swap.restore();
  } catch (error) {
    log.update('files', 'failed', `rolling back failed, the pushed files are still in place: ${(error as Error).message}`, since(restoreStart));
    for (const server of reloaded) if (server !== culprit) log.update(server, 'failed', 'runs the pushed files, which could not be rolled back');
    return finish(false, `not reloaded: ${NAME[culprit]} did not take the push and the rollback failed`);
  }
  log.update('files', 'rolled-back', swap.held ? 'rolled back: the previous files are back' : 'rolled back: the folder did not exist before and was removed', since(restoreStart));
  for (const server of reloaded) {
    const base = urlOf(target, server)!;
    const start = performance.now();
    const why = server === culprit ? 'rolled back' : `rolled back because ${NAME[culprit]} did not take the push`;
    if (!swap.held) {
      log.update(server, 'failed', `${why}, but there are no previous files to reload; it keeps what it loaded last`, since(start));
      continue;
    }
    try {
      await reloadRestored(server, base, timeoutMs);
      log.update(server, 'rolled-back', `${why}: the previous files are reloaded`, since(start));
    } catch (error) {
      log.update(server, 'failed', `${why}, but reloading the previous files failed: ${(error as Error).message}`, since(start));
    }
  }
  return finish(false, `not reloaded: the push was rolled back after ${NAME[culprit]} did not take it`);
}
