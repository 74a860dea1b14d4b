import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { listPages, parsePageQuery, type SearchParams } from '@/lib/registry/queries';
import { PageHeader } from '@/components/ui/PageHeader';
import { FilterForm } from '@/components/list/FilterForm';
import { ListEmpty, ParamProblems } from '@/components/list/ListNotices';
import { Pagination } from '@/components/list/Pagination';
import { listHref } from '@/components/list/list-href';
import { PageTable } from '@/components/registry-lists/PageTable';
import { ListActions } from '@/components/forms/ListActions';
import { SavedNotice } from '@/components/forms/SavedNotice';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Pages' };

export default async function PagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/pages');
  const canEdit = roleAllows(actor.role, 'editor');
  const sp = await searchParams;
  const { query, problems } = parsePageQuery(sp);
  const result = await listPages(query);
  const { q, sort, dir, page } = query;
  const params = { q, sort, dir, page };

  return (
    <>
      <PageHeader
        title="Pages"
        description="Frontend pages with real-user monitoring: Sentry sessions, Web Vitals and their alerts."
        actions={<ListActions section="pages" canEdit={canEdit} />}
      />
      <SavedNotice section="pages" params={sp} />
      <ParamProblems problems={problems} resetHref="/pages" />
      <FilterForm basePath="/pages" q={q} searchLabel="Search pages" searchPlaceholder="Path, name or alert key" sort={sort} dir={dir} />
      {result.rows.length === 0 ? (
        <ListEmpty noun="pages" filtered={Boolean(q)} total={result.total} page={page} pageCount={result.pageCount} basePath="/pages" lastPageHref={listHref('/pages', params, { page: result.pageCount })} />
      ) : (
        <PageTable rows={result.rows} params={params} canEdit={canEdit} />
      )}
      <Pagination basePath="/pages" params={params} page={page} pageCount={result.pageCount} total={result.total} pageSize={result.pageSize} noun="pages" />
    </>
  );
}
