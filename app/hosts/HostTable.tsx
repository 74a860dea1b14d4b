// The hosts list: name (linked to its edit page for editors), address, SSH details, and how many services run there.
import Link from 'next/link';
import type { HostRow } from '@/lib/registry/host-queries';
import { editHref } from '@/lib/registry/entry-href';
import { ListTable, cellClass } from '@/components/list/ListTable';

const NONE = <span className="text-slate-500">—</span>;
const mono = `${cellClass} font-mono text-xs`;

export function HostTable({ rows, canEdit }: { rows: HostRow[]; canEdit: boolean }) {
  return (
    <ListTable
      caption="Hosts"
      columns={['Name', 'Address', 'SSH', 'Key reference', 'Services']}
    >
      {rows.map((h) => (
        <tr key={h.name} className="hover:bg-slate-50">
          <th scope="row" className={`${cellClass} text-left font-mono text-xs font-medium whitespace-nowrap text-slate-900`}>
            {canEdit ? <Link href={editHref('hosts', h.name)}>{h.name}</Link> : h.name}
          </th>
          <td className={mono}>{h.address}</td>
          <td className={mono}>
            {h.ssh_user ? `${h.ssh_user}@` : ''}
            {h.address}:{h.ssh_port ?? 22}
          </td>
          <td className={mono}>{h.ssh_key ?? NONE}</td>
          <td className={`${cellClass} tabular-nums`}>
            {h.services === 0 ? (
              <span className="text-slate-500">none</span>
            ) : (
              <Link href={`/services?${new URLSearchParams({ q: h.address })}`}>
                {h.services.toLocaleString('en-US')} {h.services === 1 ? 'service' : 'services'}
              </Link>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
