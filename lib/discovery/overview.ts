// What the Discovery page, GET /api/v1/discovery and the CLI's --server mode show: the latest finished run's
// findings reconciled against the registry AS IT IS NOW (so a workload registered a minute ago is no longer
// listed), with first-seen times, the run in progress if any, and the run history.
import type { Db } from '../db/client';
import { loadRegistry } from '../registry/store';
import { ignoreRulesOf, type DiscoveryConfig } from './config';
import { reconciliationJson } from './findings';
import { reconcile, type Reconciliation } from './reconcile';
import { latestFinishedRun, listIgnores, listRuns, loadIgnores, resultsOfRun, runningRun, type RunRow } from './store';

export interface DiscoveryOverview {
  latest: RunRow | null;
  running: RunRow | null;
  reconciliation: Reconciliation | null;
  /** workload key -> first seen (ISO), for "new since yesterday" */
  firstSeen: Record<string, string>;
  history: RunRow[];
  ignores: { kind: string; key: string; createdBy: string; createdAt: string; reason: string | null }[];
}

export async function discoveryOverview(db: Db, config: DiscoveryConfig, historyLimit = 30): Promise<DiscoveryOverview> {
  const [latest, running, history, ignoreRows] = await Promise.all([latestFinishedRun(db), runningRun(db), listRuns(db, historyLimit), listIgnores(db)]);
  const ignores = ignoreRows.map((r) => ({ kind: r.kind, key: r.key, createdBy: r.createdBy, createdAt: r.createdAt.toISOString(), reason: r.reason }));
  if (!latest) return { latest, running, reconciliation: null, firstSeen: {}, history, ignores };
  const [registry, { results, seen }, ignored] = await Promise.all([loadRegistry(db), resultsOfRun(db, latest), loadIgnores(db)]);
  const reconciliation = reconcile(registry, results, {
    ignoreRules: ignoreRulesOf(config),
    matchLabels: config.match_labels,
    ignoredWorkloads: ignored.workloads,
    ignoredServices: ignored.services,
  });
  const firstSeen = Object.fromEntries([...seen].map(([key, w]) => [key, w.firstSeenAt.toISOString()]));
  return { latest, running, reconciliation, firstSeen, history, ignores };
}

/** The JSON shape of findings for API clients and the CLI: the run, the run in progress, and the findings. */
export function findingsJson(overview: DiscoveryOverview) {
  return {
    run: overview.latest && {
      id: overview.latest.id,
      status: overview.latest.status,
      trigger: overview.latest.trigger,
      startedAt: overview.latest.startedAt.toISOString(),
      finishedAt: overview.latest.finishedAt?.toISOString() ?? null,
      targets: overview.latest.targets,
    },
    running: overview.running && { id: overview.running.id, startedAt: overview.running.startedAt.toISOString(), targets: overview.running.targets },
    ...reconciliationJson(overview.reconciliation, overview.firstSeen),
  };
}
