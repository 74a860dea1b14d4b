// The Kubernetes objects of a push (what it did) or of its preview (what it would do): one row each.
import { ListTable, cellClass } from '@/components/list/ListTable';
import type { ObjectResult } from '@/lib/deploy/kubernetes-outcome';

export function KubernetesObjectsTable({ caption, actionColumn, objects }: { caption: string; actionColumn: string; objects: readonly ObjectResult[] }) {
  return (
    <ListTable caption={caption} columns={['Kind', 'Namespace', 'Name', actionColumn, 'Error']}>
      {objects.map((o) => (
        <tr key={`${o.kind}/${o.namespace}/${o.name}`}>
          <th scope="row" className={`${cellClass} text-left font-normal`}>
            {o.kind}
          </th>
          <td className={`${cellClass} font-mono text-xs`}>{o.namespace || '—'}</td>
          <td className={`${cellClass} font-mono text-xs`}>{o.name}</td>
          <td className={cellClass}>{o.action}</td>
          <td className={`${cellClass} text-red-800`}>{o.error ?? ''}</td>
        </tr>
      ))}
    </ListTable>
  );
}
