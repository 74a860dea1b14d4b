// One push's results per target: a folder's components (files, Prometheus, Alertmanager) with what was confirmed
// or why it rolled back, or a Kubernetes target's per-object outcomes and problems.
import { ListTable, cellClass } from '@/components/list/ListTable';
import { Badge } from '@/components/ui/Badge';
import type { PushTargetEntry } from '@/lib/deploy/push-model';
import { KubernetesObjectsTable } from './KubernetesObjectsTable';
import { TargetStatusBadge, seconds } from './PushStatus';

const COMPONENT_TONE = { ok: 'on', 'rolled-back': 'warning', failed: 'critical', skipped: 'neutral' } as const;

export function PushTargetResults({ target }: { target: PushTargetEntry }) {
  const id = `target-${target.name.replace(/[^A-Za-z0-9_-]/g, '-')}`;
  return (
    <section aria-labelledby={id} className="mb-6 rounded-md border border-slate-200 p-4">
      <h3 id={id} className="font-medium text-slate-900">
        {target.name} <TargetStatusBadge status={target.status} /> <span className="text-sm font-normal text-slate-600">{seconds(target.durationMs)}</span>
      </h3>
      <p className="text-sm text-slate-600">{target.where}</p>
      {target.detail && <p className="mt-1 text-sm text-slate-800">{target.detail}</p>}
      {target.directory && (
        <div className="mt-2">
          <ListTable caption={`Steps on ${target.name}`} columns={['Step', 'Result', 'Time', 'Detail']}>
            {target.directory.components.map((c) => (
              <tr key={c.target}>
                <th scope="row" className={`${cellClass} text-left font-medium`}>
                  {c.target}
                </th>
                <td className={cellClass}>
                  <Badge tone={COMPONENT_TONE[c.status]}>{c.status}</Badge>
                </td>
                <td className={`${cellClass} tabular-nums`}>{seconds(c.durationMs)}</td>
                <td className={`${cellClass} break-words`}>{c.detail}</td>
              </tr>
            ))}
          </ListTable>
        </div>
      )}
      {target.kubernetes && (
        <div className="mt-2">
          <p className="text-sm">
            {target.kubernetes.server}: {target.kubernetes.summary}
          </p>
          {target.kubernetes.problems.length > 0 && (
            <ul className="mt-1 list-disc pl-5 text-sm text-red-800">
              {target.kubernetes.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          )}
          {target.kubernetes.objects.length > 0 && (
            <KubernetesObjectsTable caption={`Objects on ${target.name}`} actionColumn="Outcome" objects={target.kubernetes.objects} />
          )}
        </div>
      )}
    </section>
  );
}
