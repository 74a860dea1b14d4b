// Labelled inputs of the template form: the label, a hint, the input and its error, wired for screen readers
// (aria-describedby, aria-invalid) and with stable ids the form can move focus to.
import type { ReactNode } from 'react';
import { describedBy } from '@/components/forms/aria';

export const fieldId = (name: string) => `template-${name.replace(/_/g, '-')}`;
export const errorId = (name: string) => `${fieldId(name)}-error`;
export const hintId = (name: string) => `${fieldId(name)}-hint`;

export const inputClass =
  'mt-1 block w-full rounded-md border border-slate-300 bg-white px-3 py-2 text-sm text-slate-900 shadow-sm ' +
  'aria-invalid:border-red-600 read-only:bg-slate-50 disabled:bg-slate-50';

export { dangerButton, primaryButton, secondaryButton } from '@/components/forms/styles';

/** The ids an input's aria-describedby should name (hintId / errorId of the field). */
export const describedByField = (name: string, hint: boolean, error: string | undefined) => describedBy(fieldId(name), hint, error);

export function FieldShell({
  name,
  label,
  hint,
  error,
  required,
  children,
  labelAs = 'label',
}: {
  name: string;
  label: string;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  children: ReactNode;
  /** 'span' for inputs a <label for> cannot point at (the code editor names it with aria-labelledby) */
  labelAs?: 'label' | 'span';
}) {
  const Label = labelAs;
  return (
    <div>
      <Label
        {...(labelAs === 'label' ? { htmlFor: fieldId(name) } : { onClick: () => document.getElementById(fieldId(name))?.focus() })}
        id={`${fieldId(name)}-label`}
        className="block text-sm font-medium text-slate-800"
      >
        {label}
        {required && (
          <span className="text-red-700" aria-hidden="true">
            {' '}
            *
          </span>
        )}
      </Label>
      {hint && (
        <p id={hintId(name)} className="mt-0.5 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {children}
      {error && (
        <p id={errorId(name)} className="mt-1 text-sm text-red-700">
          {error}
        </p>
      )}
    </div>
  );
}

interface TextFieldProps {
  name: string;
  label: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  hint?: ReactNode;
  error?: string;
  required?: boolean;
  readOnly?: boolean;
  mono?: boolean;
  placeholder?: string;
  type?: 'text' | 'url';
}

export function TextField({ name, label, value, onChange, onBlur, hint, error, required, readOnly, mono, placeholder, type = 'text' }: TextFieldProps) {
  return (
    <FieldShell name={name} label={label} hint={hint} error={error} required={required}>
      <input
        id={fieldId(name)}
        name={name}
        type={type}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        onBlur={onBlur}
        readOnly={readOnly}
        required={required}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedByField(name, Boolean(hint), error)}
        spellCheck={mono ? false : undefined}
        autoComplete="off"
        className={`${inputClass}${mono ? ' font-mono' : ''}`}
      />
    </FieldShell>
  );
}
