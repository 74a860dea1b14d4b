import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { listServices, parseServiceQuery, type SearchParams } from '@/lib/registry/queries';
import { SERVICE_TYPES } from '@/lib/registry/model';
import { PageHeader } from '@/components/ui/PageHeader';
import { FilterForm, FilterSelect } from '@/components/list/FilterForm';
import { ListEmpty, ParamProblems } from '@/components/list/ListNotices';
import { Pagination } from '@/components/list/Pagination';
import { listHref } from '@/components/list/list-href';
import { ServiceTable } from '@/components/registry-lists/ServiceTable';
import { ListActions } from '@/components/forms/ListActions';
import { SavedNotice } from '@/components/forms/SavedNotice';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Services' };

export default async function ServicesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/services');
  const canEdit = roleAllows(actor.role, 'editor');
  const sp = await searchParams;
  const { query, problems } = parseServiceQuery(sp);
  const result = await listServices(query);
  const { q, sort, dir, page, filters } = query;
  const params = { q, type: filters.type, owner: filters.owner, alerts: filters.alerts, sort, dir, page };
  const filtered = Boolean(q || filters.type || filters.owner || filters.alerts);

  return (
    <>
      <PageHeader
        title="Services"
        description="Every workload the registry monitors: Kubernetes deployments, Docker containers and systemd units."
        actions={<ListActions section="services" canEdit={canEdit} bulkHref={listHref('/services/bulk', { q, type: filters.type, owner: filters.owner, alerts: filters.alerts })} />}
      />
      <SavedNotice section="services" params={sp} />
      <ParamProblems problems={problems} resetHref="/services" />
      <FilterForm basePath="/services" q={q} searchLabel="Search services" searchPlaceholder="Name, namespace, host, owner or alert key" sort={sort} dir={dir}>
        <FilterSelect name="type" label="Type" value={filters.type} options={SERVICE_TYPES} />
        <FilterSelect name="owner" label="Owner" value={filters.owner} options={filters.owner && !result.owners.includes(filters.owner) ? [...result.owners, filters.owner] : result.owners} />
        <FilterSelect name="alerts" label="Alerts" value={filters.alerts} options={[{ value: 'none', label: 'Without alerts' }]} />
      </FilterForm>
      {result.rows.length === 0 ? (
        <ListEmpty noun="services" filtered={filtered} total={result.total} page={page} pageCount={result.pageCount} basePath="/services" lastPageHref={listHref('/services', params, { page: result.pageCount })} />
      ) : (
        <ServiceTable rows={result.rows} params={params} canEdit={canEdit} />
      )}
      <Pagination basePath="/services" params={params} page={page} pageCount={result.pageCount} total={result.total} pageSize={result.pageSize} noun="services" />
    </>
  );
}
