import Link from 'next/link';
import { listHref, type ListParams } from './list-href';

interface Props {
  basePath: string;
  params: ListParams;
  page: number;
  pageCount: number;
  total: number;
  pageSize: number;
  noun: string;
}

const fmt = (n: number) => n.toLocaleString('en-US');

export function Pagination({ basePath, params, page, pageCount, total, pageSize, noun }: Props) {
  if (total === 0) return null;
  const first = (page - 1) * pageSize + 1;
  const last = Math.min(total, page * pageSize);
  const linkClass =
    'rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-800 no-underline hover:bg-slate-50 hover:no-underline';
  const disabledClass = 'rounded-md border border-slate-200 px-3 py-1.5 text-sm text-slate-400';
  return (
    <div className="mt-4 flex flex-wrap items-center justify-between gap-3 text-sm text-slate-600">
      <p aria-live="polite">
        {first > total ? `${fmt(total)} ${noun} in all` : `Showing ${fmt(first)}–${fmt(last)} of ${fmt(total)} ${noun}`}
      </p>
      {pageCount > 1 && (
        <nav aria-label="Pagination" className="flex items-center gap-2">
          {page > 1 ? (
            <Link href={listHref(basePath, params, { page: Math.min(page - 1, pageCount) })} className={linkClass} rel="prev">
              ← Previous
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              ← Previous
            </span>
          )}
          <span className="px-1">
            Page {fmt(Math.min(page, pageCount))} of {fmt(pageCount)}
          </span>
          {page < pageCount ? (
            <Link href={listHref(basePath, params, { page: page + 1 })} className={linkClass} rel="next">
              Next →
            </Link>
          ) : (
            <span className={disabledClass} aria-disabled="true">
              Next →
            </span>
          )}
        </nav>
      )}
    </div>
  );
}
