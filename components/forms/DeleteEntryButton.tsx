'use client';
// Delete with an inline confirmation (no window.confirm: it is keyboard- and screen-reader-friendly, and the
// page stays usable). A refusal because the entry is in use lists the users, each linked to its edit page.
import Link from 'next/link';
import { useEffect, useRef, useState } from 'react';
import { deleteEntryAction } from '@/app/actions/registry';
import { editHref } from '@/lib/registry/entry-href';
import { formErrorOf, UNREACHABLE, type ActionResult, type ConflictResult } from './action-result';
import { NOUN, type FormSection } from './form-sections';
import { dangerButton, dangerOutlineButton, errorBox, secondaryButton } from './styles';

/** "service api" -> a link to that service's edit page (the plan's usedBy strings). */
function UsedBy({ item }: { item: string }) {
  const m = /^(service|page) (.+)$/.exec(item);
  if (!m) return <>{item}</>;
  return <Link href={editHref(m[1] === 'service' ? 'services' : 'pages', m[2]!)}>{item}</Link>;
}

export function DeleteEntryButton({
  section,
  entryKey,
  base,
  pending,
  run,
  onConflict,
  onDeleted,
}: {
  section: FormSection;
  entryKey: string;
  base: unknown;
  pending: boolean;
  /** runs the call as the form's transition, so every button of the form is disabled meanwhile */
  run: (work: () => Promise<void>) => void;
  onConflict: (result: ConflictResult) => void;
  onDeleted: (key: string) => void;
}) {
  const [confirming, setConfirming] = useState(false);
  const [refusal, setRefusal] = useState<{ message: string; usedBy: string[] } | null>(null);
  const confirmButton = useRef<HTMLButtonElement>(null);
  const noun = NOUN[section];

  useEffect(() => {
    if (confirming) confirmButton.current?.focus();
  }, [confirming]);

  function remove() {
    run(async () => {
      let result: ActionResult;
      try {
        result = (await deleteEntryAction({ section, key: entryKey, base })) as ActionResult;
      } catch {
        setRefusal({ message: UNREACHABLE, usedBy: [] });
        return;
      }
      if (result.ok) return onDeleted(entryKey);
      setConfirming(false);
      if ('kind' in result && result.kind === 'conflict') return onConflict(result);
      const usedBy = 'usedBy' in result && Array.isArray(result.usedBy) ? result.usedBy : [];
      setRefusal({ message: formErrorOf(result) ?? `The ${noun} could not be deleted.`, usedBy });
    });
  }

  return (
    <section aria-labelledby="delete-heading" className="mt-8 rounded-lg border border-red-200 bg-white p-6">
      <h2 id="delete-heading" className="text-base font-semibold text-slate-900">
        Delete this {noun}
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        Removes <code className="font-mono">{entryKey}</code> from the registry; its generated configs go with it. The audit log keeps a copy.
      </p>
      {refusal && (
        <div role="alert" className={`${errorBox} mt-3`}>
          <p>{refusal.message}</p>
          {refusal.usedBy.length > 0 && (
            <>
              <p className="mt-2 font-medium">Used by:</p>
              <ul className="mt-1 list-disc pl-5">
                {refusal.usedBy.map((u) => (
                  <li key={u}>
                    <UsedBy item={u} />
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      )}
      {confirming ? (
        <div role="group" aria-labelledby="delete-confirm-text" className="mt-3 flex flex-wrap items-center gap-3">
          <p id="delete-confirm-text" className="text-sm font-medium text-red-900">
            Delete {noun} <code className="font-mono">{entryKey}</code>? This cannot be undone here.
          </p>
          <button ref={confirmButton} type="button" className={dangerButton} disabled={pending} onClick={remove}>
            {pending ? 'Deleting…' : `Yes, delete ${noun}`}
          </button>
          <button type="button" className={secondaryButton} disabled={pending} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </div>
      ) : (
        <button
          type="button"
          className={`${dangerOutlineButton} mt-3`}
          disabled={pending}
          onClick={() => {
            setRefusal(null);
            setConfirming(true);
          }}
        >
          Delete {noun}…
        </button>
      )}
    </section>
  );
}
