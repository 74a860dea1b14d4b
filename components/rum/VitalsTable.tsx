// Registered pages with their Web Vitals: one row per page with samples, most viewed first; a page's name opens
// its detail. Pages without samples in the range are listed apart, by name only.
import Link from 'next/link';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { Badge } from '@/components/ui/Badge';
import { rumHref, VITALS_DEFAULTS, type VitalsParams } from '@/lib/rum/rum-params';
import { VITAL_NAMES } from '@/lib/rum/thresholds';
import type { PageRef, PageVitals } from '@/lib/rum/vitals-shape';
import { VitalCell } from './VitalFigure';
import { fmtCount } from './vital-format';

export const pageDetailHref = (path: string, params: VitalsParams) => rumHref('/web-vitals/page', { path, ...params }, VITALS_DEFAULTS);

export function VitalsTable({ pages, params }: { pages: PageVitals[]; params: VitalsParams }) {
  return (
    <ListTable caption="Web Vitals per registered page: p75, rating and share of good samples" columns={['Page', { label: 'Views', align: 'right' }, ...VITAL_NAMES]}>
      {pages.map((p) => (
        <tr key={p.path} className="align-top hover:bg-slate-50">
          <th scope="row" className={`${cellClass} min-w-36 text-left font-medium`}>
            <Link href={pageDetailHref(p.path, params)}>{p.name}</Link>
            <p className="font-mono text-xs font-normal break-all text-slate-600">{p.path}</p>
            {!p.webVitals && (
              <p className="mt-0.5">
                <Badge title="This page's registry entry does not ask for Web Vitals monitoring">web_vitals off</Badge>
              </p>
            )}
          </th>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(p.views)}</td>
          {VITAL_NAMES.map((m) => (
            <td key={m} className={cellClass}>
              <VitalCell figure={p.metrics[m]} />
            </td>
          ))}
        </tr>
      ))}
    </ListTable>
  );
}

export function UnmeasuredPages({ pages, params }: { pages: PageRef[]; params: VitalsParams }) {
  if (pages.length === 0) return null;
  return (
    <details className="mt-3 text-sm">
      <summary className="cursor-pointer">
        {pages.length === 1 ? '1 registered page has' : `${fmtCount(pages.length)} registered pages have`} no samples in this range
      </summary>
      <ul className="mt-2 grid grid-cols-1 gap-x-6 gap-y-1 pl-5 sm:grid-cols-2 lg:grid-cols-3">
        {pages.map((p) => (
          <li key={p.path} className="list-disc">
            <Link href={pageDetailHref(p.path, params)}>{p.name}</Link> <span className="font-mono text-xs text-slate-600">{p.path}</span>
            {!p.webVitals && <span className="text-xs text-slate-500"> (web_vitals off)</span>}
          </li>
        ))}
      </ul>
    </details>
  );
}
