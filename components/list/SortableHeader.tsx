import Link from 'next/link';
import { listHref, type ListParams } from './list-href';

interface Props {
  label: string;
  column: string;
  basePath: string;
  params: ListParams & { sort: string; dir: 'asc' | 'desc' };
  align?: 'left' | 'right';
}

/**
 * A column header that sorts by its column; a second click reverses the order. Sorting returns to page 1.
 * The link's name is just the column's: screen readers announce the sort state from aria-sort on the th.
 */
export function SortableHeader({ label, column, basePath, params, align = 'left' }: Props) {
  const active = params.sort === column;
  const nextDir = active && params.dir === 'asc' ? 'desc' : 'asc';
  const href = listHref(basePath, params, { sort: column, dir: nextDir, page: undefined });
  const arrow = active ? (params.dir === 'asc' ? '▲' : '▼') : '↕';
  return (
    <th
      scope="col"
      aria-sort={active ? (params.dir === 'asc' ? 'ascending' : 'descending') : 'none'}
      className={`px-3 py-2 font-semibold whitespace-nowrap ${align === 'right' ? 'text-right' : 'text-left'}`}
    >
      <Link
        href={href}
        className={`inline-flex items-center gap-1 no-underline hover:underline ${active ? 'text-slate-900' : 'text-slate-700'}`}
      >
        {label}
        <span aria-hidden="true" className={`text-[10px] ${active ? 'text-indigo-700' : 'text-slate-500'}`}>
          {arrow}
        </span>
      </Link>
    </th>
  );
}

export function PlainHeader({ label, align = 'left' }: { label: string; align?: 'left' | 'right' }) {
  return (
    <th scope="col" className={`px-3 py-2 font-semibold whitespace-nowrap text-slate-700 ${align === 'right' ? 'text-right' : 'text-left'}`}>
      {label}
    </th>
  );
}
