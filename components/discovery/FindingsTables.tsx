// The findings of the latest scan, against the registry as it is now: unregistered workloads (Register / Ignore),
// stale services (Remove / Ignore), services that could not be checked, matches and what is ignored.
import Link from 'next/link';
import { formatAt } from '@/components/audit/audit-format';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { Badge } from '@/components/ui/Badge';
import type { Reconciliation, Unregistered } from '@/lib/discovery/reconcile';
import { editHref } from '@/lib/registry/entry-href';
import { IgnoreButton } from './IgnoreButton';
import { RemoveServiceButton } from './RemoveServiceButton';

const mono = `${cellClass} font-mono text-xs`;
const DAY = 24 * 60 * 60 * 1000;

/** The new-service form, prefilled with what the scan knows: type, place and a name. */
export function registerHref(u: Unregistered): string {
  const w = u.workload;
  const params: Record<string, string> =
    w.source === 'kubernetes' ? { name: u.suggestedName, type: 'k8s-deployment', namespace: w.location } : { name: u.suggestedName, type: 'docker', host: w.location };
  return `/services/new?${new URLSearchParams(params)}`;
}

export function UnregisteredTable({ items, firstSeen, now, canEdit }: { items: Unregistered[]; firstSeen: Record<string, string>; now: Date; canEdit: boolean }) {
  return (
    <ListTable
      caption="Unregistered workloads"
      columns={['Workload', 'Where', 'Image', 'Status', 'First seen', ...(canEdit ? ['Actions'] : [])]}
    >
      {items.map((u) => {
        const seen = firstSeen[u.key] ? new Date(firstSeen[u.key]!) : null;
        return (
          <tr key={u.key} className="hover:bg-slate-50">
            <th scope="row" className={`${mono} text-left font-medium text-slate-900`}>
              {u.workload.name} <span className="font-sans font-normal text-slate-500">{u.workload.kind}</span>
              {u.hint && <p className="mt-0.5 font-sans font-normal text-amber-900">{u.hint}</p>}
            </th>
            <td className={mono}>
              {u.workload.source} · {u.workload.location}
            </td>
            <td className={`${mono} break-all`}>{u.workload.image ?? '—'}</td>
            <td className={cellClass}>{u.workload.status}</td>
            <td className={`${cellClass} whitespace-nowrap`}>
              {seen ? <time dateTime={seen.toISOString()} className="font-mono text-xs">{formatAt(seen)}</time> : '—'}{' '}
              {seen && now.getTime() - seen.getTime() < DAY && <Badge tone="warning">new</Badge>}
            </td>
            {canEdit && (
              <td className={`${cellClass} whitespace-nowrap`}>
                <Link href={registerHref(u)} className="mr-2 text-xs font-medium" aria-label={`Register ${u.workload.name}`}>
                  Register
                </Link>
                <IgnoreButton kind="workload" itemKey={u.key} label={`Ignore ${u.workload.name} on ${u.workload.location}`} />
              </td>
            )}
          </tr>
        );
      })}
    </ListTable>
  );
}

export function StaleTable({ items, canEdit }: { items: Reconciliation['stale']; canEdit: boolean }) {
  return (
    <ListTable
      caption="Stale services"
      columns={['Service', 'Expected at', ...(canEdit ? ['Actions'] : [])]}
    >
      {items.map((s) => (
        <tr key={s.service} className="hover:bg-slate-50">
          <th scope="row" className={`${mono} text-left font-medium`}>
            <Link href={editHref('services', s.service)}>{s.service}</Link>
          </th>
          <td className={mono}>
            {s.source} · {s.expectedAt}
          </td>
          {canEdit && (
            <td className={`${cellClass} whitespace-nowrap`}>
              <RemoveServiceButton name={s.service} /> <IgnoreButton kind="service" itemKey={s.service} label={`Ignore ${s.service} being stale`} />
            </td>
          )}
        </tr>
      ))}
    </ListTable>
  );
}

export function MatchedTable({ items, caption = 'Matched services' }: { items: Reconciliation['matched']; caption?: string }) {
  return (
    <ListTable
      caption={caption}
      columns={['Service', 'Seen at', 'Runtime name', 'Status']}
    >
      {items.map((m) => (
        <tr key={`${m.service}/${m.workload.location}/${m.workload.name}`}>
          <th scope="row" className={`${mono} text-left font-medium`}>
            <Link href={editHref('services', m.service)}>{m.service}</Link>
          </th>
          <td className={mono}>
            {m.workload.source} · {m.workload.location}
          </td>
          <td className={mono}>
            {m.workload.name}
            {m.via !== 'name' && <span className="font-sans text-slate-500"> (by {m.via})</span>}
          </td>
          <td className={cellClass}>
            <Badge tone={m.workload.healthy ? 'on' : 'critical'}>{m.workload.status}</Badge>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
