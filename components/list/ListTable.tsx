import type { ReactNode } from 'react';
import { PlainHeader } from './SortableHeader';

/** A column heading: its label, or label and alignment (numbers read best right-aligned). */
export type Column = string | { label: string; align: 'left' | 'right' };

/**
 * A data table in a card that scrolls sideways on narrow screens instead of squeezing its columns. Plain headings
 * come as `columns`; `head` is for headings that do more (sorting, a select-all box).
 */
export function ListTable({ caption, head, columns, children }: { caption: string; head?: ReactNode; columns?: Column[]; children: ReactNode }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{caption}</caption>
        <thead className="border-b border-slate-200 bg-slate-50">
          <tr>
            {head}
            {columns?.map((c) => (typeof c === 'string' ? <PlainHeader key={c} label={c} /> : <PlainHeader key={c.label} label={c.label} align={c.align} />))}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">{children}</tbody>
      </table>
    </div>
  );
}

// Baseline alignment keeps mixed text sizes (names, monospace values, badges) on one line visually.
export const cellClass = 'px-3 py-2 align-baseline';
