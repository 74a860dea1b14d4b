// The owners list: name (linked to its edit page for editors), contact, and how many services each owns.
import Link from 'next/link';
import type { OwnerRow } from '@/lib/registry/owner-queries';
import { editHref } from '@/lib/registry/entry-href';
import { ListTable, cellClass } from '@/components/list/ListTable';

const NONE = <span className="text-slate-500">—</span>;

export function OwnerTable({ rows, canEdit }: { rows: OwnerRow[]; canEdit: boolean }) {
  return (
    <ListTable
      caption="Owners"
      columns={['Name', 'Display name', 'Email', 'Services']}
    >
      {rows.map((o) => (
        <tr key={o.name} className="hover:bg-slate-50">
          <th scope="row" className={`${cellClass} text-left font-mono text-xs font-medium whitespace-nowrap text-slate-900`}>
            {canEdit ? <Link href={editHref('owners', o.name)}>{o.name}</Link> : o.name}
          </th>
          <td className={cellClass}>{o.display_name ?? NONE}</td>
          <td className={cellClass}>{o.email ? <a href={`mailto:${o.email}`}>{o.email}</a> : NONE}</td>
          <td className={`${cellClass} tabular-nums`}>
            {o.services === 0 ? (
              <span className="text-slate-500">none</span>
            ) : (
              <Link href={`/services?${new URLSearchParams({ owner: o.name })}`}>
                {o.services.toLocaleString('en-US')} {o.services === 1 ? 'service' : 'services'}
              </Link>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
