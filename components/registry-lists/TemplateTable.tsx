import Link from 'next/link';
import { editHref } from '@/lib/registry/entry-href';
import type { TemplateRow } from '@/lib/registry/queries';
import { Badge } from '@/components/ui/Badge';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { PlainHeader, SortableHeader } from '@/components/list/SortableHeader';
import type { ListParams } from '@/components/list/list-href';

type Params = ListParams & { sort: string; dir: 'asc' | 'desc' };

export function TemplateTable({ rows, params }: { rows: TemplateRow[]; params: Params }) {
  const sortable = (label: string, column: string, align?: 'right') => (
    <SortableHeader label={label} column={column} basePath="/templates" params={params} align={align} />
  );
  return (
    <ListTable
      caption="Alert templates"
      head={
        <>
          {sortable('Key / alert', 'key')}
          {sortable('Severity', 'severity')}
          {sortable('For', 'for')}
          <PlainHeader label="Summary" />
          <PlainHeader label="Auto repair" />
          {sortable('Used by', 'usage', 'right')}
        </>
      }
    >
      {rows.map((t) => (
        <tr key={t.key} className="hover:bg-slate-50">
          <th scope="row" className={`${cellClass} text-left font-mono text-xs font-medium text-slate-900`}>
            <Link href={editHref('alert_templates', t.key)}>{t.key}</Link>
            <span className="mt-0.5 block font-sans text-sm font-normal text-slate-600">{t.alert}</span>
          </th>
          <td className={cellClass}>
            <Badge tone={t.severity === 'critical' ? 'critical' : t.severity === 'warning' ? 'warning' : 'info'}>{t.severity}</Badge>
          </td>
          <td className={`${cellClass} font-mono text-xs`}>{t.for}</td>
          <td className={`${cellClass} min-w-64 text-slate-700`}>{t.summary}</td>
          <td className={cellClass}>
            {t.auto_repair ? <code className="font-mono text-xs">{t.auto_repair}</code> : <span className="text-slate-500">—</span>}
          </td>
          <td className={`${cellClass} text-right whitespace-nowrap tabular-nums`}>
            {t.services === 0 && t.pages === 0 ? (
              <span className="text-slate-500">unused</span>
            ) : (
              <>
                <Link href={`/services?q=${encodeURIComponent(t.key)}`}>
                  {t.services} {t.services === 1 ? 'service' : 'services'}
                </Link>
                <span className="block">
                  <Link href={`/pages?q=${encodeURIComponent(t.key)}`}>
                    {t.pages} {t.pages === 1 ? 'page' : 'pages'}
                  </Link>
                </span>
              </>
            )}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
