import type { Metadata } from 'next';
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
  const { query, problems } = parseTemplateQuery(await searchParams);
  const result = await listTemplates(query);
  const { q, sort, dir, page, filters } = query;
  const params = { q, severity: filters.severity, sort, dir, page };

  return (
    <>
      <PageHeader title="Alert templates" description="Alert rules that services and pages attach by key, with how many of them use each one." />
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
