// What a push would change, per target: the check's verdict, then a folder's added / changed (with a unified
// diff) / removed files, or a Kubernetes dry run's objects. Everything is shown as text; nothing is interactive.
import { errorBox, successBox, warningBox } from '@/components/forms/styles';
import { shortHash } from '@/lib/deploy/push-model';
import { KubernetesObjectsTable } from './KubernetesObjectsTable';
import type { PushPreview, TargetPreview } from '@/lib/deploy/push-preview';
import { describeFolderDrift, isInSync } from '@/lib/deploy/push-preview-shape';

const pre = 'mt-1 max-h-96 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre text-slate-900';

function FileList({ label, paths }: { label: string; paths: string[] }) {
  if (paths.length === 0) return null;
  return (
    <details className="mt-2">
      <summary className="cursor-pointer text-sm">
        {label} ({paths.length})
      </summary>
      <ul className="mt-1 list-disc pl-5 font-mono text-xs">
        {paths.slice(0, 200).map((p) => (
          <li key={p}>{p}</li>
        ))}
        {paths.length > 200 && <li>and {paths.length - 200} more</li>}
      </ul>
    </details>
  );
}

function TargetDrift({ target }: { target: TargetPreview }) {
  const headingId = `drift-${target.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <section aria-labelledby={headingId} className="mb-4 rounded-md border border-slate-200 p-4">
      <h3 id={headingId} className="font-medium text-slate-900">
        {target.name} <span className="text-sm font-normal text-slate-600">({target.where})</span>
      </h3>
      {target.error && <p className={`${errorBox} mt-2`}>{target.error}</p>}
      {target.folder && (
        <>
          <p className="mt-1 text-sm text-slate-700">
            {target.missing ? 'The folder does not exist yet: the push creates it. ' : ''}
            {describeFolderDrift(target.folder)}
          </p>
          {!isInSync(target.folder) && (
            <>
              <FileList label="Added" paths={target.folder.added} />
              <FileList label="Removed" paths={target.folder.removed} />
              {target.folder.changed.map((c) => (
                <details key={c.path} className="mt-2">
                  <summary className="cursor-pointer text-sm">
                    Changed <span className="font-mono text-xs">{c.path}</span>
                    {c.added !== undefined && ` (+${c.added} −${c.removed})`}
                  </summary>
                  {c.patch ? <pre className={pre}>{c.patch}</pre> : <p className="text-xs text-slate-600">{c.note ?? 'Too many changed files to show every diff.'}</p>}
                  {c.truncated && <p className="text-xs text-slate-600">The diff is cut short.</p>}
                </details>
              ))}
            </>
          )}
        </>
      )}
      {target.kubernetes && (
        <>
          <p className="mt-1 text-sm text-slate-700">Dry run: {target.kubernetes.summary}</p>
          {target.kubernetes.problems.length > 0 && (
            <ul className={`${warningBox} mt-2 list-disc pl-8`}>
              {target.kubernetes.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {target.kubernetes.objects.length > 0 && (
            <div className="mt-2">
              <KubernetesObjectsTable caption={`Objects the push would change on ${target.name}`} actionColumn="Would be" objects={target.kubernetes.objects.slice(0, 200)} />
            </div>
          )}
        </>
      )}
    </section>
  );
}

export function PushPreviewView({ preview }: { preview: Extract<PushPreview, { ok: true }> }) {
  return (
    <>
      <p className="mb-3 text-sm text-slate-700">
        Registry revision <span className="font-mono text-xs">{preview.registryRevision.slice(0, 12)}</span>, {preview.fileCount} files, content{' '}
        <span className="font-mono text-xs">{shortHash(preview.contentHash)}</span>
        {preview.sameAsPush !== null && <> — the same as push #{preview.sameAsPush}</>}.
      </p>
      {preview.check.failed.length > 0 ? (
        <div className={`${errorBox} mb-4`} role="alert">
          <p className="font-medium">The check found errors: a push now would be refused and change nothing.</p>
          <ul className="mt-1 list-disc pl-5">
            {preview.check.failed.slice(0, 20).map((f) => (
              <li key={f} className="font-mono text-xs break-all">
                {f}
              </li>
            ))}
          </ul>
        </div>
      ) : (
        <p className={`${successBox} mb-4`}>The check passed: {preview.check.note}.</p>
      )}
      {preview.targets.map((t) => (
        <TargetDrift key={t.name} target={t} />
      ))}
    </>
  );
}
