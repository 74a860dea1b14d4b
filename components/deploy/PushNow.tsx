'use client';
// "Push" and the live progress of a push (or a rollback started from the history): one row per target, polled
// from GET /api/v1/deploy/pushes/ID every second while it runs; when it ends the page reloads its history.
import { useEffect, useState, useTransition } from 'react';
import { pushAction } from '@/app/deploy/actions';
import { errorBox, primaryButton } from '@/components/forms/styles';
import { useJobProgress } from '@/components/jobs/useJobProgress';
import type { PushRow } from '@/lib/deploy/push-store';
import { PushStatusBadge, TargetStatusBadge } from './PushStatus';

type PushJson = Omit<PushRow, 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string | null };

export function PushNow({ canPush, runningId, sameAsPush }: { canPush: boolean; runningId: number | null; sameAsPush: number | null }) {
  const [pushId, setPushId] = useState<number | null>(runningId);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();
  // a rollback started from the history table arrives as a new runningId after the refresh
  useEffect(() => {
    if (runningId !== null) setPushId(runningId);
  }, [runningId]);

  const { job: push, running } = useJobProgress<PushJson>('deploy-push', pushId, (id) => `/api/v1/deploy/pushes/${id}`);

  const start = () =>
    startTransition(async () => {
      setError(null);
      const result = await pushAction().catch(() => ({ ok: false as const, formError: 'The server could not be reached.' }));
      if (result.ok) setPushId(result.pushId);
      else setError('formError' in result ? (result.formError ?? 'The push could not start.') : 'The push could not start.');
    });

  return (
    <section aria-labelledby="push-heading" className="mb-6">
      <h3 id="push-heading" className="sr-only">
        Push
      </h3>
      <div className="flex flex-wrap items-center gap-3">
        {canPush && (
          <button type="button" className={primaryButton} onClick={start} disabled={pending || running}>
            {running ? 'Pushing…' : 'Push to every target'}
          </button>
        )}
        {canPush && sameAsPush !== null && !running && <p className="text-sm text-slate-600">Same as push #{sameAsPush}: pushing again re-applies it.</p>}
        {push.data && (
          <p className="text-sm text-slate-700" role="status">
            {push.data.kind === 'rollback' ? `Rollback #${push.data.id} to push #${push.data.rollbackOfId}` : `Push #${push.data.id}`}:{' '}
            {push.data.status === 'running' ? 'running' : <PushStatusBadge status={push.data.status} />}
            {push.data.error && <span className="ml-2 text-red-800">{push.data.error}</span>}
          </p>
        )}
      </div>
      {error && (
        <p className={`${errorBox} mt-3`} role="alert">
          {error}
        </p>
      )}
      {push.data && push.data.status === 'running' && (
        <ul aria-label="Push progress per target" className="mt-3 grid gap-1 text-sm">
          {push.data.targets.map((t) => (
            <li key={t.name} className="flex flex-wrap items-center gap-2">
              <TargetStatusBadge status={t.status} />
              <span className="font-medium">{t.name}</span>
              {t.detail && <span className="text-slate-600">{t.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
