import Link from 'next/link';

// Previous / next for one list on a page that has two (files and findings): each pager is a navigation
// landmark with its own name, which the shared Pagination component cannot give.
export function Pager({
  label,
  page,
  pageCount,
  hrefFor,
}: {
  label: string;
  page: number;
  pageCount: number;
  hrefFor: (page: number) => string;
}) {
  if (pageCount <= 1) return null;
  const linkClass =
    'rounded-md border border-slate-300 bg-white px-2.5 py-1 text-sm text-slate-800 no-underline hover:bg-slate-50 hover:no-underline';
  const disabledClass = 'rounded-md border border-slate-200 px-2.5 py-1 text-sm text-slate-400';
  return (
    <nav aria-label={label} className="mt-3 flex flex-wrap items-center gap-2 text-sm text-slate-600">
      {page > 1 ? (
        <Link href={hrefFor(page - 1)} className={linkClass} rel="prev">
          ← Previous
        </Link>
      ) : (
        <span className={disabledClass} aria-disabled="true">
          ← Previous
        </span>
      )}
      <span className="px-1">
        Page {page.toLocaleString('en-US')} of {pageCount.toLocaleString('en-US')}
      </span>
      {page < pageCount ? (
        <Link href={hrefFor(page + 1)} className={linkClass} rel="next">
          Next →
        </Link>
      ) : (
        <span className={disabledClass} aria-disabled="true">
          Next →
        </span>
      )}
    </nav>
  );
}
