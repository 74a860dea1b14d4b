import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { ERROR_GROUPS_LIMIT, loadErrorGroups } from '@/lib/rum/errors-queries';
import { ERROR_KINDS, ERROR_RANGE_KEYS, ERRORS_DEFAULTS, parseErrorsParams, RANGES, rumHref, type ErrorsParams, type SearchParams } from '@/lib/rum/rum-params';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState, ParamProblems } from '@/components/list/ListNotices';
import { ErrorGroupsTable } from '@/components/rum/ErrorGroupsTable';
import { ChoiceBar, ChoiceGroup } from '@/components/rum/RumControls';
import { fmtCount } from '@/components/rum/vital-format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Errors' };

const KIND_LABELS = { all: 'Both', error: 'Errors', fetch: 'Failed fetches' } as const;

export default async function ErrorsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('viewer', '/errors');
  const { params, problems } = parseErrorsParams(await searchParams);
  const v = await loadErrorGroups(db(), params);
  const href = (change: Partial<ErrorsParams>) => rumHref('/errors', { ...params, ...change }, ERRORS_DEFAULTS);
  const days = RANGES[params.range].days;
  return (
    <>
      <PageHeader
        title="Errors"
        description="Uncaught errors, unhandled rejections and failed fetches in real users' browsers, grouped by what they are (fingerprint) and the page they happened on."
        actions={
          <Link href="/web-vitals" className="text-sm">
            Web Vitals
          </Link>
        }
      />
      <ParamProblems problems={problems} resetHref="/errors" />
      <ChoiceBar>
        <ChoiceGroup label="Range" choices={ERROR_RANGE_KEYS.map((r) => ({ label: RANGES[r].label.replace('Last ', ''), href: href({ range: r }), current: params.range === r }))} />
        <ChoiceGroup label="Kind" choices={ERROR_KINDS.map((k) => ({ label: KIND_LABELS[k], href: href({ kind: k }), current: params.kind === k }))} />
      </ChoiceBar>
      {params.page && (
        <p className="mb-3 text-sm">
          Only page <code className="font-mono text-xs">{params.page}</code>. <Link href={href({ page: null })}>Show every page</Link>
        </p>
      )}
      <p className="mb-4 text-sm text-slate-600" data-testid="errors-totals">
        {RANGES[params.range].label}: {fmtCount(v.totals.errors)} errors and {fmtCount(v.totals.fetches)} failed fetches in {fmtCount(v.totals.groups)} groups
        (counts are estimates where beacons were sampled).
        {days > v.retentionDays && ` Raw events are kept ${v.retentionDays} days, so older ones are not here.`}
      </p>
      {v.groups.length === 0 ? (
        <EmptyState title="No errors or failed fetches in this range." />
      ) : (
        <>
          <ErrorGroupsTable groups={v.groups} />
          {v.totals.groups > v.groups.length && (
            <p className="mt-2 text-sm text-slate-600">
              The {ERROR_GROUPS_LIMIT} most frequent groups of {fmtCount(v.totals.groups)}; narrow the range, kind or page to see others.
            </p>
          )}
        </>
      )}
    </>
  );
}
