import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { entityExists, listAudit, listAuditActions } from '@/lib/audit/queries';
import { auditParams, entityOf, isFiltered, parseAuditQuery, SECTION_NOUNS, type SearchParams } from '@/lib/audit/query-params';
import { editHref } from '@/lib/registry/entry-href';
import type { Section } from '@/lib/registry/model';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState, ListEmpty, ParamProblems } from '@/components/list/ListNotices';
import { Pagination } from '@/components/list/Pagination';
import { listHref } from '@/components/list/list-href';
import { AuditFilterForm } from '@/components/audit/AuditFilterForm';
import { AuditTable } from '@/components/audit/AuditTable';
import { EntityHistory } from '@/components/audit/EntityHistory';
import { entityLabel } from '@/components/audit/audit-format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Audit log' };

export default async function AuditPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const { query, problems } = parseAuditQuery(await searchParams);
  const actor = await requirePageRole('viewer', listHref('/audit', auditParams(query)));
  // Viewers may read the history but not open the edit page (it would answer 403).
  const canEdit = roleAllows(actor.role, 'editor');
  const entity = entityOf(query);
  const [result, actions, exists] = await Promise.all([
    listAudit(query),
    listAuditActions(),
    entity ? entityExists(entity.section, entity.key) : Promise.resolve(null),
  ]);
  const params = auditParams(query);
  const label = entity && entityLabel(entity.section, entity.key);

  return (
    <>
      {entity && label ? (
        <PageHeader
          title={`History of ${label}`}
          description={
            <>
              Every recorded change to this {SECTION_NOUNS[entity.section]}, newest first.{' '}
              {exists === true && canEdit && <Link href={editHref(entity.section as Section, entity.key)}>Edit {label}</Link>}
              {exists === false && <span>It is no longer in the registry.</span>}{' '}
              <Link href="/audit">Show the whole audit log</Link>
            </>
          }
        />
      ) : (
        <PageHeader
          title="Audit log"
          description="Every change to the registry, users and tokens: who, when, what, and the entries before and after."
        />
      )}
      <ParamProblems problems={problems} resetHref="/audit" />
      <AuditFilterForm query={query} actions={actions} />
      {result.rows.length > 0 ? (
        entity ? <EntityHistory rows={result.rows} /> : <AuditTable rows={result.rows} />
      ) : result.total === 0 && entity && !query.actor && !query.action && !query.from && !query.to ? (
        <EmptyState title={`No recorded changes to ${label}.`}>Changes made before the audit log existed are not in it.</EmptyState>
      ) : result.total === 0 && !isFiltered(query) ? (
        <EmptyState title="Nothing has been recorded yet.">Changes to the registry, users and tokens appear here as they happen.</EmptyState>
      ) : (
        <ListEmpty
          noun="audit entries"
          filtered={isFiltered(query)}
          total={result.total}
          page={query.page}
          pageCount={result.pageCount}
          basePath="/audit"
          lastPageHref={listHref('/audit', params, { page: result.pageCount })}
        />
      )}
      <Pagination
        basePath="/audit"
        params={params}
        page={query.page}
        pageCount={result.pageCount}
        total={result.total}
        pageSize={result.pageSize}
        noun="entries"
      />
    </>
  );
}
