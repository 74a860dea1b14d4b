import Link from 'next/link';
import type { ReactNode } from 'react';

// A plain GET form: filtering works without JavaScript and every filtered view is a shareable URL.
// Changing a filter starts again at page 1 (no page field); the current sort is kept.
interface Props {
  basePath: string;
  q: string;
  searchLabel: string;
  searchPlaceholder?: string;
  sort: string;
  dir: string;
  children?: ReactNode;
}

export const inputClass =
  'block h-9 w-full rounded-md border border-slate-300 bg-white px-3 py-1.5 text-sm text-slate-900 shadow-xs placeholder:text-slate-500';

export function FilterForm({ basePath, q, searchLabel, searchPlaceholder, sort, dir, children }: Props) {
  return (
    <form method="get" action={basePath} role="search" aria-label="Filter" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-56 flex-1">
        <label htmlFor="filter-q" className="mb-1 block text-xs font-medium text-slate-700">
          {searchLabel}
        </label>
        <input id="filter-q" name="q" type="search" defaultValue={q} placeholder={searchPlaceholder} className={inputClass} />
      </div>
      {children}
      <input type="hidden" name="sort" value={sort} />
      <input type="hidden" name="dir" value={dir} />
      <div className="flex items-center gap-3">
        <button
          type="submit"
          className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800"
        >
          Apply filters
        </button>
        <Link href={basePath} className="text-sm">
          Reset
        </Link>
      </div>
    </form>
  );
}

interface SelectProps {
  name: string;
  label: string;
  value: string | undefined;
  options: readonly (string | { value: string; label: string })[];
  anyLabel?: string;
}

export function FilterSelect({ name, label, value, options, anyLabel = 'Any' }: SelectProps) {
  const id = `filter-${name}`;
  return (
    <div>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-slate-700">
        {label}
      </label>
      <select id={id} name={name} defaultValue={value ?? ''} className={`${inputClass} pr-8`}>
        <option value="">{anyLabel}</option>
        {options.map((o) => {
          const opt = typeof o === 'string' ? { value: o, label: o } : o;
          return (
            <option key={opt.value} value={opt.value}>
              {opt.label}
            </option>
          );
        })}
      </select>
    </div>
  );
}
