// What coverage needs from discovery: the latest finished run reconciled against a given registry (the one being
// saved, inside its transaction), as counts of matched and unregistered workloads.
import type { DiscoveryCounts } from '../coverage/figures';
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import type { Registry } from '../registry/model';
import { defaultDiscoveryConfig, ignoreRulesOf, loadDiscoveryConfig } from './config';
import { reconcile } from './reconcile';
import { latestFinishedRun, loadIgnores, resultsOfRun } from './store';

export async function discoveryCounts(db: Db | Prisma.TransactionClient, registry: Registry): Promise<DiscoveryCounts | null> {
  const run = await latestFinishedRun(db);
  if (!run) return null;
  // An invalid DISCOVERY_CONFIG stops scans (and says so on the Discovery page); coverage falls back to the defaults.
  const loaded = await loadDiscoveryConfig();
  const config = loaded.ok ? loaded.value : defaultDiscoveryConfig();
  const [{ results }, ignores] = await Promise.all([resultsOfRun(db, run), loadIgnores(db)]);
  const r = reconcile(registry, results, {
    ignoreRules: ignoreRulesOf(config),
    matchLabels: config.match_labels,
    ignoredWorkloads: ignores.workloads,
    ignoredServices: ignores.services,
  });
  // systemd units are only ever asked about when registered, so they would pad the ratio: leave them out.
  return { matched: r.matched.filter((m) => m.workload.source !== 'systemd').length, unregistered: r.unregistered.map((u) => u.key), runAt: run.startedAt };
}
