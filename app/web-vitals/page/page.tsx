import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { editHref } from '@/lib/registry/entry-href';
import { ERRORS_DEFAULTS, parsePagePath, parseVitalsParams, rumHref, VITALS_DEFAULTS, type SearchParams } from '@/lib/rum/rum-params';
import { loadPageVitals } from '@/lib/rum/vitals-queries';
import { PageHeader } from '@/components/ui/PageHeader';
import { ParamProblems } from '@/components/list/ListNotices';
import { DeviceTable, TopPathsTable } from '@/components/rum/PageDetailTables';
import { Section } from '@/components/ui/Section';
import { VitalsChoices } from '@/components/rum/VitalsChoices';
import { VitalTiles } from '@/components/rum/VitalTiles';
import { VitalTrendCharts } from '@/components/rum/VitalTrendCharts';
import { fmtCount, TOO_FEW, windowNote } from '@/components/rum/vital-format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Web Vitals of a page' };

export default async function PageVitalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const sp = await searchParams;
  const problems: string[] = [];
  const path = parsePagePath(sp, 'path', problems);
  await requirePageRole('viewer', path ? `/web-vitals/page?path=${encodeURIComponent(path)}` : '/web-vitals');
  if (!path) notFound();
  const parsed = parseVitalsParams(sp);
  const { params } = parsed;
  const d = await loadPageVitals(db(), path, params);
  if (!d) notFound();
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={rumHref('/web-vitals', { ...params }, VITALS_DEFAULTS)}>← All pages</Link>
      </p>
      <PageHeader
        title={`Web Vitals: ${d.page.name}`}
        description={
          <>
            Registered page <code className="font-mono text-xs">{d.page.path}</code>
            {d.page.webVitals ? '' : ' (its registry entry has web_vitals off)'}.
          </>
        }
        actions={
          <p className="flex gap-4 text-sm">
            <Link href={rumHref('/errors', { page: d.page.path, range: params.range === '90d' ? '30d' : params.range }, ERRORS_DEFAULTS)}>Errors on this page</Link>
            <Link href={editHref('pages', d.page.path)}>Registry entry</Link>
          </p>
        }
      />
      <ParamProblems problems={[...problems, ...parsed.problems]} resetHref={rumHref('/web-vitals/page', { path })} />
      <VitalsChoices base="/web-vitals/page" params={params} keep={{ path }} />
      <p className="mb-6 text-sm text-slate-600">
        {windowNote(params.range, params.device, d.retentionDays, d.rolledUntil)} {fmtCount(d.views)} page views.
      </p>
      <Section id="summary" title="Summary">
        <VitalTiles figures={d.overall} />
      </Section>
      <Section id="trend" title="Trend" note={`p75 per ${d.window.granularity}; periods with ${TOO_FEW} are left out. Dashed lines: the good and poor thresholds.`}>
        <VitalTrendCharts trend={d.trend} />
      </Section>
      <Section id="devices" title="Per device class" note="All device classes, whatever the filter above.">
        <DeviceTable rows={d.byDevice} />
      </Section>
      <Section id="paths" title="Paths" note="The paths seen that matched this page's pattern, most viewed first (at most 10).">
        <TopPathsTable paths={d.topPaths} />
      </Section>
    </>
  );
}
