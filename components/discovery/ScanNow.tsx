'use client';
// "Scan now" and the live progress of a scan: one row per host/namespace, polled from
// GET /api/v1/discovery/runs/ID every second while it runs; when it ends the page reloads its findings.
import { useState, useTransition } from 'react';
import { startScanAction } from '@/app/discovery/actions';
import { errorBox, primaryButton } from '@/components/forms/styles';
import { useJobProgress } from '@/components/jobs/useJobProgress';
import type { RunRow, RunTarget } from '@/lib/discovery/store';
import { TargetState } from './TargetState';

type RunJson = Omit<RunRow, 'startedAt' | 'finishedAt'> & { startedAt: string; finishedAt: string | null };

export function ScanNow({ canScan, runningId }: { canScan: boolean; runningId: number | null }) {
  const [runId, setRunId] = useState<number | null>(runningId);
  const [error, setError] = useState<string | null>(null);
  const [pending, startTransition] = useTransition();

  const { job: run, running } = useJobProgress<RunJson>('discovery-run', runId, (id) => `/api/v1/discovery/runs/${id}`);

  const start = () =>
    startTransition(async () => {
      setError(null);
      const result = await startScanAction().catch(() => ({ ok: false as const, formError: 'The server could not be reached.' }));
      if (result.ok) setRunId(result.runId);
      else setError(result.formError);
    });

  return (
    <section aria-labelledby="scan-heading" className="mb-6">
      <div className="flex flex-wrap items-center gap-3">
        <h2 id="scan-heading" className="sr-only">
          Scan
        </h2>
        {canScan && (
          <button type="button" className={primaryButton} onClick={start} disabled={pending || running}>
            {running ? 'Scanning…' : 'Scan now'}
          </button>
        )}
        {run.data && (
          <p className="text-sm text-slate-700" role="status">
            Run {run.data.id}: {run.data.status === 'running' ? `${progressText(run.data.targets)}` : `finished (${run.data.status})`}
          </p>
        )}
      </div>
      {error && (
        <p className={`${errorBox} mt-3`} role="alert">
          {error}
        </p>
      )}
      {run.data && run.data.status === 'running' && (
        <ul aria-label="Scan progress" className="mt-3 grid gap-1 text-sm sm:grid-cols-2 lg:grid-cols-3">
          {run.data.targets.map((t) => (
            <li key={`${t.source}/${t.target}`} className="flex items-center gap-2">
              <TargetState state={t.state} />
              <span className="font-mono text-xs">
                {t.source} {t.target}
              </span>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

function progressText(targets: RunTarget[]): string {
  const active = targets.filter((t) => t.state !== 'skipped');
  const done = active.filter((t) => t.state === 'ok' || t.state === 'failed').length;
  return `${done} of ${active.length} targets scanned`;
}
