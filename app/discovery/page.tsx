import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import { discoveryOverview } from '@/lib/discovery/overview';
import { loadDiscoveryConfig } from '@/lib/discovery/config';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState } from '@/components/list/ListNotices';
import { errorBox } from '@/components/forms/styles';
import { formatAt } from '@/components/audit/audit-format';
import { ScanNow } from '@/components/discovery/ScanNow';
import { MatchedTable, StaleTable, UnregisteredTable } from '@/components/discovery/FindingsTables';
import { IgnoredList } from '@/components/discovery/IgnoredList';
import { RunHistory, RunStatusBadge, TargetsTable } from '@/components/discovery/RunTables';
import { Section } from '@/components/ui/Section';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Discovery' };


export default async function DiscoveryPage() {
  const actor = await requirePageRole('viewer', '/discovery');
  const canEdit = roleAllows(actor.role, 'editor');
  const config = await loadDiscoveryConfig();
  if (!config.ok) {
    return (
      <>
        <PageHeader title="Discovery" />
        <div className={errorBox} role="alert">
          <p className="font-medium">The discovery config (DISCOVERY_CONFIG) is invalid; no scan can run until it is fixed:</p>
          <ul className="mt-1 list-disc pl-5">
            {config.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        </div>
      </>
    );
  }
  const view = await discoveryOverview(db(), config.value);
  const r = view.reconciliation;
  const now = new Date();
  return (
    <>
      <PageHeader
        title="Discovery"
        description="What really runs (Docker and systemd over SSH on the registry's hosts, Kubernetes workloads) compared with the registry: what nobody registered, and what is registered but not running where it should."
      />
      <ScanNow canScan={canEdit} runningId={view.running?.id ?? null} />
      {!view.latest || !r ? (
        <EmptyState title="No scan has finished yet.">
          {canEdit ? 'Press “Scan now”, or' : 'An editor can start one, or'} wait for the schedule (every {config.value.schedule.interval_minutes} min; 0 = off).
        </EmptyState>
      ) : (
        <>
          <Section id="latest-run" title="Latest run" note={`Run ${view.latest.id}, ${formatAt(view.latest.startedAt)}, ${view.latest.trigger}${view.latest.actorName ? ` by ${view.latest.actorName}` : ''}.`}>
            <p className="mb-2">
              <RunStatusBadge status={view.latest.status} />
            </p>
            <TargetsTable run={view.latest} />
          </Section>
          <Section id="unregistered" title="Unregistered workloads" count={r.unregistered.length} note="Running, but in no registry entry. Register one (the form opens prefilled) or ignore it.">
            {r.unregistered.length === 0 ? <p className="text-sm text-slate-600">Everything that runs is registered.</p> : <UnregisteredTable items={r.unregistered} firstSeen={view.firstSeen} now={now} canEdit={canEdit} />}
          </Section>
          <Section id="stale" title="Stale services" count={r.stale.length} note="Registered, and their host or namespace was scanned, but they were not found there.">
            {r.stale.length === 0 ? <p className="text-sm text-slate-600">Every scanned registry entry was found running.</p> : <StaleTable items={r.stale} canEdit={canEdit} />}
          </Section>
          {r.unchecked.length > 0 && (
            <Section id="unchecked" title="Not checked" count={r.unchecked.length} note="Services whose place was not scanned, so nothing is known about them.">
              <ul className="list-disc pl-5 text-sm">
                {r.unchecked.map((u) => (
                  <li key={u.service}>
                    <span className="font-mono text-xs">{u.service}</span>: {u.reason}
                  </li>
                ))}
              </ul>
            </Section>
          )}
          {r.matched.some((m) => !m.workload.healthy) && (
            <Section id="unhealthy" title="Found, but not running well" count={r.matched.filter((m) => !m.workload.healthy).length} note="Registered and found where they should be, but a systemd unit is not active or a Kubernetes workload has fewer ready replicas than desired.">
              <MatchedTable items={r.matched.filter((m) => !m.workload.healthy)} caption="Services found but not healthy" />
            </Section>
          )}
          <Section id="matched" title="Matched" count={r.matched.length}>
            {r.matched.length > 0 && (
              <details>
                <summary className="cursor-pointer text-sm">Show the matched services</summary>
                <div className="mt-2">
                  <MatchedTable items={r.matched} />
                </div>
              </details>
            )}
          </Section>
          <Section id="ignored" title="Ignored" count={r.ignored.length}>
            <IgnoredList ignored={r.ignored} choices={view.ignores} canEdit={canEdit} />
          </Section>
        </>
      )}
      {view.history.length > 0 && (
        <Section id="history" title="Run history">
          <RunHistory runs={view.history} />
        </Section>
      )}
    </>
  );
}
