'use client';
// "Roll back to this" on an earlier push: pushes that push's files again, behind an inline confirmation.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { rollbackAction } from '@/app/deploy/actions';
import { InlineError } from '@/components/discovery/InlineError';

const small = 'rounded border px-2 py-0.5 text-xs font-medium disabled:text-slate-400';

export function RollbackButton({ pushId, disabled }: { pushId: number; disabled?: boolean }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const rollBack = () =>
    startTransition(async () => {
      const result = await rollbackAction(pushId).catch(() => null);
      if (result?.ok) router.refresh();
      else setError(result && 'formError' in result ? (result.formError ?? 'The rollback could not start.') : 'The server could not be reached.');
      setConfirming(false);
    });
  if (confirming) {
    return (
      <span role="group" aria-label={`Confirm the rollback to push ${pushId}`}>
        <button type="button" className={`${small} border-red-700 bg-red-700 text-white`} onClick={rollBack} disabled={pending}>
          Push #{pushId}&apos;s files to every target now
        </button>{' '}
        <button type="button" className={`${small} border-slate-300 bg-white`} onClick={() => setConfirming(false)}>
          Cancel
        </button>
        <InlineError message={error} />
      </span>
    );
  }
  return (
    <>
      <button type="button" className={`${small} border-slate-300 bg-white text-slate-800`} onClick={() => setConfirming(true)} disabled={disabled} aria-label={`Roll back to push ${pushId}`}>
        Roll back to this
      </button>
      <InlineError message={error} />
    </>
  );
}
