import Link from 'next/link';
import { AUDIT_SECTIONS, SECTION_NOUNS, type AuditQuery } from '@/lib/audit/query-params';
import { FilterSelect, inputClass } from '@/components/list/FilterForm';

// A plain GET form like the registry lists' (components/list/FilterForm.tsx): works without JavaScript and every
// filtered view is a shareable URL. Changing a filter starts again at page 1 (no page field).

const labelClass = 'mb-1 block text-xs font-medium text-slate-700';

function TextField({ name, label, value, placeholder, type = 'text' }: { name: string; label: string; value?: string; placeholder?: string; type?: string }) {
  const id = `audit-${name}`;
  return (
    <div className="min-w-44 flex-1">
      <label htmlFor={id} className={labelClass}>
        {label}
      </label>
      <input id={id} name={name} type={type} defaultValue={value ?? ''} placeholder={placeholder} className={inputClass} />
    </div>
  );
}

/** A date picker, unless the URL holds a date and time (only the API's callers write those): then plain text. */
function DateField({ name, label, value }: { name: 'from' | 'to'; label: string; value?: string }) {
  const picker = !value || /^\d{4}-\d{2}-\d{2}$/.test(value);
  return <TextField name={name} label={label} value={value} type={picker ? 'date' : 'text'} placeholder="2025-01-31" />;
}

export function AuditFilterForm({ query, actions }: { query: AuditQuery; actions: string[] }) {
  const actionOptions = query.action && !actions.includes(query.action) ? [...actions, query.action] : actions;
  return (
    <form method="get" action="/audit" role="search" aria-label="Filter the audit log" className="mb-4 flex flex-wrap items-end gap-3">
      <TextField name="actor" label="Who (part of the name)" value={query.actor} placeholder="alice@example.com, token ci" />
      <FilterSelect name="action" label="Action" value={query.action} options={actionOptions} />
      <FilterSelect
        name="section"
        label="Kind of entity"
        value={query.section}
        options={AUDIT_SECTIONS.map((s) => ({ value: s, label: SECTION_NOUNS[s] }))}
      />
      <TextField name="key" label="Entity (exact name or key)" value={query.key} placeholder="ollama" />
      <DateField name="from" label="From (UTC)" value={query.from?.text} />
      <DateField name="to" label="To, inclusive (UTC)" value={query.to?.text} />
      <div className="flex items-center gap-3">
        <button type="submit" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800">
          Apply filters
        </button>
        <Link href="/audit" className="text-sm">
          Reset
        </Link>
      </div>
    </form>
  );
}
