import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import { parseAppParam, type SearchParams } from '@/lib/rum/rum-params';
import { loadUnknownPages } from '@/lib/rum/unknown-pages';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState, ParamProblems } from '@/components/list/ListNotices';
import { Section } from '@/components/ui/Section';
import { AppsTable, UnknownPagesTable } from '@/components/rum/UnknownPagesTables';
import { fmtCount } from '@/components/rum/vital-format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Unknown pages' };

export default async function UnknownPagesPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/unknown-pages');
  const canEdit = roleAllows(actor.role, 'editor');
  const problems: string[] = [];
  const app = parseAppParam(await searchParams, problems);
  const list = await loadUnknownPages(db(), { app });
  return (
    <>
      <PageHeader
        title="Unknown pages"
        description="Paths real users opened that match no registered page, so they have no Web Vitals or page alerts. Register the ones that matter; a page registered here leaves this list at once."
        actions={
          <Link href="/web-vitals" className="text-sm">
            Web Vitals
          </Link>
        }
      />
      <ParamProblems problems={problems} resetHref="/unknown-pages" />
      {list.apps.length === 0 ? (
        <EmptyState title="Every path seen matches a registered page.">Paths are kept as long as raw events (RUM_RETENTION_DAYS).</EmptyState>
      ) : (
        <>
          <Section id="apps" title="Apps" note={app ? undefined : 'Choose an app to list only its paths.'}>
            <AppsTable apps={list.apps} chosen={app} />
            {app && (
              <p className="mt-2 text-sm">
                <Link href="/unknown-pages">Show every app</Link>
              </p>
            )}
          </Section>
          <Section
            id="paths"
            title={app ? `Paths of ${app}` : 'Paths'}
            note={`Most page views first.${canEdit ? ' "Register page" opens the new-page form with the path, ids turned into [id].' : ''}`}
          >
            {list.rows.length === 0 ? <p className="text-sm text-slate-600">This app has no unknown paths.</p> : <UnknownPagesTable list={list} canEdit={canEdit} />}
            {list.rest.paths > 0 && (
              <p className="mt-2 text-sm text-slate-600">
                And {fmtCount(list.rest.paths)} more paths with {fmtCount(list.rest.hits)} page views in all, not listed.
              </p>
            )}
          </Section>
        </>
      )}
    </>
  );
}
