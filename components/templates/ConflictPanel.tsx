'use client';
// Someone else changed (or deleted) the template after this form loaded it: both versions side by side, and
// the two ways out: keep mine (save over theirs) or use theirs (load it into the form).
import { useEffect, useRef } from 'react';
import { DRAFT_FIELDS } from '@/lib/registry/entry-draft';
import { primaryButton, secondaryButton } from './fields';

const FIELDS = Object.keys(DRAFT_FIELDS.alert_templates);

export interface Conflict {
  message: string;
  /** the template as stored now; null when it was deleted */
  theirs: unknown;
  /** what this form tried to save (the checked entry, or the raw draft) */
  yours: unknown;
}

function show(version: unknown, field: string): string {
  const v = (version as Record<string, unknown> | null)?.[field];
  return v === undefined || v === null || v === '' ? '' : String(v);
}

interface Props {
  conflict: Conflict;
  busy: boolean;
  /** whether "keep mine" saves or deletes (the conflict came from a delete) */
  mine: 'save' | 'delete';
  onKeepMine: () => void;
  onUseTheirs: () => void;
}

export function ConflictPanel({ conflict, busy, mine, onKeepMine, onUseTheirs }: Props) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), [conflict]);
  const deleted = conflict.theirs === null;
  const rows = FIELDS.map((f) => ({ field: f, theirs: show(conflict.theirs, f), yours: show(conflict.yours, f) }));

  return (
    <section aria-labelledby="template-conflict-heading" className="rounded-md border border-amber-300 bg-amber-50 p-4">
      <h2 id="template-conflict-heading" ref={heading} tabIndex={-1} className="text-base font-semibold text-amber-950">
        {deleted ? 'Deleted by someone else' : 'Changed by someone else'}
      </h2>
      <p className="mt-1 text-sm text-amber-950">{conflict.message}</p>
      {!deleted && (
        <div className="mt-3 overflow-x-auto">
          <table className="w-full border-collapse bg-white text-left text-sm">
            <caption className="sr-only">The saved version and yours, field by field</caption>
            <thead>
              <tr className="border-b border-slate-200 text-slate-700">
                <th scope="col" className="px-2 py-1 font-medium">Field</th>
                <th scope="col" className="px-2 py-1 font-medium">Theirs (saved now)</th>
                <th scope="col" className="px-2 py-1 font-medium">{mine === 'save' ? 'Yours' : 'As you loaded it'}</th>
              </tr>
            </thead>
            <tbody>
              {rows.map((r) => {
                const differs = r.theirs !== r.yours;
                return (
                  <tr key={r.field} className={`border-b border-slate-100 align-top ${differs ? 'bg-amber-100' : ''}`}>
                    <th scope="row" className="px-2 py-1 font-mono text-xs font-normal text-slate-800">
                      {r.field}
                      {differs && <span className="ml-1 font-sans text-xs font-semibold text-amber-950">(differs)</span>}
                    </th>
                    <td className="px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-slate-900">{r.theirs || <span className="text-slate-600">—</span>}</td>
                    <td className="px-2 py-1 font-mono text-xs break-all whitespace-pre-wrap text-slate-900">{r.yours || <span className="text-slate-600">—</span>}</td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
      <div className="mt-3 flex flex-wrap gap-2">
        <button type="button" className={primaryButton} onClick={onKeepMine} disabled={busy}>
          {mine === 'delete' ? 'Delete anyway' : deleted ? 'Keep mine (create it again)' : 'Keep mine'}
        </button>
        <button type="button" className={secondaryButton} onClick={onUseTheirs} disabled={busy}>
          {deleted ? 'Leave it deleted' : 'Use theirs'}
        </button>
      </div>
    </section>
  );
}
