import Link from 'next/link';
import type { AuditChangeRow } from '@/lib/audit/queries';
import { historyHref } from '@/lib/registry/entry-href';
import { Badge } from '@/components/ui/Badge';
import { ChangeDiff } from './ChangeDiff';
import { OP_TONE, entityLabel } from './audit-format';

/** One entity's change inside an entry: what, how, a link to its whole history, and the diff. */
export function ChangeCard({ change, showHistoryLink = true }: { change: AuditChangeRow; showHistoryLink?: boolean }) {
  const label = entityLabel(change.section, change.key);
  return (
    <article className="flex flex-col gap-2">
      <div className="flex flex-wrap items-baseline gap-2">
        <h3 className="font-mono text-sm font-semibold break-all text-slate-900">{label}</h3>
        <Badge tone={OP_TONE[change.op] ?? 'neutral'}>{change.op}</Badge>
        {showHistoryLink && (
          <Link href={historyHref(change.section, change.key)} className="text-sm">
            History<span className="sr-only"> of {label}</span>
          </Link>
        )}
      </div>
      <ChangeDiff before={change.before} after={change.after} caption={`${label}, ${change.op}`} />
    </article>
  );
}
