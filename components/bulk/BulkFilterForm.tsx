import Link from 'next/link';
import { SERVICE_TYPES } from '@/lib/registry/model';
import type { BulkFilters } from '@/lib/registry/bulk-queries';
import { FilterSelect, inputClass } from '@/components/list/FilterForm';

// A plain GET form like the lists' (components/list/FilterForm.tsx, which would add sort fields this page has
// not): every filtered selection is a shareable URL. Changing the filter starts a new selection.

interface Props {
  filters: BulkFilters;
  owners: string[];
  templates: { key: string }[];
}

/** A value from the URL that is not among the choices stays visible (and selected) rather than vanishing. */
const withCurrent = (options: string[], current?: string) => (current && !options.includes(current) ? [...options, current] : options);

export function BulkFilterForm({ filters, owners, templates }: Props) {
  return (
    <form method="get" action="/services/bulk" role="search" aria-label="Filter the services to edit" className="mb-4 flex flex-wrap items-end gap-3">
      <div className="min-w-56 flex-1">
        <label htmlFor="filter-q" className="mb-1 block text-xs font-medium text-slate-700">
          Search services
        </label>
        <input
          id="filter-q"
          name="q"
          type="search"
          defaultValue={filters.q}
          placeholder="Name, namespace, host, owner or alert key"
          className={inputClass}
        />
      </div>
      <FilterSelect name="type" label="Type" value={filters.type} options={SERVICE_TYPES} />
      <FilterSelect name="owner" label="Owner" value={filters.owner} options={withCurrent(owners, filters.owner)} />
      <FilterSelect
        name="alert"
        label="Has alert template"
        value={filters.alert}
        options={withCurrent(
          templates.map((t) => t.key),
          filters.alert,
        )}
      />
      <FilterSelect name="alerts" label="Alerts" value={filters.alerts} options={[{ value: 'none', label: 'Without alerts' }]} />
      <div className="flex items-center gap-3">
        <button type="submit" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800">
          Apply filters
        </button>
        <Link href="/services/bulk" className="text-sm">
          Reset
        </Link>
      </div>
    </form>
  );
}
