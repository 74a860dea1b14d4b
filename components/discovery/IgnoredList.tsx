// What the latest scan left out, and why: a configured ignore rule, or an "Ignore" pressed here (which can be undone).
import type { DiscoveryOverview } from '@/lib/discovery/overview';
import type { Reconciliation } from '@/lib/discovery/reconcile';
import { IgnoreButton } from './IgnoreButton';

export function IgnoredList({ ignored, choices, canEdit }: { ignored: Reconciliation['ignored']; choices: DiscoveryOverview['ignores']; canEdit: boolean }) {
  if (ignored.length === 0 && choices.length === 0) return <p className="text-sm text-slate-600">Nothing was ignored.</p>;
  const byKey = new Map(choices.map((c) => [c.key, c]));
  return (
    <details>
      <summary className="cursor-pointer text-sm">Show what is ignored</summary>
      <ul className="mt-2 space-y-1 text-sm">
        {ignored.map((i) => {
          const choice = byKey.get(i.key);
          return (
            <li key={i.key}>
              <span className="font-mono text-xs">{i.key}</span>: {choice ? `ignored by ${choice.createdBy}` : i.why}{' '}
              {choice && canEdit && <IgnoreButton kind={choice.kind as 'workload' | 'service'} itemKey={choice.key} undo label={`Stop ignoring ${choice.key}`} />}
            </li>
          );
        })}
      </ul>
    </details>
  );
}
