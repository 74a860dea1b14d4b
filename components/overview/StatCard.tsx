import Link from 'next/link';
import type { ReactNode } from 'react';

/** One count on the overview; the whole card links to the list it counts. */
export function StatCard({
  label,
  value,
  href,
  tone = 'neutral',
  children,
}: {
  label: string;
  value: number;
  href: string;
  tone?: 'neutral' | 'attention';
  children?: ReactNode;
}) {
  const attention = tone === 'attention' && value > 0;
  return (
    <div
      className={`rounded-lg border bg-white p-4 shadow-xs ${attention ? 'border-amber-300' : 'border-slate-200'}`}
    >
      <Link href={href} className="group block no-underline hover:no-underline">
        <span className="block text-sm font-medium text-slate-600 group-hover:text-indigo-700 group-hover:underline">{label}</span>
        <span className={`mt-1 block text-3xl font-semibold tabular-nums ${attention ? 'text-amber-800' : 'text-slate-900'}`}>
          {value.toLocaleString('en-US')}
        </span>
      </Link>
      {children && <div className="mt-3 border-t border-slate-100 pt-3 text-sm">{children}</div>}
    </div>
  );
}

/** Small "label — count" links under a card (e.g. services per type). */
export function Breakdown({ items }: { items: { label: string; value: number; href: string }[] }) {
  return (
    <ul className="flex flex-col gap-1">
      {items.map((i) => (
        <li key={i.label} className="flex justify-between gap-3">
          <Link href={i.href}>{i.label}</Link>
          <span className="text-slate-700 tabular-nums">{i.value.toLocaleString('en-US')}</span>
        </li>
      ))}
    </ul>
  );
}
