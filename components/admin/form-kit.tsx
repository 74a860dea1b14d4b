'use client';
// The small pieces every admin form uses: calling a server action with a pending state, labelled fields with
// their errors next to them, and the form-level outcome (an alert for errors, a status for success).
import { useId, useState, useTransition, type InputHTMLAttributes, type ReactNode } from 'react';
import { describedBy } from '@/components/forms/aria';

export interface Failure {
  ok: false;
  fieldErrors?: Record<string, string>;
  formError: string;
}
type Outcome = { ok: true; message?: string } | Failure;

const btn = 'rounded-md px-3 py-1.5 text-sm font-medium disabled:cursor-not-allowed focus-visible:outline-2 focus-visible:outline-offset-2';
export const primaryButton = `${btn} bg-indigo-700 text-white hover:bg-indigo-800 disabled:bg-slate-300 disabled:text-slate-600 focus-visible:outline-indigo-700`;
export const secondaryButton = `${btn} border border-slate-300 bg-white text-slate-800 hover:bg-slate-50 disabled:text-slate-400 focus-visible:outline-indigo-700`;
export const dangerButton = `${btn} bg-red-700 text-white hover:bg-red-800 disabled:bg-slate-300 disabled:text-slate-600 focus-visible:outline-red-700`;
/** An input or select's look, without size or placement. */
export const controlClass =
  'rounded-md border border-slate-300 bg-white px-2.5 py-1.5 text-sm text-slate-900 shadow-xs aria-[invalid=true]:border-red-600 focus:border-indigo-600 focus:ring-1 focus:ring-indigo-600 focus:outline-none disabled:bg-slate-100 disabled:text-slate-500';
export const inputClass = `mt-1 block w-full ${controlClass}`;

/**
 * Runs a server action; `pending` while it runs, `outcome` is its last answer. A network failure or a crash on
 * the server becomes a form error rather than an unhandled rejection.
 */
export function useServerAction<I, R extends Outcome>(action: (input: I) => Promise<R>) {
  const [pending, startTransition] = useTransition();
  const [outcome, setOutcome] = useState<R | Failure | null>(null);
  function run(input: I, onOk?: (result: R) => void) {
    startTransition(async () => {
      let result: R | Failure;
      try {
        result = await action(input);
      } catch {
        result = { ok: false, formError: 'The server did not answer. Check your connection and try again.' };
      }
      setOutcome(result);
      if (result.ok) onOk?.(result as R);
    });
  }
  const fieldErrors = outcome && !outcome.ok ? (outcome.fieldErrors ?? {}) : {};
  return { pending, outcome, fieldErrors, run, reset: () => setOutcome(null) };
}

/** Shows the outcome of the last submit: errors are announced at once, successes politely. */
export function OutcomeMessage({ outcome }: { outcome: Outcome | null }) {
  if (!outcome) return null;
  if (!outcome.ok) {
    return (
      <p role="alert" className="text-sm text-red-700">
        {outcome.formError}
      </p>
    );
  }
  return outcome.message ? (
    <p role="status" className="text-sm text-emerald-800">
      {outcome.message}
    </p>
  ) : null;
}

type FieldProps = Omit<InputHTMLAttributes<HTMLInputElement>, 'className'> & {
  label: ReactNode;
  name: string;
  error?: string;
  hint?: ReactNode;
  className?: string;
};

/** An input with a real <label>, an optional hint and its error, both tied to it for screen readers. */
export function TextField({ label, name, error, hint, className, ...input }: FieldProps) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <input id={id} name={name} aria-invalid={error ? true : undefined} aria-describedby={describedBy(id, hint, error)} className={inputClass} {...input} />
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

/** The hint and error lines under a field, with the ids its aria-describedby names. */
function HintAndError({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <p id={`${id}-hint`} className="mt-1 text-xs text-slate-600">
          {hint}
        </p>
      )}
      {error && (
        <p id={`${id}-error`} className="mt-1 text-xs text-red-700">
          {error}
        </p>
      )}
    </>
  );
}

/** A <select> with a real <label> and its error. */
export function SelectField({
  label,
  name,
  options,
  error,
  hint,
  className,
  defaultValue,
  disabled,
}: {
  label: ReactNode;
  name: string;
  options: readonly { value: string; label: string }[];
  error?: string;
  hint?: ReactNode;
  className?: string;
  defaultValue?: string;
  disabled?: boolean;
}) {
  const id = useId();
  return (
    <div className={className}>
      <label htmlFor={id} className="block text-sm font-medium text-slate-800">
        {label}
      </label>
      <select
        id={id}
        name={name}
        defaultValue={defaultValue}
        disabled={disabled}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        className={inputClass}
      >
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
      <HintAndError id={id} hint={hint} error={error} />
    </div>
  );
}

/** The text of a form's field (FormData), "" when absent. */
export function fieldText(form: FormData, name: string): string {
  const value = form.get(name);
  return typeof value === 'string' ? value : '';
}
