import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { listEndpoints, parseEndpointQuery, type SearchParams } from '@/lib/registry/queries';
import { HTTP_METHODS } from '@/lib/registry/model';
import { PageHeader } from '@/components/ui/PageHeader';
import { FilterForm, FilterSelect } from '@/components/list/FilterForm';
import { ListEmpty, ParamProblems } from '@/components/list/ListNotices';
import { Pagination } from '@/components/list/Pagination';
import { listHref } from '@/components/list/list-href';
import { EndpointTable } from '@/components/registry-lists/EndpointTable';
import { ListActions } from '@/components/forms/ListActions';
import { SavedNotice } from '@/components/forms/SavedNotice';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API endpoints' };

export default async function EndpointsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/endpoints');
  const canEdit = roleAllows(actor.role, 'editor');
  const sp = await searchParams;
  const { query, problems } = parseEndpointQuery(sp);
  const result = await listEndpoints(query);
  const { q, sort, dir, page, filters } = query;
  const params = { q, method: filters.method, critical: filters.critical, slo: filters.slo, sort, dir, page };
  const filtered = Boolean(q || filters.method || filters.critical || filters.slo);

  return (
    <>
      <PageHeader
        title="API endpoints"
        description="Endpoints with service-level objectives for latency and availability."
        actions={<ListActions section="api_endpoints" canEdit={canEdit} />}
      />
      <SavedNotice section="api_endpoints" params={sp} />
      <ParamProblems problems={problems} resetHref="/endpoints" />
      <FilterForm basePath="/endpoints" q={q} searchLabel="Search endpoints" searchPlaceholder="Path" sort={sort} dir={dir}>
        <FilterSelect name="method" label="Method" value={filters.method} options={HTTP_METHODS} />
        <FilterSelect name="critical" label="Critical" value={filters.critical} options={[{ value: 'yes', label: 'Critical only' }, { value: 'no', label: 'Not critical' }]} />
        <FilterSelect name="slo" label="SLO" value={filters.slo} options={[{ value: 'none', label: 'Without SLO' }]} />
      </FilterForm>
      {result.rows.length === 0 ? (
        <ListEmpty noun="API endpoints" filtered={filtered} total={result.total} page={page} pageCount={result.pageCount} basePath="/endpoints" lastPageHref={listHref('/endpoints', params, { page: result.pageCount })} />
      ) : (
        <EndpointTable rows={result.rows} params={params} canEdit={canEdit} />
      )}
      <Pagination basePath="/endpoints" params={params} page={page} pageCount={result.pageCount} total={result.total} pageSize={result.pageSize} noun="endpoints" />
    </>
  );
}
