'use client';
// "Sync from Git": read the registry file as merged on the base branch, show the import preview (the registry page's
// diff view), then apply exactly the previewed commit. Apply sends the preview's revision, so a registry changed in
// between is refused instead of overwritten.
import { useRef, useState, type RefObject } from 'react';
import { applySyncFromGitAction, previewSyncFromGitAction } from '@/app/deploy/git-actions';
import { isDenied } from '@/lib/auth/denied';
import type { SyncApplied, SyncPreview } from '@/lib/deploy/git-service';
import { DiffView, changeCount } from '@/components/registry/DiffView';
import { NumberedYaml } from '@/components/registry/NumberedYaml';
import { ProblemList } from '@/components/registry/ProblemList';
import { errorBox, primaryButton, secondaryButton, successBox, warningBox } from '@/components/forms/styles';

type View = SyncPreview | SyncApplied | { status: 'denied'; message: string };
type Busy = null | 'preview' | 'apply';

const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

export function GitSyncSection({ mayAct, baseBranch, registryPath }: { mayAct: boolean; baseBranch: string; registryPath: string }) {
  const [busy, setBusy] = useState<Busy>(null);
  const [view, setView] = useState<View | null>(null);
  const heading = useRef<HTMLHeadingElement>(null);

  async function run(kind: Exclude<Busy, null>, call: () => Promise<unknown>) {
    setBusy(kind);
    try {
      const out = await call();
      setView(isDenied(out) ? { status: 'denied', message: out.formError } : (out as View));
    } catch (error) {
      setView({ status: 'failed', code: 'git', message: `The sync could not be run: ${(error as Error).message}` });
    } finally {
      setBusy(null);
      // Focus the outcome's heading: a diff can be long, so it is not a live region.
      requestAnimationFrame(() => heading.current?.focus());
    }
  }

  const preview = () => run('preview', () => previewSyncFromGitAction());
  const apply = () => {
    if (view?.status !== 'preview') return;
    const { commit, revision } = view;
    void run('apply', () => applySyncFromGitAction({ commit, expectedRevision: revision }));
  };
  const canApply = busy === null && view?.status === 'preview' && !view.diff.empty;

  return (
    <section aria-labelledby="git-sync" className="flex flex-col gap-3">
      <h2 id="git-sync" className="text-lg font-semibold text-slate-900">
        Sync from Git
      </h2>
      <p className="max-w-3xl text-sm text-slate-600">
        Reads <code className="font-mono">{registryPath}</code> as merged on {baseBranch} and previews what importing it would change here.
        Applying imports exactly the previewed commit and replaces the registry with it.
      </p>
      {mayAct ? (
        <div className="flex flex-wrap items-center gap-3">
          <button type="button" className={secondaryButton} onClick={preview} disabled={busy !== null}>
            {busy === 'preview' ? 'Reading…' : `Preview sync from ${baseBranch}`}
          </button>
          {view?.status === 'preview' && (
            <button type="button" className={primaryButton} onClick={apply} disabled={!canApply}>
              {busy === 'apply' ? 'Applying…' : 'Apply'}
            </button>
          )}
        </div>
      ) : (
        <span className="text-sm text-slate-600">Syncing from Git needs the editor role.</span>
      )}
      {view && <SyncResult view={view} headingRef={heading} />}
    </section>
  );
}

function SyncResult({ view, headingRef }: { view: View; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const heading = (text: string) => (
    <h3 ref={headingRef} tabIndex={-1} className="text-base font-semibold text-slate-900 focus:outline-none">
      {text}
    </h3>
  );
  const commit = (c: string) => <code className="font-mono">{c.slice(0, 12)}</code>;
  switch (view.status) {
    case 'preview': {
      const n = changeCount(view.diff);
      return (
        <div className="flex flex-col gap-3" aria-label="Sync preview" role="group">
          {heading(view.diff.empty ? 'Preview: no changes' : `Preview: ${plural(n, 'change')}`)}
          <p className="text-sm text-slate-700">
            {view.path} at {view.ref} (commit {commit(view.commit)}). Nothing has been changed yet.
          </p>
          <DiffView diff={view.diff} />
        </div>
      );
    }
    case 'applied': {
      const n = changeCount(view.diff);
      return (
        <div className="flex flex-col gap-3" aria-label="Sync applied" role="group">
          {heading(`Applied: ${plural(n, 'change')} written`)}
          <p className={successBox} role="status">
            The registry now matches commit {commit(view.commit)}. These are the changes that were made:
          </p>
          <DiffView diff={view.diff} />
        </div>
      );
    }
    case 'problems':
      return (
        <div className="flex flex-col gap-3" aria-label="Problems in the file" role="group">
          {heading(`${plural(view.problems.length, 'problem')} in ${view.path} at commit ${view.commit.slice(0, 12)}`)}
          <p className="text-sm text-slate-700">Nothing was changed. Fix the file in the repository and preview again.</p>
          <div className="rounded-lg border border-red-200 bg-white p-2">
            <ProblemList problems={view.problems} />
          </div>
          <NumberedYaml text={view.yaml} problems={view.problems} />
        </div>
      );
    case 'conflict':
      return (
        <div className="flex flex-col gap-3">
          {heading('Not applied')}
          <p className={warningBox} role="alert">
            {view.message}
          </p>
        </div>
      );
    case 'denied':
      return (
        <div className="flex flex-col gap-3">
          {heading('Not allowed')}
          <p className={warningBox} role="alert">
            {view.message}
          </p>
        </div>
      );
    case 'failed':
      return (
        <div className="flex flex-col gap-3">
          {heading(`The sync failed (${view.code})`)}
          <p className={`${errorBox} whitespace-pre-line`} role="alert">
            {view.message}
          </p>
        </div>
      );
  }
}
