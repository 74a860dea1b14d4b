'use client';
// "Export to Git" and "Sync from Git": where the repository is, a button that exports and shows the pull request
// (or that nothing changed), and the sync preview. A self-contained section so the Deploy page can include it.
import { useRef, useState } from 'react';
import { exportToGitAction } from '@/app/deploy/git-actions';
import { isDenied } from '@/lib/auth/denied';
import type { GitConfigView } from '@/lib/deploy/git-config';
import type { GitExportOutcome } from '@/lib/deploy/git-service';
import { errorBox, primaryButton, successBox, warningBox } from '@/components/forms/styles';
import { GitSyncSection } from './GitSyncSection';

type ExportView = GitExportOutcome | { status: 'denied'; message: string };

/** `mayAct`: the reader may export and sync (editor); the server checks again on every call. */
export function GitExportPanel({ config, mayAct }: { config: GitConfigView; mayAct: boolean }) {
  return (
    <div className="flex flex-col gap-8">
      <ConfigSummary config={config} />
      {config.state === 'configured' && (
        <>
          <ExportSection mayAct={mayAct} baseBranch={config.summary.baseBranch} pullRequests={config.summary.pullRequests !== null} />
          <GitSyncSection mayAct={mayAct} baseBranch={config.summary.baseBranch} registryPath={config.summary.registryPath} />
        </>
      )}
    </div>
  );
}

function ConfigSummary({ config }: { config: GitConfigView }) {
  if (config.state === 'not-configured') {
    return (
      <section aria-labelledby="git-config" className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs">
        <h2 id="git-config" className="text-lg font-semibold text-slate-900">
          Not configured
        </h2>
        <p className="mt-1 max-w-3xl text-sm text-slate-700">{config.message}</p>
        <p className="mt-1 max-w-3xl text-sm text-slate-600">The variables are listed in docs/DEPLOY.md, section “Export to Git”.</p>
      </section>
    );
  }
  if (config.state === 'invalid') {
    return (
      <section aria-labelledby="git-config" className={errorBox}>
        <h2 id="git-config" className="font-semibold">
          The Git settings are invalid
        </h2>
        <p className="mt-1">Nothing can be exported or synced until the server&apos;s environment is fixed:</p>
        <ul className="mt-1 list-disc pl-5">
          {config.problems.map((p) => (
            <li key={`${p.variable}:${p.message}`}>
              <code className="font-mono">{p.variable}</code>: {p.message}
            </li>
          ))}
        </ul>
      </section>
    );
  }
  const s = config.summary;
  const rows: [string, string][] = [
    ['Repository', s.repository],
    ['Base branch', s.baseBranch],
    ['Registry file', s.registryPath],
    ['Generated folder', s.generatedDir],
    ['Pull requests', s.pullRequests ?? 'not opened (no GitHub repository configured): the branch is pushed only'],
    ['Commit author', s.author],
  ];
  return (
    <section aria-labelledby="git-config" className="rounded-lg border border-slate-200 bg-white p-5 shadow-xs">
      <h2 id="git-config" className="text-lg font-semibold text-slate-900">
        Repository
      </h2>
      <dl className="mt-2 grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        {rows.map(([term, value]) => (
          <div key={term} className="contents">
            <dt className="text-slate-600">{term}</dt>
            <dd className="font-mono break-all text-slate-900">{value}</dd>
          </div>
        ))}
      </dl>
    </section>
  );
}

function ExportSection({ mayAct, baseBranch, pullRequests }: { mayAct: boolean; baseBranch: string; pullRequests: boolean }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ExportView | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);

  async function runExport() {
    setBusy(true);
    setResult(null);
    try {
      const out = await exportToGitAction();
      setResult(isDenied(out) ? { status: 'denied', message: out.formError } : out);
    } catch (error) {
      setResult({ status: 'failed', code: 'git', message: `The export could not be run: ${(error as Error).message}` });
    } finally {
      setBusy(false);
      requestAnimationFrame(() => resultRef.current?.focus());
    }
  }

  return (
    <section aria-labelledby="git-export" className="flex flex-col gap-3">
      <h2 id="git-export" className="text-lg font-semibold text-slate-900">
        Export to Git
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        Commits the registry file and every generated config to a new branch cut from {baseBranch}
        {pullRequests ? ', pushes it and opens a pull request' : ' and pushes it'}. When {baseBranch} already holds the same files,
        nothing is pushed.
      </p>
      <div className="flex flex-wrap items-center gap-3">
        {mayAct ? (
          <button type="button" className={primaryButton} onClick={runExport} disabled={busy} aria-busy={busy}>
            {busy ? 'Exporting…' : 'Export to Git'}
          </button>
        ) : (
          <span className="text-sm text-slate-600">Exporting needs the editor role.</span>
        )}
      </div>
      {/* Polite live region: the outcome is one short message, announced when it arrives. */}
      <div ref={resultRef} tabIndex={-1} aria-live="polite" className="focus:outline-none">
        {result && <ExportResult result={result} />}
      </div>
    </section>
  );
}

function ExportResult({ result }: { result: ExportView }) {
  switch (result.status) {
    case 'opened':
      return (
        <div className={successBox} role="status">
          <p className="font-medium">
            Pull request #{result.pullRequestNumber} opened:{' '}
            <a href={result.pullRequestUrl} target="_blank" rel="noreferrer" className="break-all underline">
              {result.pullRequestUrl}
            </a>
          </p>
          <p className="mt-1">{result.summary}</p>
          <p className="mt-1 text-xs">
            Branch <code className="font-mono">{result.branch}</code>, commit <code className="font-mono">{result.commit.slice(0, 12)}</code>
          </p>
        </div>
      );
    case 'pushed':
      return (
        <div className={successBox} role="status">
          <p className="font-medium">
            Pushed branch <code className="font-mono">{result.branch}</code> (commit <code className="font-mono">{result.commit.slice(0, 12)}</code>).
          </p>
          <p className="mt-1">{result.summary}</p>
          <p className="mt-1 text-xs">No pull request was opened: no GitHub repository is configured. Open one from the branch.</p>
        </div>
      );
    case 'unchanged':
      return (
        <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-800" role="status">
          <strong>{result.summary}.</strong> {result.baseBranch} (commit <code className="font-mono">{result.baseCommit.slice(0, 12)}</code>) already holds
          this registry and these files: no branch was pushed and no pull request was opened.
        </p>
      );
    case 'denied':
      return (
        <p className={warningBox} role="alert">
          {result.message}
        </p>
      );
    case 'failed':
      return (
        <div className={errorBox} role="alert">
          <p className="font-medium">The export failed ({result.code}).</p>
          <p className="mt-1 whitespace-pre-line">{result.message}</p>
          {result.branch && (
            <p className="mt-1">
              The branch <code className="font-mono">{result.branch}</code> is on the remote: open its pull request by hand.
            </p>
          )}
        </div>
      );
  }
}
