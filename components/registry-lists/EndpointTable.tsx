import Link from 'next/link';
import type { ApiEndpoint } from '@/lib/registry/model';
import { editHref } from '@/lib/registry/entry-href';
import { Badge } from '@/components/ui/Badge';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { SortableHeader } from '@/components/list/SortableHeader';
import type { ListParams } from '@/components/list/list-href';

type Params = ListParams & { sort: string; dir: 'asc' | 'desc' };

const NOT_SET = <span className="text-slate-500">not set</span>;

/** `canEdit`: each path links to its edit page (editors only). */
export function EndpointTable({ rows, params, canEdit = false }: { rows: ApiEndpoint[]; params: Params; canEdit?: boolean }) {
  const sortable = (label: string, column: string, align?: 'right') => (
    <SortableHeader label={label} column={column} basePath="/endpoints" params={params} align={align} />
  );
  return (
    <ListTable
      caption="API endpoints"
      head={
        <>
          {sortable('Method', 'method')}
          {sortable('Path', 'path')}
          {sortable('Critical', 'critical')}
          {sortable('SLO latency (ms)', 'latency', 'right')}
          {sortable('SLO availability (%)', 'availability', 'right')}
        </>
      }
    >
      {rows.map((e) => (
        <tr key={`${e.method} ${e.path}`} className="hover:bg-slate-50">
          <td className={cellClass}>
            <Badge tone={e.method === 'GET' ? 'info' : 'accent'}>{e.method}</Badge>
          </td>
          <th scope="row" className={`${cellClass} text-left font-mono text-xs font-medium text-slate-900`}>
            {canEdit ? <Link href={editHref('api_endpoints', `${e.method} ${e.path}`)}>{e.path}</Link> : e.path}
          </th>
          <td className={cellClass}>{e.critical ? <Badge tone="critical">critical</Badge> : <span className="text-slate-500">no</span>}</td>
          <td className={`${cellClass} text-right tabular-nums`}>
            {e.slo_latency_ms === undefined ? NOT_SET : e.slo_latency_ms.toLocaleString('en-US')}
          </td>
          <td className={`${cellClass} text-right tabular-nums`}>{e.slo_availability === undefined ? NOT_SET : e.slo_availability}</td>
        </tr>
      ))}
    </ListTable>
  );
}
