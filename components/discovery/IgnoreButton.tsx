'use client';
// Ignore (or stop ignoring) one workload or stale service; the page refreshes its lists from the server.
import { useRouter } from 'next/navigation';
import { useState, useTransition } from 'react';
import { ignoreAction, unignoreAction } from '@/app/discovery/actions';
import { InlineError } from './InlineError';

const small = 'rounded border border-slate-300 bg-white px-2 py-0.5 text-xs font-medium text-slate-800 hover:bg-slate-50 disabled:text-slate-400';

export function IgnoreButton({ kind, itemKey, undo = false, label }: { kind: 'workload' | 'service'; itemKey: string; undo?: boolean; label: string }) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [error, setError] = useState<string | null>(null);
  const click = () =>
    startTransition(async () => {
      const action = undo ? unignoreAction : ignoreAction;
      const result = await action({ kind, key: itemKey }).catch(() => ({ ok: false as const, formError: 'The server could not be reached.' }));
      if (result.ok) router.refresh();
      else setError(result.formError);
    });
  return (
    <>
      <button type="button" className={small} onClick={click} disabled={pending} aria-label={label}>
        {undo ? 'Stop ignoring' : 'Ignore'}
      </button>
      <InlineError message={error} />
    </>
  );
}
