import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import type { SearchParams } from '@/lib/registry/queries';
import { loadRegistry } from '@/lib/registry/store';
import { loadSloPage } from '@/lib/slo/slo-report';
import type { SloRow } from '@/lib/slo/slo-rows';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState, ParamProblems } from '@/components/list/ListNotices';
import { SloChart } from '@/components/slo/SloChart';
import { NotConfigured, PrometheusFailed, SloSettingsError } from '@/components/slo/SloNotices';
import { SloTable, SloTargetTable } from '@/components/slo/SloTable';
import { dateTime } from '@/components/slo/slo-format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'SLOs' };

const DESCRIPTION =
  'Every API endpoint with its SLO targets and, from Prometheus, what was measured over the SLO window: the SLI, the error budget left and how fast it burns now. Least budget left first.';

function Stat({ label, value }: { label: string; value: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-xl font-semibold text-slate-900 tabular-nums">{value}</dd>
    </div>
  );
}

function NoEndpoints() {
  return (
    <EmptyState title="No API endpoints in the registry yet.">
      Add them with <Link href="/endpoints/new">a form</Link> or in the registry YAML (<code>api_endpoints</code>, with <code>slo_availability</code> and{' '}
      <code>slo_latency_ms</code>).
    </EmptyState>
  );
}

const count = (rows: SloRow[], ...statuses: SloRow['status'][]) => rows.filter((r) => statuses.includes(r.status)).length.toLocaleString('en-US');

export default async function SloPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('viewer', '/slo');
  const params = await searchParams;
  const chart = typeof params.chart === 'string' && params.chart !== '' ? params.chart : undefined;
  const page = await loadSloPage({ loadRegistry: () => loadRegistry(db()), chart });
  const header = <PageHeader title="SLOs" description={DESCRIPTION} />;

  if (page.state === 'settings-invalid') {
    return (
      <>
        {header}
        <SloSettingsError file={page.file} problems={page.problems} />
      </>
    );
  }
  if (page.state !== 'ok') {
    return (
      <>
        {header}
        {page.state === 'not-configured' ? <NotConfigured /> : <PrometheusFailed url={page.url} error={page.error} />}
        {page.rows.length === 0 ? <NoEndpoints /> : <SloTargetTable rows={page.rows} />}
      </>
    );
  }

  const { rows, period, chart: charted } = page;
  return (
    <>
      {header}
      <ParamProblems problems={page.chartProblem ? [page.chartProblem] : []} resetHref="/slo" />
      <dl className="mb-6 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-5">
        <Stat label="SLOs measured" value={count(rows, 'ok', 'low', 'exhausted')} />
        <Stat label="Budget spent" value={count(rows, 'exhausted')} />
        <Stat label="Budget low" value={count(rows, 'low')} />
        <Stat label="No traffic" value={count(rows, 'no-data')} />
        <Stat label="SLO window" value={period} />
      </dl>
      <p className="mb-3 text-sm text-slate-600">
        From <code className="font-mono text-xs">{page.url}</code>, evaluated at {dateTime(page.at.getTime())}.
      </p>
      {rows.length === 0 ? <NoEndpoints /> : <SloTable rows={rows} period={period} charted={charted?.id ?? null} />}
      <section aria-labelledby="slo-chart" className="mt-8">
        <h2 id="slo-chart" className="mb-3 text-base font-semibold text-slate-900">
          {charted ? `Over time: ${charted.title}` : 'Over time'}
        </h2>
        {charted ? <SloChart chart={charted} /> : <p className="text-sm text-slate-600">No SLO has traffic in this window, so there is nothing to chart.</p>}
      </section>
    </>
  );
}
