import Link from 'next/link';
import type { Finding } from '@/lib/generate/types';
import { FINDINGS_PAGE_SIZE, filterFindings, findingHref, pageOf } from '@/lib/generate/configs-view';
import { Badge } from '@/components/ui/Badge';
import { EmptyState } from '@/components/list/ListNotices';
import { inputClass } from '@/components/list/FilterForm';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { HiddenState, configsHref, type ConfigsLinkState } from './configs-href';
import { Pager } from './Pager';

const fmt = (n: number) => n.toLocaleString('en-US');

function FindingsFilter({ state }: { state: ConfigsLinkState }) {
  return (
    <form method="get" action="/configs" role="search" aria-label="Findings filter" className="mb-3 flex flex-wrap items-end gap-3">
      <div className="min-w-56 flex-1">
        <label htmlFor="configs-fq" className="mb-1 block text-xs font-medium text-slate-700">
          Filter findings
        </label>
        <input id="configs-fq" name="fq" type="search" defaultValue={state.fq} placeholder="Entry, item or reason, e.g. redis" className={inputClass} />
      </div>
      <div>
        <label htmlFor="configs-kind" className="mb-1 block text-xs font-medium text-slate-700">
          Kind
        </label>
        <select id="configs-kind" name="kind" defaultValue={state.kind ?? ''} className={`${inputClass} pr-8`}>
          <option value="">Any</option>
          <option value="skipped">skipped</option>
          <option value="note">note</option>
        </select>
      </div>
      <HiddenState state={state} omit={['fq', 'kind', 'fpage']} />
      <button type="submit" className="rounded-md bg-indigo-700 px-3 py-1.5 text-sm font-medium text-white hover:bg-indigo-800">
        Filter findings
      </button>
      {(state.fq || state.kind) && (
        <Link href={configsHref(state, { fq: undefined, kind: undefined, fpage: undefined })} className="text-sm">
          Reset
        </Link>
      )}
    </form>
  );
}

/** What the generator left out (skipped) or wants you to know (note), each linked to its registry entry. */
export function FindingsTable({ findings, state }: { findings: readonly Finding[]; state: ConfigsLinkState }) {
  if (findings.length === 0) {
    return <EmptyState title="Nothing was skipped.">Every registry entry became configuration as written.</EmptyState>;
  }
  const matching = filterFindings(findings, state.fq, state.kind);
  const view = pageOf(matching, state.fpage, FINDINGS_PAGE_SIZE);
  const first = (view.page - 1) * FINDINGS_PAGE_SIZE + 1;
  return (
    <>
      <FindingsFilter state={state} />
      {matching.length === 0 ? (
        <EmptyState title="No findings match this filter.">
          <Link href={configsHref(state, { fq: undefined, kind: undefined, fpage: undefined })}>Show them all</Link>.
        </EmptyState>
      ) : (
        <ListTable
          caption="Skipped entries and notes"
          columns={['Kind', 'Entry', 'Item', 'Why']}
        >
          {view.rows.map((f, i) => {
            const href = findingHref(f.entry);
            return (
              <tr key={first + i} className="hover:bg-slate-50">
                <td className={cellClass}>{f.kind === 'skipped' ? <Badge tone="warning">skipped</Badge> : <Badge tone="info">note</Badge>}</td>
                <th scope="row" className={`${cellClass} text-left font-mono text-xs font-medium whitespace-nowrap`}>
                  {href ? <Link href={href}>{f.entry}</Link> : f.entry}
                </th>
                <td className={`${cellClass} font-mono text-xs`}>{f.item ?? <span className="text-slate-500">—</span>}</td>
                <td className={`${cellClass} text-slate-800`}>{f.message}</td>
              </tr>
            );
          })}
        </ListTable>
      )}
      {matching.length > 0 && (
        <p className="mt-2 text-sm text-slate-600" aria-live="polite">
          {matching.length > FINDINGS_PAGE_SIZE
            ? `Showing ${fmt(first)}–${fmt(Math.min(matching.length, view.page * FINDINGS_PAGE_SIZE))} of ${fmt(matching.length)}`
            : `${fmt(matching.length)} ${matching.length === 1 ? 'finding' : 'findings'}`}
          {matching.length < findings.length && ` (of ${fmt(findings.length)} in all)`}.
        </p>
      )}
      <Pager label="Findings pages" page={view.page} pageCount={view.pageCount} hrefFor={(fpage) => configsHref(state, { fpage })} />
    </>
  );
}
