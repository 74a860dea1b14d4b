import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePageRole } from '@/lib/auth/guard';
import { getAuditEntry } from '@/lib/audit/queries';
import { parseChangesPage, SECTION_NOUNS, type SearchParams } from '@/lib/audit/query-params';
import { PageHeader } from '@/components/ui/PageHeader';
import { Badge } from '@/components/ui/Badge';
import { ParamProblems } from '@/components/list/ListNotices';
import { Pagination } from '@/components/list/Pagination';
import { ChangeCard } from '@/components/audit/ChangeCard';
import { ACTOR_TONE, fmt, formatAt } from '@/components/audit/audit-format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit entry' };

interface Props {
  params: Promise<{ id: string }>;
  searchParams: Promise<SearchParams>;
}

export default async function AuditEntryPage({ params, searchParams }: Props) {
  const { id: rawId } = await params;
  const base = `/audit/${encodeURIComponent(rawId)}`;
  await requirePageRole('viewer', base);
  if (!/^\d{1,9}$/.test(rawId)) notFound();
  const { query: page, problems } = parseChangesPage(await searchParams);
  const detail = await getAuditEntry(Number(rawId), page);
  if (!detail) notFound();
  const { entry, breakdown, changes } = detail;

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/audit">← Audit log</Link>
      </p>
      <PageHeader title={`Audit entry ${entry.id}`} description={entry.summary} />
      <ParamProblems problems={problems} resetHref={base} />
      <dl className="mb-6 grid grid-cols-[max-content_1fr] gap-x-6 gap-y-1 rounded-lg border border-slate-200 bg-white p-4 text-sm">
        <dt className="font-medium text-slate-700">When</dt>
        <dd>
          <time dateTime={entry.at.toISOString()} className="font-mono text-xs">
            {formatAt(entry.at)}
          </time>
        </dd>
        <dt className="font-medium text-slate-700">Who</dt>
        <dd className="flex flex-wrap items-baseline gap-1.5">
          <Link href={`/audit?actor=${encodeURIComponent(entry.actorName)}`}>{entry.actorName}</Link>
          <Badge tone={ACTOR_TONE[entry.actorKind] ?? 'neutral'}>{entry.actorKind}</Badge>
        </dd>
        <dt className="font-medium text-slate-700">Action</dt>
        <dd>
          <Link href={`/audit?action=${encodeURIComponent(entry.action)}`} className="font-mono text-xs">
            {entry.action}
          </Link>
        </dd>
        <dt className="font-medium text-slate-700">Changes</dt>
        <dd>
          {entry.changeCount === 0
            ? 'none recorded'
            : breakdown.map((b) => `${fmt(b.count)} ${SECTION_NOUNS[b.section] ?? b.section}${b.count === 1 ? '' : 's'} ${b.op}`).join(', ')}
        </dd>
      </dl>
      {entry.changeCount > 0 && (
        <section aria-labelledby="changes-heading">
          <h2 id="changes-heading" className="mb-3 text-base font-semibold text-slate-900">
            Changes
          </h2>
          {changes.rows.length === 0 ? (
            <p className="text-sm text-slate-700">
              There is no page {fmt(page)} of changes. <Link href={base}>Go to the first page</Link>.
            </p>
          ) : (
            <ol className="flex flex-col gap-5">
              {changes.rows.map((c) => (
                <li key={c.id}>
                  <ChangeCard change={c} />
                </li>
              ))}
            </ol>
          )}
          <Pagination
            basePath={base}
            params={{}}
            page={page}
            pageCount={changes.pageCount}
            total={changes.total}
            pageSize={changes.pageSize}
            noun="changes"
          />
        </section>
      )}
    </>
  );
}
