import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { bulkParams, isBulkFiltered, listBulkCandidates, parseBulkQuery } from '@/lib/registry/bulk-queries';
import type { SearchParams } from '@/lib/audit/query-params';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState, ParamProblems } from '@/components/list/ListNotices';
import { listHref } from '@/components/list/list-href';
import { BulkEditor } from '@/components/bulk/BulkEditor';
import { BulkFilterForm } from '@/components/bulk/BulkFilterForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Bulk edit services' };

export default async function BulkEditServicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { query: filters, problems } = parseBulkQuery(await searchParams);
  const here = listHref('/services/bulk', bulkParams(filters));
  await requirePageRole('editor', here);
  const candidates = await listBulkCandidates(filters);
  const filtered = isBulkFiltered(filters);

  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={listHref('/services', { q: filters.q, type: filters.type, owner: filters.owner, alerts: filters.alerts })}>← All services</Link>
      </p>
      <PageHeader
        title="Bulk edit services"
        description={
          <>
            Filter, select the services, choose one change for all of them, preview it, then apply. The change is checked like
            a registry import and recorded as one entry in the <Link href="/audit?action=services.bulk">audit log</Link>.
          </>
        }
      />
      <ParamProblems problems={problems} resetHref="/services/bulk" />
      <BulkFilterForm filters={filters} owners={candidates.owners} templates={candidates.templates} />
      {candidates.total === 0 ? (
        filtered ? (
          <EmptyState title="No services match these filters.">
            <Link href="/services/bulk">Clear the filters</Link> to see every service.
          </EmptyState>
        ) : (
          <EmptyState title="The registry has no services yet.">
            <Link href="/services/new">Add a service</Link> or <Link href="/registry">import a registry</Link> first.
          </EmptyState>
        )
      ) : (
        // A new filter is a new list: the key starts a fresh selection, so nothing hidden stays selected.
        <BulkEditor
          key={here}
          rows={candidates.rows}
          total={candidates.total}
          limit={candidates.limit}
          owners={candidates.owners}
          templates={candidates.templates}
        />
      )}
    </>
  );
}
