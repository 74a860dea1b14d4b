// Shared parts of the RUM pages: the range / device / kind choices as link groups (each choice is a shareable URL,
// no JavaScript needed; the current one carries aria-current), and a titled section.
import Link from 'next/link';
import type { ReactNode } from 'react';

export interface Choice {
  label: string;
  href: string;
  current: boolean;
}

export function ChoiceGroup({ label, choices }: { label: string; choices: Choice[] }) {
  return (
    <nav aria-label={label} className="flex flex-wrap items-center gap-2 text-sm">
      <span className="text-xs font-medium text-slate-700">{label}</span>
      <ul className="inline-flex flex-wrap overflow-hidden rounded-md border border-slate-300 bg-white shadow-xs">
        {choices.map((c) => (
          <li key={c.href} className="border-l border-slate-300 first:border-l-0">
            <Link
              href={c.href}
              aria-current={c.current ? 'page' : undefined}
              className={`block px-3 py-1.5 no-underline hover:no-underline ${c.current ? 'bg-indigo-700 font-medium text-white' : 'text-slate-800 hover:bg-slate-50'}`}
            >
              {c.label}
            </Link>
          </li>
        ))}
      </ul>
    </nav>
  );
}

export function ChoiceBar({ children }: { children: ReactNode }) {
  return <div className="mb-4 flex flex-wrap items-center gap-x-6 gap-y-2">{children}</div>;
}

