'use client';
// What to change on every selected service: alert templates to add or remove, the owner, each monitoring flag.
// Every control has a real <label> (or a fieldset legend for a group); errors are tied to their controls.
import { inputClass } from '@/components/list/FilterForm';
import { FLAGS, toggleTemplate, type ChangeState, type FlagChoice } from './bulk-request';

export interface TemplateOption {
  key: string;
  alert: string;
  severity: string;
}

interface Props {
  value: ChangeState;
  onChange: (next: ChangeState) => void;
  owners: string[];
  templates: TemplateOption[];
  /** how many selected services list each template (so "remove" shows what it would touch) */
  usage: ReadonlyMap<string, number>;
  fieldErrors: Record<string, string>;
  disabled: boolean;
}

const labelClass = 'mb-1 block text-xs font-medium text-slate-700';
const legendClass = 'text-sm font-semibold text-slate-900';

function FieldError({ id, message }: { id: string; message?: string }) {
  if (!message) return null;
  return (
    <p id={id} className="mt-1 text-sm text-red-800">
      {message}
    </p>
  );
}

function TemplateGroup({ list, legend, props }: { list: 'add' | 'remove'; legend: string; props: Props }) {
  const { value, onChange, templates, usage, fieldErrors, disabled } = props;
  return (
    <fieldset className="min-w-0" aria-describedby={fieldErrors.alerts ? 'bulk-alerts-error' : undefined}>
      <legend className={legendClass}>{legend}</legend>
      {templates.length === 0 ? (
        <p className="mt-1 text-sm text-slate-600">No alert templates are defined.</p>
      ) : (
        <ul className="mt-2 max-h-56 overflow-y-auto rounded-md border border-slate-200 bg-white p-2">
          {templates.map((t) => (
            <li key={t.key}>
              <label className="flex items-baseline gap-2 rounded px-1 py-0.5 text-sm hover:bg-slate-50">
                <input
                  type="checkbox"
                  className="size-4 self-center"
                  checked={value[list].includes(t.key)}
                  disabled={disabled}
                  onChange={(e) => onChange(toggleTemplate(value, list, t.key, e.target.checked))}
                />
                <code className="font-mono text-xs text-slate-900">{t.key}</code>
                <span className="truncate text-xs text-slate-600">
                  {t.alert} · {t.severity}
                  {list === 'remove' && ` · on ${usage.get(t.key) ?? 0} selected`}
                </span>
              </label>
            </li>
          ))}
        </ul>
      )}
    </fieldset>
  );
}

export function ChangePanel(props: Props) {
  const { value, onChange, owners, fieldErrors, disabled } = props;
  const setFlag = (flag: keyof ChangeState['monitoring'], choice: FlagChoice) =>
    onChange({ ...value, monitoring: { ...value.monitoring, [flag]: choice } });
  return (
    <div className="flex flex-col gap-4">
      <div className="grid gap-4 md:grid-cols-2">
        <TemplateGroup list="add" legend="Add alert templates" props={props} />
        <TemplateGroup list="remove" legend="Remove alert templates" props={props} />
      </div>
      <FieldError id="bulk-alerts-error" message={fieldErrors.alerts} />

      <div className="flex flex-wrap items-start gap-4">
        <div className="min-w-56">
          <label htmlFor="bulk-owner" className={labelClass}>
            Owner
          </label>
          <select
            id="bulk-owner"
            value={value.owner}
            disabled={disabled}
            onChange={(e) => onChange({ ...value, owner: e.target.value })}
            aria-invalid={fieldErrors.owner ? true : undefined}
            aria-describedby={fieldErrors.owner ? 'bulk-owner-error' : undefined}
            className={`${inputClass} pr-8`}
          >
            <option value="">Leave unchanged</option>
            {owners.map((o) => (
              <option key={o} value={o}>
                {o}
              </option>
            ))}
          </select>
          <FieldError id="bulk-owner-error" message={fieldErrors.owner} />
        </div>

        <fieldset className="flex flex-wrap gap-4">
          <legend className={`${labelClass} mb-1`}>Monitoring</legend>
          {FLAGS.map(([flag, label]) => (
            <div key={flag} className="min-w-36">
              <label htmlFor={`bulk-flag-${flag}`} className={labelClass}>
                {label}
              </label>
              <select
                id={`bulk-flag-${flag}`}
                value={value.monitoring[flag]}
                disabled={disabled}
                onChange={(e) => setFlag(flag, e.target.value as FlagChoice)}
                className={`${inputClass} pr-8`}
              >
                <option value="">Unchanged</option>
                <option value="on">On</option>
                <option value="off">Off</option>
              </select>
            </div>
          ))}
        </fieldset>
      </div>
    </div>
  );
}
