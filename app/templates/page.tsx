import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { newHref } from '@/lib/registry/entry-href';
import { listTemplates, parseTemplateQuery, type SearchParams } from '@/lib/registry/queries';
import { SEVERITIES } from '@/lib/registry/model';
import { PageHeader } from '@/components/ui/PageHeader';
import { FilterForm, FilterSelect } from '@/components/list/FilterForm';
import { ListEmpty, ParamProblems } from '@/components/list/ListNotices';
import { Pagination } from '@/components/list/Pagination';
import { listHref } from '@/components/list/list-href';
import { TemplateTable } from '@/components/registry-lists/TemplateTable';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Alert templates' };

export default async function TemplatesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/templates');
  const sp = await searchParams;
  const { query, problems } = parseTemplateQuery(sp);
  const result = await listTemplates(query);
  const deleted = typeof sp.deleted === 'string' ? sp.deleted : null;
  const { q, sort, dir, page, filters } = query;
  const params = { q, severity: filters.severity, sort, dir, page };

  return (
    <>
      <PageHeader
        title="Alert templates"
        description="Alert rules that services and pages attach by key, with how many of them use each one."
        actions={
          roleAllows(actor.role, 'editor') && (
            <Link
              href={newHref('alert_templates')}
              className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white no-underline hover:bg-indigo-800 hover:no-underline"
            >
              New template
            </Link>
          )
        }
      />
      {deleted && (
        <p role="status" className="mb-4 rounded-md border border-emerald-200 bg-emerald-50 p-3 text-sm text-emerald-900">
          Template <code className="font-mono">{deleted}</code> deleted.
        </p>
      )}
      <ParamProblems problems={problems} resetHref="/templates" />
      <FilterForm basePath="/templates" q={q} searchLabel="Search templates" searchPlaceholder="Key, alert name or summary" sort={sort} dir={dir}>
        <FilterSelect name="severity" label="Severity" value={filters.severity} options={SEVERITIES} />
      </FilterForm>
      {result.rows.length === 0 ? (
        <ListEmpty noun="alert templates" filtered={Boolean(q || filters.severity)} total={result.total} page={page} pageCount={result.pageCount} basePath="/templates" lastPageHref={listHref('/templates', params, { page: result.pageCount })} />
      ) : (
        <TemplateTable rows={result.rows} params={params} />
      )}
      <Pagination basePath="/templates" params={params} page={page} pageCount={result.pageCount} total={result.total} pageSize={result.pageSize} noun="templates" />
    </>
  );
}
