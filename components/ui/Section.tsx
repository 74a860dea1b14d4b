// A titled section of a page: an h2 that labels the section (for screen readers' landmark lists), an optional
// count beside the title and a short note under it.
import type { ReactNode } from 'react';

export function Section({ id, title, count, note, children }: { id: string; title: string; count?: number; note?: ReactNode; children: ReactNode }) {
  return (
    <section aria-labelledby={id} className="mb-8">
      <h2 id={id} className="mb-1 text-lg font-semibold text-slate-900">
        {title}
        {count !== undefined && <span className="ml-2 text-sm font-normal text-slate-600">({count.toLocaleString('en-US')})</span>}
      </h2>
      {note && <p className="mb-3 max-w-3xl text-sm text-slate-600">{note}</p>}
      {children}
    </section>
  );
}
