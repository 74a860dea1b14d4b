// Errors and failed fetches grouped by fingerprint and page: how often, in how many page views, since when, and the
// latest occurrence (its stack folded away in a <details>).
import Link from 'next/link';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { Badge } from '@/components/ui/Badge';
import type { ErrorGroup } from '@/lib/rum/errors-shape';
import { rumHref, VITALS_DEFAULTS } from '@/lib/rum/rum-params';
import { dateUtc, fmtCount } from './vital-format';

function Sample({ group }: { group: ErrorGroup }) {
  const s = group.sample;
  if (!s) return null;
  return (
    <details className="mt-1 text-xs">
      <summary className="cursor-pointer text-slate-700">{group.kind === 'error' ? 'Message and stack' : 'Request'} of the latest one</summary>
      <dl className="mt-1 grid grid-cols-[auto_1fr] gap-x-3 gap-y-0.5">
        <dt className="text-slate-600">Where</dt>
        <dd className="font-mono break-all">
          {s.app} {s.path}
        </dd>
        {group.kind === 'error' ? (
          <>
            <dt className="text-slate-600">Message</dt>
            <dd className="break-words whitespace-pre-wrap">{s.message || '(none)'}</dd>
          </>
        ) : (
          <>
            <dt className="text-slate-600">Request</dt>
            <dd className="font-mono break-all">
              {s.method} {s.url}
            </dd>
            <dt className="text-slate-600">Answer</dt>
            <dd>
              {s.status ? `HTTP ${s.status}` : 'none (network error, CORS or aborted)'}
              {s.value !== null ? ` after ${Math.round(s.value)} ms` : ''}
            </dd>
          </>
        )}
      </dl>
      {s.stack && <pre className="mt-1 max-h-64 overflow-auto rounded bg-slate-50 p-2 font-mono text-xs whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200">{s.stack}</pre>}
    </details>
  );
}

export function ErrorGroupsTable({ groups }: { groups: ErrorGroup[] }) {
  return (
    <ListTable
      caption="Errors and failed fetches grouped by fingerprint and page, most frequent first"
      columns={['Error', 'Page', { label: 'Count', align: 'right' }, { label: 'Page views', align: 'right' }, 'First seen', 'Last seen']}
    >
      {groups.map((g) => (
        <tr key={`${g.fingerprint} ${g.place}`} className="align-top hover:bg-slate-50">
          <th scope="row" className={`${cellClass} max-w-md text-left font-normal`}>
            <span className="mr-1.5">
              <Badge tone={g.kind === 'error' ? 'critical' : 'warning'}>{g.kind === 'error' ? 'error' : 'fetch'}</Badge>
            </span>
            <span className="font-medium break-words text-slate-900">{g.title}</span>
            <Sample group={g} />
          </th>
          <td className={`${cellClass} font-mono text-xs break-all`}>
            {g.unknown ? (
              <>
                {g.place}{' '}
                <span className="font-sans">
                  <Badge title="The path matched no registered page">unknown page</Badge>
                </span>
              </>
            ) : (
              <Link href={rumHref('/web-vitals/page', { path: g.place }, VITALS_DEFAULTS)}>{g.place}</Link>
            )}
          </td>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(g.count)}</td>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(g.views)}</td>
          <td className={`${cellClass} whitespace-nowrap`}>
            <time dateTime={g.firstSeenAt.toISOString()} className="font-mono text-xs">
              {dateUtc(g.firstSeenAt)}
            </time>
          </td>
          <td className={`${cellClass} whitespace-nowrap`}>
            <time dateTime={g.lastSeenAt.toISOString()} className="font-mono text-xs">
              {dateUtc(g.lastSeenAt)}
            </time>
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
