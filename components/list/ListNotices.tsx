import Link from 'next/link';
import type { ReactNode } from 'react';

/** Invalid URL parameters: say what was wrong and what was used instead, never fail the page. */
export function ParamProblems({ problems, resetHref }: { problems: string[]; resetHref: string }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="mb-4 rounded-md border border-amber-300 bg-amber-50 px-4 py-3 text-sm text-amber-950">
      <p className="font-semibold">Some parameters in the address were not understood and were ignored:</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((p) => (
          <li key={p}>{p}</li>
        ))}
      </ul>
      <p className="mt-2">
        <Link href={resetHref}>Show the unfiltered list</Link>
      </p>
    </div>
  );
}

export function EmptyState({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="rounded-lg border border-dashed border-slate-300 bg-white px-6 py-10 text-center">
      <p className="font-medium text-slate-900">{title}</p>
      {children && <div className="mt-1 text-sm text-slate-600">{children}</div>}
    </div>
  );
}

/** The empty state of a list: distinguishes "nothing yet", "nothing matches" and "past the last page". */
export function ListEmpty({
  noun,
  filtered,
  total,
  page,
  pageCount,
  basePath,
  lastPageHref,
}: {
  noun: string;
  filtered: boolean;
  total: number;
  page: number;
  pageCount: number;
  basePath: string;
  lastPageHref: string;
}) {
  if (total > 0 && page > pageCount) {
    return (
      <EmptyState title={`Page ${page.toLocaleString('en-US')} does not exist.`}>
        There {pageCount === 1 ? 'is 1 page' : `are ${pageCount.toLocaleString('en-US')} pages`}.{' '}
        <Link href={lastPageHref}>Go to the last page</Link>.
      </EmptyState>
    );
  }
  if (filtered) {
    return (
      <EmptyState title={`No ${noun} match these filters.`}>
        <Link href={basePath}>Clear the filters</Link> to see every entry.
      </EmptyState>
    );
  }
  return (
    <EmptyState title={`No ${noun} in the registry yet.`}>
      Add them to the registry YAML and load it on the <Link href="/registry">Import / Export</Link> page.
    </EmptyState>
  );
}
