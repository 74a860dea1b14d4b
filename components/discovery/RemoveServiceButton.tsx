'use client';
// "Remove" on a stale entry: the registry's own delete (audited; refused while pages or endpoints rely on it),
// behind an inline confirmation.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { deleteEntryAction } from '@/app/actions/registry';
import { formErrorOf } from '@/components/forms/action-result';
import { InlineError } from './InlineError';

const small = 'rounded border px-2 py-0.5 text-xs font-medium disabled:text-slate-400';

export function RemoveServiceButton({ name }: { name: string }) {
  const router = useRouter();
  const [confirming, setConfirming] = useState(false);
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const remove = () =>
    startTransition(async () => {
      const result = await deleteEntryAction({ section: 'services', key: name }).catch(() => null);
      if (result?.ok) router.refresh();
      else setError(result ? (formErrorOf(result) ?? 'The service could not be removed.') : 'The server could not be reached.');
      setConfirming(false);
    });
  return (
    <>
      {confirming ? (
        <>
          <button type="button" className={`${small} border-red-700 bg-red-700 text-white`} onClick={remove} disabled={pending} aria-label={`Confirm removing ${name}`}>
            Remove {name} from the registry
          </button>{' '}
          <button type="button" className={`${small} border-slate-300 bg-white`} onClick={() => setConfirming(false)}>
            Cancel
          </button>
        </>
      ) : (
        <button type="button" className={`${small} border-red-300 bg-white text-red-800`} onClick={() => setConfirming(true)} aria-label={`Remove ${name}`}>
          Remove
        </button>
      )}
      <InlineError message={error} />
    </>
  );
}
