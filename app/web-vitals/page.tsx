import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { parseVitalsParams, type SearchParams } from '@/lib/rum/rum-params';
import { loadVitalsOverview } from '@/lib/rum/vitals-queries';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState, ParamProblems } from '@/components/list/ListNotices';
import { Section } from '@/components/ui/Section';
import { VitalsChoices } from '@/components/rum/VitalsChoices';
import { VitalTiles } from '@/components/rum/VitalTiles';
import { UnmeasuredPages, VitalsTable } from '@/components/rum/VitalsTable';
import { VitalTrendCharts } from '@/components/rum/VitalTrendCharts';
import { fmtCount, TOO_FEW, windowNote } from '@/components/rum/vital-format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Web Vitals' };

export default async function WebVitalsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('viewer', '/web-vitals');
  const { params, problems } = parseVitalsParams(await searchParams);
  const o = await loadVitalsOverview(db(), params);
  return (
    <>
      <PageHeader
        title="Web Vitals"
        description="How fast the registered pages are for real users: the 75th percentile of each Core Web Vital, judged against Google's thresholds, from the browsers' beacons."
        actions={
          <p className="flex gap-4 text-sm">
            <Link href="/unknown-pages">Unknown pages</Link>
            <Link href="/errors">Errors</Link>
          </p>
        }
      />
      <ParamProblems problems={problems} resetHref="/web-vitals" />
      <VitalsChoices base="/web-vitals" params={params} />
      <p className="mb-6 text-sm text-slate-600">
        {windowNote(params.range, params.device, o.retentionDays, o.rolledUntil)} {fmtCount(o.views)} page views.
      </p>
      {o.measured.length === 0 ? (
        <EmptyState title="No Web Vitals from registered pages in this range.">
          Beacons arrive once a registered page loads the monitoring client; paths that match no registered page are on the <Link href="/unknown-pages">Unknown pages</Link> list.
        </EmptyState>
      ) : (
        <>
          <Section id="all-pages" title="All registered pages" note={`Every sample from every registered page together. A p75 needs at least ${TOO_FEW.replace('fewer than ', '')}.`}>
            <VitalTiles figures={o.overall} />
          </Section>
          <Section id="trend" title="Trend" note={`p75 per ${o.window.granularity}; periods with ${TOO_FEW} are left out. The dashed lines are the thresholds: good below the green one, poor above the red one.`}>
            <VitalTrendCharts trend={o.trend} />
          </Section>
          <Section id="pages" title="Per page" note="Most viewed first. The bar under each figure is the share of samples that were good, needed improvement, or were poor. A page's name opens its detail.">
            <VitalsTable pages={o.measured} params={params} />
          </Section>
        </>
      )}
      <UnmeasuredPages pages={o.unmeasured} params={params} />
    </>
  );
}
