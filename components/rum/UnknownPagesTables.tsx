// The Unknown pages list: paths real users opened that match no registered page, with a prefilled "Register
// page" link for editors, and the apps they came from.
import Link from 'next/link';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { rumHref } from '@/lib/rum/rum-params';
import { registerPageHref, type UnknownPages } from '@/lib/rum/unknown-pages-shape';
import { dateUtc, fmtCount } from './vital-format';

const mono = `${cellClass} font-mono text-xs`;

export function UnknownPagesTable({ list, canEdit }: { list: UnknownPages; canEdit: boolean }) {
  return (
    <ListTable
      caption="Paths matching no registered page, most page views first"
      columns={['Path', 'App', { label: 'Page views', align: 'right' }, 'First seen', 'Last seen', ...(canEdit ? ['Actions'] : [])]}
    >
      {list.rows.map((r) => (
        <tr key={`${r.app} ${r.path}`} className="hover:bg-slate-50">
          <th scope="row" className={`${mono} text-left font-normal break-all text-slate-900`}>
            {r.path}
          </th>
          <td className={mono}>{r.app}</td>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(r.hits)}</td>
          <td className={`${cellClass} whitespace-nowrap`}>
            <time dateTime={r.firstSeenAt.toISOString()} className="font-mono text-xs">
              {dateUtc(r.firstSeenAt)}
            </time>
          </td>
          <td className={`${cellClass} whitespace-nowrap`}>
            <time dateTime={r.lastSeenAt.toISOString()} className="font-mono text-xs">
              {dateUtc(r.lastSeenAt)}
            </time>
          </td>
          {canEdit && (
            <td className={`${cellClass} whitespace-nowrap`}>
              <Link href={registerPageHref(r.pattern)} className="text-xs font-medium" aria-label={`Register a page for ${r.path} as ${r.pattern}`}>
                Register page
              </Link>
              {r.pattern !== r.path && <span className="ml-1 font-mono text-xs text-slate-600">as {r.pattern}</span>}
            </td>
          )}
        </tr>
      ))}
    </ListTable>
  );
}

export function AppsTable({ apps, chosen }: { apps: UnknownPages['apps']; chosen: string | null }) {
  return (
    <ListTable caption="Apps with unknown pages" columns={['App', { label: 'Unknown paths', align: 'right' }, { label: 'Page views', align: 'right' }]}>
      {apps.map((a) => (
        <tr key={a.app} className={a.app === chosen ? 'bg-indigo-50' : 'hover:bg-slate-50'}>
          <th scope="row" className={`${mono} text-left font-normal`}>
            {a.app === chosen ? (
              <span aria-current="true" className="font-semibold">
                {a.app}
              </span>
            ) : (
              <Link href={rumHref('/unknown-pages', { app: a.app })}>{a.app}</Link>
            )}
          </th>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(a.paths)}</td>
          <td className={`${cellClass} text-right tabular-nums`}>{fmtCount(a.hits)}</td>
        </tr>
      ))}
    </ListTable>
  );
}
