// The push history: who pushed what when, per-target results, and a one-click rollback to any earlier push
// every target took.
import Link from 'next/link';
import { formatAt } from '@/components/audit/audit-format';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { shortHash } from '@/lib/deploy/push-model';
import type { PushRow } from '@/lib/deploy/push-store';
import { PushStatusBadge, TargetStatusBadge, seconds } from './PushStatus';
import { RollbackButton } from './RollbackButton';

const mono = `${cellClass} font-mono text-xs`;

/** currentId: the newest push that every target took (what runs now), which may be on another page. */
export function PushHistory({ pushes, currentId, canRollBack, running }: { pushes: PushRow[]; currentId: number | null; canRollBack: boolean; running: boolean }) {
  const latestOk = currentId;
  return (
    <ListTable caption="Pushes, newest first" columns={['Push', 'Started, by', 'Registry revision / content', 'Result', 'Targets', 'Time', ...(canRollBack ? ['Rollback'] : [])]}>
      {pushes.map((p) => (
        <tr key={p.id}>
          <th scope="row" className={`${cellClass} text-left font-medium`}>
            <Link href={`/deploy/pushes/${p.id}`} className="text-indigo-700 underline hover:text-indigo-900">
              #{p.id}
            </Link>
            {p.kind === 'rollback' && <span className="block text-xs font-normal text-slate-600">rollback to #{p.rollbackOfId}</span>}
          </th>
          <td className={cellClass}>
            <time dateTime={p.startedAt.toISOString()} className="font-mono text-xs whitespace-nowrap">
              {formatAt(p.startedAt)}
            </time>
            <span className="block text-xs text-slate-600">{p.actorName}</span>
          </td>
          <td className={mono}>
            <span title={`registry revision ${p.registryRevision}`}>{p.registryRevision.slice(0, 12)}</span>
            <br />
            <span title={`content hash ${p.contentHash}`} className="text-slate-600">
              {shortHash(p.contentHash)}
            </span>
          </td>
          <td className={cellClass}>
            <PushStatusBadge status={p.status} />
            {p.error && <p className="mt-1 max-w-xs text-xs break-words text-red-800">{p.error.length > 200 ? `${p.error.slice(0, 200)}…` : p.error}</p>}
          </td>
          <td className={cellClass}>
            <ul className="flex flex-wrap gap-1">
              {p.targets.map((t) => (
                <li key={t.name} className="text-xs">
                  {t.name} <TargetStatusBadge status={t.status} />
                </li>
              ))}
            </ul>
          </td>
          <td className={`${cellClass} tabular-nums whitespace-nowrap`}>{p.finishedAt ? seconds(p.finishedAt.getTime() - p.startedAt.getTime()) : '—'}</td>
          {canRollBack && (
            <td className={`${cellClass} whitespace-nowrap`}>
              {p.status === 'ok' && p.id !== latestOk ? <RollbackButton pushId={p.id} disabled={running} /> : p.id === latestOk ? <span className="text-xs text-slate-500">current</span> : null}
            </td>
          )}
        </tr>
      ))}
    </ListTable>
  );
}
