import type { ReactNode } from 'react';

/** A data table in a card that scrolls sideways on narrow screens instead of squeezing its columns. */
export function ListTable({ caption, head, children }: { caption: string; head: ReactNode; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50">
          <tr>{head}</tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

// Baseline alignment keeps mixed text sizes (names, monospace values, badges) on one line visually.
export const cellClass = 'px-3 py-2 align-baseline';
