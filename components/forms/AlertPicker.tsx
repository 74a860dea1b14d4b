'use client';
// Alert templates to attach to a service or page: one checkbox per template with its alert name and severity.
// Long template lists get a filter; checked templates always stay visible so nothing is selected out of sight.
import { useState } from 'react';
import { Badge, type BadgeTone } from '@/components/ui/Badge';
import { FieldError, type FormApi } from './Field';
import { inputClass } from './styles';

export interface TemplateOption {
  key: string;
  alert: string;
  severity: string;
}

const TONE: Record<string, BadgeTone> = { critical: 'critical', warning: 'warning', info: 'info' };
const FILTER_FROM = 8;

export function AlertPicker({ api, field = 'alerts', templates }: { api: FormApi; field?: string; templates: readonly TemplateOption[] }) {
  const [filter, setFilter] = useState('');
  const id = api.id(field);
  const error = api.error(field);
  const selected = Array.isArray(api.draft[field]) ? (api.draft[field] as string[]) : [];
  const known = new Set(templates.map((t) => t.key));
  // Keys the entry lists but no template defines (deleted since): shown so they can be unchecked.
  const options: TemplateOption[] = [
    ...templates,
    ...selected.filter((k) => !known.has(k)).map((key) => ({ key, alert: 'unknown template', severity: '' })),
  ];
  const q = filter.trim().toLowerCase();
  const visible = q
    ? options.filter((t) => selected.includes(t.key) || t.key.includes(q) || t.alert.toLowerCase().includes(q))
    : options;

  function toggle(key: string, on: boolean) {
    api.set(field, on ? [...selected.filter((k) => k !== key), key] : selected.filter((k) => k !== key));
    api.touch(field);
  }

  return (
    <fieldset id={id} aria-describedby={[`${id}-count`, error && `${id}-error`].filter(Boolean).join(' ')}>
      <legend className="text-sm font-medium text-slate-800">Alerts</legend>
      <p id={`${id}-count`} className="mb-2 text-xs text-slate-600">
        {selected.length === 0 ? 'No alert templates selected.' : `${selected.length} selected: ${selected.join(', ')}`}
      </p>
      {options.length >= FILTER_FROM && (
        <div className="mb-2 max-w-sm">
          <label htmlFor={`${id}-filter`} className="sr-only">
            Filter alert templates
          </label>
          <input
            id={`${id}-filter`}
            type="search"
            value={filter}
            onChange={(e) => setFilter(e.target.value)}
            placeholder="Filter alert templates"
            className={inputClass}
          />
        </div>
      )}
      {options.length === 0 ? (
        <p className="text-sm text-slate-600">No alert templates are defined yet.</p>
      ) : (
        <ul className="max-h-72 divide-y divide-slate-100 overflow-y-auto rounded-md border border-slate-200">
          {visible.map((t) => {
            const boxId = `${id}-${t.key}`;
            return (
              <li key={t.key} className="flex items-center gap-3 px-3 py-1.5 hover:bg-slate-50">
                <input
                  id={boxId}
                  type="checkbox"
                  checked={selected.includes(t.key)}
                  disabled={api.disabled}
                  onChange={(e) => toggle(t.key, e.target.checked)}
                  className="size-4 rounded border-slate-400 accent-indigo-700"
                />
                <label htmlFor={boxId} className="flex flex-1 flex-wrap items-baseline gap-x-3 text-sm">
                  <code className="font-mono text-xs text-slate-900">{t.key}</code>
                  <span className="text-slate-600">{t.alert}</span>
                  {t.severity && <Badge tone={TONE[t.severity] ?? 'neutral'}>{t.severity}</Badge>}
                </label>
              </li>
            );
          })}
          {visible.length === 0 && <li className="px-3 py-2 text-sm text-slate-600">No template matches “{filter}”.</li>}
        </ul>
      )}
      <FieldError id={id} message={error} />
    </fieldset>
  );
}
