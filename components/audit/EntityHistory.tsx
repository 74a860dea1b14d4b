import Link from 'next/link';
import type { AuditEntryRow } from '@/lib/audit/queries';
import { Badge } from '@/components/ui/Badge';
import { ChangeCard } from './ChangeCard';
import { ACTOR_TONE, fmt, formatAt } from './audit-format';

/** One entity's history: each entry that touched it, newest first, with that entity's diff inline. */
export function EntityHistory({ rows }: { rows: AuditEntryRow[] }) {
  return (
    <ol className="flex flex-col gap-4" aria-label="Changes, newest first">
      {rows.map((e) => (
        <li key={e.id} className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
          <h2 className="flex flex-wrap items-baseline gap-x-3 text-sm font-semibold text-slate-900">
            <Link href={`/audit/${e.id}`}>
              <time dateTime={e.at.toISOString()} className="font-mono text-xs">
                {formatAt(e.at)}
              </time>
              <span className="sr-only">, entry {e.id}</span>
            </Link>
            <code className="font-mono text-xs font-normal text-slate-700">{e.action}</code>
          </h2>
          <p className="mt-1 mb-3 flex flex-wrap items-baseline gap-x-3 gap-y-1 text-sm">
            <span className="text-slate-900">
              by {e.actorName} {e.actorKind !== 'user' && <Badge tone={ACTOR_TONE[e.actorKind] ?? 'neutral'}>{e.actorKind}</Badge>}
            </span>
            <span className="text-slate-700">{e.summary}</span>
            {e.changeCount > 1 && (
              <Link href={`/audit/${e.id}`} className="text-xs">
                all {fmt(e.changeCount)} changes of this entry
              </Link>
            )}
          </p>
          <div className="flex flex-col gap-3">
            {(e.changes ?? []).map((c) => (
              <ChangeCard key={c.id} change={c} showHistoryLink={false} />
            ))}
          </div>
        </li>
      ))}
    </ol>
  );
}
