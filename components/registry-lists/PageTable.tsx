import Link from 'next/link';
import type { Page } from '@/lib/registry/model';
import { editHref } from '@/lib/registry/entry-href';
import { Badge, KeyList } from '@/components/ui/Badge';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { PlainHeader, SortableHeader } from '@/components/list/SortableHeader';
import type { ListParams } from '@/components/list/list-href';

type Params = ListParams & { sort: string; dir: 'asc' | 'desc' };

function YesNo({ on }: { on: boolean }) {
  return on ? <Badge tone="on">yes</Badge> : <span className="text-slate-500">no</span>;
}

/** `canEdit`: each path links to its edit page (editors only). */
export function PageTable({ rows, params, canEdit = false }: { rows: Page[]; params: Params; canEdit?: boolean }) {
  return (
    <ListTable
      caption="Frontend pages"
      head={
        <>
          <SortableHeader label="Path" column="path" basePath="/pages" params={params} />
          <SortableHeader label="Name" column="name" basePath="/pages" params={params} />
          <PlainHeader label="Sentry session" />
          <PlainHeader label="Web Vitals" />
          <PlainHeader label="Alerts" />
        </>
      }
    >
      {rows.map((p) => (
        <tr key={p.path} className="hover:bg-slate-50">
          <th scope="row" className={`${cellClass} text-left font-mono text-xs font-medium text-slate-900`}>
            {canEdit ? <Link href={editHref('pages', p.path)}>{p.path}</Link> : p.path}
          </th>
          <td className={cellClass}>{p.name}</td>
          <td className={cellClass}>
            <YesNo on={p.monitoring.sentry_session} />
          </td>
          <td className={cellClass}>
            <YesNo on={p.monitoring.web_vitals} />
          </td>
          <td className={cellClass}>
            <KeyList keys={p.alerts} />
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
