import Link from 'next/link';
import type { ServiceRow } from '@/lib/registry/queries';
import { editHref } from '@/lib/registry/entry-href';
import { Badge, KeyList } from '@/components/ui/Badge';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { PlainHeader, SortableHeader } from '@/components/list/SortableHeader';
import type { ListParams } from '@/components/list/list-href';

const MONITORS = [
  ['prometheus', 'Prometheus'],
  ['sentry', 'Sentry'],
  ['otel', 'OTel'],
  ['langfuse', 'Langfuse'],
] as const;

type Params = ListParams & { sort: string; dir: 'asc' | 'desc' };

/** `canEdit`: each name links to its edit page (editors only; viewers get plain text). */
export function ServiceTable({ rows, params, canEdit = false }: { rows: ServiceRow[]; params: Params; canEdit?: boolean }) {
  const sortable = (label: string, column: string, align?: 'right') => (
    <SortableHeader label={label} column={column} basePath="/services" params={params} align={align} />
  );
  return (
    <ListTable
      caption="Services"
      head={
        <>
          {sortable('Name', 'name')}
          {sortable('Type', 'type')}
          {sortable('Namespace / host', 'location')}
          {sortable('Port', 'port', 'right')}
          {sortable('Owner', 'owner')}
          <PlainHeader label="Monitoring" />
          <PlainHeader label="Alerts" />
        </>
      }
    >
      {rows.map((s) => {
        const monitors = MONITORS.filter(([key]) => s.monitoring[key]);
        return (
          <tr key={s.name} className="hover:bg-slate-50">
            <th scope="row" className={`${cellClass} text-left font-medium whitespace-nowrap text-slate-900`}>
              {canEdit ? <Link href={editHref('services', s.name)}>{s.name}</Link> : s.name}
            </th>
            <td className={cellClass}>
              <Badge tone={s.type === 'k8s-deployment' ? 'accent' : s.type === 'docker' ? 'info' : 'neutral'}>{s.type}</Badge>
            </td>
            <td className={cellClass}>
              <span className="font-mono text-xs">{s.namespace ?? s.host ?? '—'}</span>
              {s.service_name && (
                <span className="block max-w-64 truncate text-xs text-slate-500" title={s.service_name}>
                  unit {s.service_name}
                </span>
              )}
            </td>
            <td className={`${cellClass} text-right font-mono text-xs tabular-nums`}>{s.port ?? '—'}</td>
            <td className={`${cellClass} whitespace-nowrap`}>
              <Link href={`/services?owner=${encodeURIComponent(s.owner)}`}>{s.owner}</Link>
            </td>
            <td className={cellClass}>
              {monitors.length === 0 ? (
                <span className="text-slate-500">none</span>
              ) : (
                <ul className="flex flex-wrap gap-1" aria-label="Monitoring enabled">
                  {monitors.map(([key, label]) => (
                    <li key={key}>
                      <Badge tone="on">{label}</Badge>
                    </li>
                  ))}
                </ul>
              )}
            </td>
            <td className={cellClass}>
              <KeyList keys={s.alerts} />
            </td>
          </tr>
        );
      })}
    </ListTable>
  );
}
