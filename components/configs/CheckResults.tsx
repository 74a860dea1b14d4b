// The tools' verdict, rendered inside <Suspense>: the page streams the files first and this when the
// checks finish (promtool on a 10,000-service tree takes a while). Checks run once per registry revision.
import Link from 'next/link';
import type { ConfigsSnapshot } from '@/lib/generate/configs-cache';
import { INSTALL_COMMAND, type CheckReport, type CheckStatus } from '@/lib/generate/check';
import { checkSummary } from '@/lib/generate/configs-view';
import { Badge, type BadgeTone } from '@/components/ui/Badge';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { configsHref, type ConfigsLinkState } from './configs-href';

const fmt = (n: number) => n.toLocaleString('en-US');
const STATUS_TONE: Record<CheckStatus, BadgeTone> = { ok: 'on', failed: 'critical', 'not-checked': 'neutral' };
const FAILED_SHOWN = 20;

async function report(snapshot: ConfigsSnapshot): Promise<CheckReport | Error> {
  try {
    return await snapshot.checks();
  } catch (error) {
    console.error('checking the generated configs failed:', error);
    return error instanceof Error ? error : new Error(String(error));
  }
}

export function CheckPending() {
  return (
    <p role="status" className="text-sm text-slate-600">
      Checking the files with promtool and amtool…
    </p>
  );
}

function CheckCrashed({ error }: { error: Error }) {
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-900">
      The checks could not run: {error.message}. Reload the page to try again.
    </p>
  );
}

export function StatusBadge({ status }: { status: CheckStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

/** Per tool: version and how many files passed, failed or were not checked; then the failures. */
export async function CheckResults({ snapshot, state }: { snapshot: ConfigsSnapshot; state: ConfigsLinkState }) {
  const result = await report(snapshot);
  if (result instanceof Error) return <CheckCrashed error={result} />;
  const { tools, failed, byStatus } = checkSummary(result);
  const missing = (['promtool', 'amtool'] as const).filter((t) => !result.tools[t]);
  return (
    <div data-testid="check-results">
      <p className="mb-3 text-sm font-medium" role="status">
        {byStatus.failed > 0 ? (
          <span className="text-red-800">
            {fmt(byStatus.failed)} of {fmt(result.files.length)} files failed their check.
          </span>
        ) : (
          <span className="text-emerald-800">No file failed its check.</span>
        )}{' '}
        <span className="font-normal text-slate-600">
          {fmt(byStatus.ok)} ok, {fmt(byStatus['not-checked'])} not checked.
        </span>
      </p>
      {missing.length > 0 && (
        <p className="mb-3 rounded-md border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-950">
          Not found on the server: {missing.join(' and ')}, so some files were not checked. Install with{' '}
          <code className="font-mono text-xs">{INSTALL_COMMAND}</code>.
        </p>
      )}
      <ListTable
        caption="Check results by tool"
        columns={['Tool', 'Version', { label: 'OK', align: 'right' }, { label: 'Failed', align: 'right' }, { label: 'Not checked', align: 'right' }]}
      >
        {tools.map((t) => (
          <tr key={t.tool}>
            <th scope="row" className={`${cellClass} text-left font-mono text-xs font-medium`}>
              {t.tool === 'yaml' || t.tool === 'json' ? `${t.tool} (parsed)` : t.tool}
            </th>
            <td className={`${cellClass} font-mono text-xs`}>{t.version ?? <span className="text-slate-500">—</span>}</td>
            <td className={`${cellClass} text-right tabular-nums`}>{fmt(t.ok)}</td>
            <td className={`${cellClass} text-right tabular-nums ${t.failed > 0 ? 'font-semibold text-red-800' : ''}`}>{fmt(t.failed)}</td>
            <td className={`${cellClass} text-right tabular-nums`}>{fmt(t.notChecked)}</td>
          </tr>
        ))}
      </ListTable>
      {failed.length > 0 && (
        <div className="mt-4">
          <h3 className="mb-2 text-sm font-semibold text-slate-900">Files that failed</h3>
          <ul className="flex flex-col gap-3">
            {failed.slice(0, FAILED_SHOWN).map((f) => (
              <li key={f.path}>
                <Link href={configsHref(state, { file: f.path })} className="font-mono text-xs">
                  {f.path}
                </Link>{' '}
                <span className="text-xs text-slate-600">({f.tool})</span>
                <pre className="mt-1 max-h-48 overflow-auto rounded bg-red-50 p-2 font-mono text-xs whitespace-pre-wrap text-red-950">{f.output}</pre>
              </li>
            ))}
          </ul>
          {failed.length > FAILED_SHOWN && (
            <p className="mt-2 text-sm text-slate-600">
              And {fmt(failed.length - FAILED_SHOWN)} more: <a href="/api/v1/configs?check=1">/api/v1/configs?check=1</a> lists them all.
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/** The check result of the file being shown. */
export async function FileCheckResult({ snapshot, path }: { snapshot: ConfigsSnapshot; path: string }) {
  const result = await report(snapshot);
  if (result instanceof Error) return <CheckCrashed error={result} />;
  const check = result.files.find((f) => f.path === path);
  if (!check) return null;
  return (
    <div data-testid="file-check" className="mb-3 rounded-md border border-slate-200 bg-white px-3 py-2 text-sm">
      <p className="flex flex-wrap items-center gap-2">
        <span className="font-medium text-slate-800">Check:</span>
        <StatusBadge status={check.status} />
        {check.tool && <span className="font-mono text-xs text-slate-700">{check.tool}</span>}
      </p>
      {check.output && (
        <pre className="mt-2 max-h-48 overflow-auto font-mono text-xs whitespace-pre-wrap text-slate-800">{check.output}</pre>
      )}
    </div>
  );
}
