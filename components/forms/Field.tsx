'use client';
// The form controls of the entry forms. Each is a real <label> + control, with its hint and its error linked by
// aria-describedby, so screen readers read the problem with the field and axe finds every control named.
import type { ReactNode } from 'react';
import type { Draft, DraftValue } from '@/lib/registry/entry-draft';
import { labelOf, type FormSection } from './form-sections';
import { inputClass } from './styles';
import { describedBy } from './aria';

/** What a field needs from its form: the value, the error to show now, and how to change it. */
export interface FormApi {
  section: FormSection;
  draft: Draft;
  disabled: boolean;
  id(field: string): string;
  /** the error to show now (after the field was touched or a submit was tried), if any */
  error(field: string): string | undefined;
  set(field: string, value: DraftValue): void;
  touch(field: string): void;
}

interface Common {
  api: FormApi;
  field: string;
  hint?: ReactNode;
  required?: boolean;
}


export function FieldError({ id, message }: { id: string; message: string | undefined }) {
  if (!message) return null;
  return (
    <p id={`${id}-error`} className="mt-1 text-sm text-red-700">
      {message}
    </p>
  );
}

function Hint({ id, hint }: { id: string; hint?: ReactNode }) {
  if (!hint) return null;
  return (
    <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
      {hint}
    </p>
  );
}

function Label({ api, field, required }: Common) {
  return (
    <label htmlFor={api.id(field)} className="mb-1 block text-sm font-medium text-slate-800">
      {labelOf(api.section, field)}
      {required && <span className="ml-1 text-xs font-normal text-slate-600">(required)</span>}
    </label>
  );
}

export function TextField({
  api,
  field,
  hint,
  required,
  placeholder,
  numeric,
  mono,
  type = 'text',
  autoComplete = 'off',
  suggestions,
}: Common & {
  placeholder?: string;
  numeric?: 'numeric' | 'decimal';
  mono?: boolean;
  type?: 'text' | 'email';
  autoComplete?: string;
  /** offered while typing (a datalist); any other value is still allowed */
  suggestions?: readonly { value: string; label?: string }[];
}) {
  const id = api.id(field);
  const listId = suggestions?.length ? `${id}-suggestions` : undefined;
  const error = api.error(field);
  const value = api.draft[field];
  return (
    <div>
      <Label api={api} field={field} required={required} />
      <input
        id={id}
        name={field}
        // Numbers stay text inputs: the check then sees exactly what was typed and can say what is wrong with it.
        type={type}
        inputMode={numeric}
        autoComplete={autoComplete}
        list={listId}
        spellCheck={false}
        value={typeof value === 'string' ? value : ''}
        placeholder={placeholder}
        disabled={api.disabled}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
        onChange={(e) => api.set(field, e.target.value)}
        onBlur={() => api.touch(field)}
        className={`${inputClass} ${mono ? 'font-mono' : ''}`}
      />
      {listId && (
        <datalist id={listId}>
          {suggestions!.map((s) => (
            <option key={s.value} value={s.value} label={s.label} />
          ))}
        </datalist>
      )}
      <Hint id={id} hint={hint} />
      <FieldError id={id} message={error} />
    </div>
  );
}

export function SelectField({
  api,
  field,
  hint,
  required,
  options,
  placeholder,
}: Common & { options: readonly string[]; placeholder?: string }) {
  const id = api.id(field);
  const error = api.error(field);
  const value = typeof api.draft[field] === 'string' ? (api.draft[field] as string) : '';
  // A stored value the list no longer offers stays selectable, so loading a form never changes it silently.
  const all = value && !options.includes(value) ? [...options, value] : options;
  return (
    <div>
      <Label api={api} field={field} required={required} />
      <select
        id={id}
        name={field}
        value={value}
        disabled={api.disabled}
        aria-required={required || undefined}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
        onChange={(e) => {
          api.set(field, e.target.value);
          api.touch(field);
        }}
        onBlur={() => api.touch(field)}
        className={`${inputClass} h-9 pr-8`}
      >
        {placeholder !== undefined && <option value="">{placeholder}</option>}
        {all.map((o) => (
          <option key={o} value={o}>
            {o}
          </option>
        ))}
      </select>
      <Hint id={id} hint={hint} />
      <FieldError id={id} message={error} />
    </div>
  );
}

export function CheckboxField({ api, field, hint }: Omit<Common, 'required'>) {
  const id = api.id(field);
  const error = api.error(field);
  return (
    <div className="flex items-start gap-2">
      <input
        id={id}
        name={field}
        type="checkbox"
        checked={api.draft[field] === true}
        disabled={api.disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, Boolean(hint), Boolean(error))}
        onChange={(e) => {
          api.set(field, e.target.checked);
          api.touch(field);
        }}
        className="mt-0.5 size-4 rounded border-slate-400 accent-indigo-700"
      />
      <div>
        <label htmlFor={id} className="text-sm text-slate-800">
          {labelOf(api.section, field)}
        </label>
        <Hint id={id} hint={hint} />
        <FieldError id={id} message={error} />
      </div>
    </div>
  );
}

/** A group of on/off switches under one legend (monitoring integrations). */
export function CheckboxGroup({ api, legend, fields }: { api: FormApi; legend: string; fields: readonly string[] }) {
  return (
    <fieldset>
      <legend className="mb-2 text-sm font-medium text-slate-800">{legend}</legend>
      <div className="flex flex-wrap gap-x-6 gap-y-2">
        {fields.map((f) => (
          <CheckboxField key={f} api={api} field={f} />
        ))}
      </div>
    </fieldset>
  );
}
