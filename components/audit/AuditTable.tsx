import Link from 'next/link';
import type { AuditEntryRow } from '@/lib/audit/queries';
import { Badge } from '@/components/ui/Badge';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { ACTOR_TONE, fmt, formatAt } from './audit-format';

/** The log as a table, newest first; the time links to the entry with all its diffs. */
export function AuditTable({ rows }: { rows: AuditEntryRow[] }) {
  return (
    <ListTable
      caption="Audit log entries, newest first"
      columns={['When', 'Who', 'Action', 'Summary', { label: 'Changes', align: 'right' }]}
    >
      {rows.map((e) => (
        <tr key={e.id} className="hover:bg-slate-50">
          <th scope="row" className={`${cellClass} text-left font-normal whitespace-nowrap`}>
            <Link href={`/audit/${e.id}`}>
              <time dateTime={e.at.toISOString()} className="font-mono text-xs">
                {formatAt(e.at)}
              </time>
              <span className="sr-only">, entry {e.id}</span>
            </Link>
          </th>
          <td className={cellClass}>
            <span className="flex flex-wrap items-baseline gap-1.5">
              <Link href={`/audit?actor=${encodeURIComponent(e.actorName)}`} className="break-all">
                {e.actorName}
              </Link>
              {e.actorKind !== 'user' && <Badge tone={ACTOR_TONE[e.actorKind] ?? 'neutral'}>{e.actorKind}</Badge>}
            </span>
          </td>
          <td className={`${cellClass} whitespace-nowrap`}>
            <Link href={`/audit?action=${encodeURIComponent(e.action)}`} className="font-mono text-xs">
              {e.action}
            </Link>
          </td>
          <td className={`${cellClass} max-w-md text-slate-800`}>{e.summary}</td>
          <td className={`${cellClass} text-right tabular-nums`}>{fmt(e.changeCount)}</td>
        </tr>
      ))}
    </ListTable>
  );
}
