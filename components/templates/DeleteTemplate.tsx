'use client';
// "Delete…" with a confirmation dialog (the native <dialog>: modal, focus kept inside, Escape closes it).
// The server refuses a template that is still in use; the form shows that refusal with the list of users.
import { useId, useRef } from 'react';
import { dangerButton, secondaryButton } from './fields';

interface Props {
  templateKey: string;
  /** how many services and pages use it as far as this page knows (the server checks again) */
  usedBy: number;
  busy: boolean;
  onConfirm: () => void;
}

export function DeleteTemplate({ templateKey, usedBy, busy, onConfirm }: Props) {
  const dialog = useRef<HTMLDialogElement>(null);
  const ids = { title: useId(), body: useId() };
  const close = () => dialog.current?.close();

  return (
    <>
      <button type="button" className={dangerButton} onClick={() => dialog.current?.showModal()} disabled={busy}>
        Delete…
      </button>
      <dialog
        ref={dialog}
        aria-labelledby={ids.title}
        aria-describedby={ids.body}
        className="m-auto max-w-md rounded-lg border border-slate-200 p-5 shadow-xl backdrop:bg-slate-900/40"
      >
        <h2 id={ids.title} className="text-base font-semibold text-slate-900">
          Delete the template <code className="font-mono">{templateKey}</code>?
        </h2>
        <p id={ids.body} className="mt-2 text-sm text-slate-700">
          {usedBy > 0
            ? `It is used by ${usedBy} ${usedBy === 1 ? 'service or page' : 'services and pages'}, so it cannot be deleted until they stop listing it.`
            : 'No service or page uses it. Its rules disappear from the generated configs.'}
        </p>
        <div className="mt-4 flex justify-end gap-2">
          {/* the safe choice has the focus when the dialog opens */}
          <button type="button" className={secondaryButton} onClick={close} autoFocus>
            Cancel
          </button>
          <button
            type="button"
            className={dangerButton}
            onClick={() => {
              close();
              onConfirm();
            }}
          >
            Delete
          </button>
        </div>
      </dialog>
    </>
  );
}
