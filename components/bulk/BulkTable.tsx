'use client';
// The matching services with a checkbox each. Paged in the browser (the page holds every match, up to the bulk
// limit), so a selection survives paging and "select all N matching" names services on every page.
import { useEffect, useRef } from 'react';
import type { BulkRow } from '@/lib/registry/bulk-queries';
import { Badge, KeyList } from '@/components/ui/Badge';
import { ListTable, cellClass as cell } from '@/components/list/ListTable';
import { PlainHeader } from '@/components/list/SortableHeader';
import { secondaryButton } from '@/components/forms/styles';
import { FLAGS } from './bulk-request';

export const BULK_PAGE_SIZE = 50;

const head = 'px-3 py-2 text-left font-semibold whitespace-nowrap text-slate-700';

interface Props {
  rows: BulkRow[];
  selected: ReadonlySet<string>;
  onToggle: (names: string[], on: boolean) => void;
  page: number;
  onPage: (page: number) => void;
}

function PageCheckbox({ names, selected, onToggle }: { names: string[]; selected: ReadonlySet<string>; onToggle: Props['onToggle'] }) {
  const ref = useRef<HTMLInputElement>(null);
  const count = names.filter((n) => selected.has(n)).length;
  // "Some of this page" is neither checked nor unchecked: say so (visually and to screen readers).
  useEffect(() => {
    if (ref.current) ref.current.indeterminate = count > 0 && count < names.length;
  }, [count, names.length]);
  return (
    <span className="inline-flex items-center gap-2">
      <input
        ref={ref}
        type="checkbox"
        aria-label={`Select the ${names.length} services on this page`}
        checked={names.length > 0 && count === names.length}
        onChange={(e) => onToggle(names, e.target.checked)}
        className="size-4"
      />
      Name
    </span>
  );
}

export function BulkTable({ rows, selected, onToggle, page, onPage }: Props) {
  const pageCount = Math.max(1, Math.ceil(rows.length / BULK_PAGE_SIZE));
  const current = Math.min(page, pageCount);
  const visible = rows.slice((current - 1) * BULK_PAGE_SIZE, current * BULK_PAGE_SIZE);
  const names = visible.map((r) => r.name);
  return (
    <div>
      <ListTable
        caption="Services matching the filter; check the ones to edit"
        head={
          <>
            <th scope="col" className={head}>
              <PageCheckbox names={names} selected={selected} onToggle={onToggle} />
            </th>
            <PlainHeader label="Type" />
            <PlainHeader label="Namespace / host" />
            <PlainHeader label="Owner" />
            <PlainHeader label="Monitoring" />
            <PlainHeader label="Alerts" />
          </>
        }
      >
        {visible.map((r) => (
          <tr key={r.name} className={selected.has(r.name) ? 'bg-indigo-50' : 'hover:bg-slate-50'}>
            <th scope="row" className={`${cell} text-left font-medium whitespace-nowrap text-slate-900`}>
              <label className="inline-flex items-center gap-2">
                <input type="checkbox" checked={selected.has(r.name)} onChange={(e) => onToggle([r.name], e.target.checked)} className="size-4" />
                {r.name}
              </label>
            </th>
            <td className={cell}>
              <Badge tone={r.type === 'k8s-deployment' ? 'accent' : r.type === 'docker' ? 'info' : 'neutral'}>{r.type}</Badge>
            </td>
            <td className={`${cell} font-mono text-xs`}>{r.location ?? '—'}</td>
            <td className={`${cell} whitespace-nowrap`}>{r.owner}</td>
            <td className={cell}>
              <KeyList keys={FLAGS.filter(([f]) => r.monitoring[f]).map(([, label]) => label)} />
            </td>
            <td className={cell}>
              <KeyList keys={r.alerts} />
            </td>
          </tr>
        ))}
      </ListTable>
      {pageCount > 1 && (
        <nav aria-label="Pages of matching services" className="mt-3 flex items-center gap-2 text-sm text-slate-700">
          <button type="button" className={secondaryButton} disabled={current <= 1} onClick={() => onPage(current - 1)}>
            ← Previous
          </button>
          <span aria-live="polite">
            Page {current} of {pageCount}
          </span>
          <button type="button" className={secondaryButton} disabled={current >= pageCount} onClick={() => onPage(current + 1)}>
            Next →
          </button>
        </nav>
      )}
    </div>
  );
}
