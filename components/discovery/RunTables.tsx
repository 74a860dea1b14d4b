// How the latest run went per source and target, and the history of runs.
import { formatAt, fmt } from '@/components/audit/audit-format';
import { ListTable, cellClass } from '@/components/list/ListTable';
import { Badge, type BadgeTone } from '@/components/ui/Badge';
import type { RunRow, RunStatus } from '@/lib/discovery/store';
import { TargetState } from './TargetState';

const mono = `${cellClass} font-mono text-xs`;
const STATUS_TONE: Record<RunStatus, BadgeTone> = { running: 'info', ok: 'on', partial: 'warning', failed: 'critical', abandoned: 'neutral' };
const seconds = (ms: number | null | undefined) => (ms === null || ms === undefined ? '—' : `${(ms / 1000).toFixed(1)} s`);

export function RunStatusBadge({ status }: { status: RunStatus }) {
  return <Badge tone={STATUS_TONE[status]}>{status}</Badge>;
}

export function TargetsTable({ run }: { run: RunRow }) {
  return (
    <ListTable
      caption="Sources of the latest run"
      columns={['Source', 'Target', 'Result', 'Workloads', 'Time', 'Error']}
    >
      {run.targets.map((t) => (
        <tr key={`${t.source}/${t.target}`}>
          <th scope="row" className={`${cellClass} text-left font-medium`}>
            {t.source}
          </th>
          <td className={mono}>{t.target === '*' ? 'all namespaces' : t.target}</td>
          <td className={cellClass}>
            <TargetState state={t.state} />
          </td>
          <td className={`${cellClass} tabular-nums`}>{t.workloads ?? '—'}</td>
          <td className={`${cellClass} tabular-nums whitespace-nowrap`}>{seconds(t.durationMs)}</td>
          <td className={`${cellClass} ${t.state === 'failed' ? 'text-red-800' : 'text-slate-600'}`}>{t.error ?? ''}</td>
        </tr>
      ))}
    </ListTable>
  );
}

export function RunHistory({ runs }: { runs: RunRow[] }) {
  return (
    <ListTable
      caption="Discovery runs"
      columns={['Started', 'Trigger', 'Result', 'Time', 'Unregistered (new)', 'Stale', 'Matched', 'Notified']}
    >
      {runs.map((r) => (
        <tr key={r.id}>
          <th scope="row" className={`${cellClass} text-left font-normal whitespace-nowrap`}>
            <time dateTime={r.startedAt.toISOString()} className="font-mono text-xs">
              {formatAt(r.startedAt)}
            </time>
            <span className="sr-only">, run {r.id}</span>
          </th>
          <td className={cellClass}>
            {r.trigger}
            {r.actorName && r.actorName !== r.trigger ? <span className="text-slate-500"> by {r.actorName}</span> : null}
          </td>
          <td className={cellClass}>
            <RunStatusBadge status={r.status} />
            {r.error && <span className="ml-2 text-xs text-red-800">{r.error}</span>}
          </td>
          <td className={`${cellClass} tabular-nums`}>{seconds(r.durationMs)}</td>
          <td className={`${cellClass} tabular-nums`}>
            {fmt(r.unregistered)} ({fmt(r.newUnregistered)})
          </td>
          <td className={`${cellClass} tabular-nums`}>{fmt(r.stale)}</td>
          <td className={`${cellClass} tabular-nums`}>{fmt(r.matched)}</td>
          <td className={cellClass}>
            {r.notifications.length === 0
              ? '—'
              : r.notifications.map((n) => (
                  <Badge key={n.channel} tone={n.ok ? 'on' : 'critical'} title={n.error}>
                    {n.channel} {n.ok ? 'sent' : 'failed'}
                  </Badge>
                ))}
          </td>
        </tr>
      ))}
    </ListTable>
  );
}
