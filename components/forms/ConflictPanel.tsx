'use client';
// Someone saved this entry after the form loaded it. Both versions side by side, the differing fields marked
// (in text, not only by colour), then the user decides: keep mine (save over theirs) or use theirs (reload).
import { useEffect, useRef } from 'react';
import { DRAFT_FIELDS, draftFromEntry, type Draft, type DraftValue } from '@/lib/registry/entry-draft';
import { fieldShown, labelOf, NOUN, type FormSection } from './form-sections';
import { primaryButton, secondaryButton, warningBox } from './styles';

export interface Conflict {
  message: string;
  /** the entry as stored now; null when it was deleted */
  theirs: unknown;
  /** the draft that was submitted; null for a refused delete */
  yours: Draft | null;
}

function show(value: DraftValue | undefined): string {
  if (value === undefined) return '';
  if (typeof value === 'boolean') return value ? 'yes' : 'no';
  if (Array.isArray(value)) return value.filter((v) => v !== '').join(', ');
  return value.trim();
}

function Cell({ value }: { value: string }) {
  return <td className="px-3 py-1.5 align-baseline font-mono text-xs break-all">{value === '' ? <span className="text-slate-500">—</span> : value}</td>;
}

export function ConflictPanel({
  section,
  conflict,
  loaded,
  pending,
  onKeepMine,
  onUseTheirs,
}: {
  section: FormSection;
  conflict: Conflict;
  /** what the form loaded, compared with theirs when there is no "yours" (a refused delete) */
  loaded: Draft | null;
  pending: boolean;
  onKeepMine: () => void;
  onUseTheirs: () => void;
}) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [conflict]);
  const theirs = conflict.theirs ? draftFromEntry(section, conflict.theirs as never) : null;
  const yours = conflict.yours ?? loaded;
  const yoursLabel = conflict.yours ? 'Yours (what you submitted)' : 'Yours (as you opened it)';
  // Form order; a field either version's type hides shows as empty on that side (it is not saved there).
  const fields = Object.keys(DRAFT_FIELDS[section]).filter((f) => (theirs && fieldShown(section, theirs, f)) || (yours && fieldShown(section, yours, f)));
  const value = (d: Draft | null, f: string) => (d && fieldShown(section, d, f) ? show(d[f]) : '');
  const noun = NOUN[section];

  return (
    <section aria-labelledby="conflict-heading" className={`${warningBox} mb-6`}>
      <h2 id="conflict-heading" ref={heading} tabIndex={-1} className="text-base font-semibold focus:outline-none">
        Someone else changed this {noun}
      </h2>
      <p className="mt-1">{conflict.message}</p>
      {theirs ? (
        <div className="mt-3 overflow-x-auto rounded-md border border-amber-200 bg-white text-slate-900">
          <table className="min-w-full text-sm">
            <caption className="sr-only">Their version and yours, field by field</caption>
            <thead className="border-b border-slate-200 bg-slate-50 text-left">
              <tr>
                <th scope="col" className="px-3 py-1.5 font-medium">Field</th>
                <th scope="col" className="px-3 py-1.5 font-medium">Theirs (stored now)</th>
                <th scope="col" className="px-3 py-1.5 font-medium">{yoursLabel}</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-100">
              {fields.map((f) => {
                const a = value(theirs, f);
                const b = value(yours, f);
                const differs = a !== b;
                return (
                  <tr key={f} className={differs ? 'bg-amber-100' : undefined} data-differs={differs || undefined}>
                    <th scope="row" className="px-3 py-1.5 text-left align-baseline font-medium whitespace-nowrap">
                      {labelOf(section, f)}
                      {differs && <span className="ml-2 rounded bg-amber-800 px-1 text-xs font-medium text-white">differs</span>}
                    </th>
                    <Cell value={a} />
                    <Cell value={b} />
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      ) : (
        <p className="mt-2">It is no longer in the registry.</p>
      )}
      <div className="mt-4 flex flex-wrap gap-3">
        {conflict.yours && (
          <button type="button" className={primaryButton} disabled={pending} onClick={onKeepMine}>
            {theirs ? 'Keep mine' : 'Keep mine (create it again)'}
          </button>
        )}
        <button type="button" className={secondaryButton} disabled={pending} onClick={onUseTheirs}>
          {theirs ? 'Use theirs' : 'Use theirs (leave it deleted)'}
        </button>
      </div>
    </section>
  );
}
