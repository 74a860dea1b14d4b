// The tables of one page's Web Vitals detail: the figures per device class, and the paths that matched the page.
import { ListTable, cellClass } from '@/components/list/ListTable';
import { VITAL_NAMES, type VitalName } from '@/lib/rum/thresholds';
import type { MetricFigure } from '@/lib/rum/vitals-shape';
import { VitalCell } from './VitalFigure';
import { DEVICE_LABELS, dateUtc, fmtCount } from './vital-format';

export function DeviceTable({ rows }: { rows: { device: string; views: number; metrics: Record<VitalName, MetricFigure> }[] }) {
  if (rows.length === 0) return <p className="text-sm text-slate-600">No samples in this range.</p>;
  return (
    <ListTable caption="Web Vitals of this page per device class" columns={['Device class', { label: 'Views', align: 'right' }, ...VITAL_NAMES]}>
      {rows.map((r) => (
        <tr key={r.device} className="align-top">
          <th scope="row" className={`${cellClass} text-left font-medium`}>
            {DEVICE_LABELS[r.device as keyof typeof DEVICE_LABELS] ?? r.device}
          </th>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(r.views)}</td>
          {VITAL_NAMES.map((m) => (
            <td key={m} className={cellClass}>
              <VitalCell figure={r.metrics[m]} />
            </td>
          ))}
        </tr>
      ))}
    </ListTable>
  );
}

export function TopPathsTable({ paths }: { paths: { app: string; path: string; hits: number; lastSeenAt: Date }[] }) {
  if (paths.length === 0) return <p className="text-sm text-slate-600">No path has matched this page within the retention.</p>;
  return (
    <ListTable caption="Paths that matched this page, most viewed first" columns={['Path', 'App', { label: 'Page views', align: 'right' }, 'Last seen']}>
      {paths.map((p) => (
        <tr key={`${p.app} ${p.path}`}>
          <th scope="row" className={`${cellClass} text-left font-mono text-xs font-normal break-all`}>
            {p.path}
          </th>
          <td className={`${cellClass} font-mono text-xs`}>{p.app}</td>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(p.hits)}</td>
          <td className={`${cellClass} whitespace-nowrap`}>
            <time dateTime={p.lastSeenAt.toISOString()} className="font-mono text-xs">
              {dateUtc(p.lastSeenAt)}
            </time>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
