import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { getOverview } from '@/lib/registry/overview';
import { SERVICE_TYPES } from '@/lib/registry/model';
import { PageHeader } from '@/components/ui/PageHeader';
import { Breakdown, StatCard } from '@/components/overview/StatCard';

export const dynamic = 'force-dynamic';

export default async function OverviewPage() {
  await requirePageRole('viewer', '/');
  const o = await getOverview();
  const empty = o.services.total + o.pages + o.endpoints.total + o.templates + o.owners.total === 0;

  return (
    <>
      <PageHeader title="Overview" description="What the service registry holds, and where monitoring is still missing." />
      {empty && (
        <p className="mb-6 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-950">
          The registry is empty. Load a registry YAML on the <Link href="/registry">Import / Export</Link> page.
        </p>
      )}

      <section aria-labelledby="registry-counts">
        <h2 id="registry-counts" className="mb-3 text-base font-semibold text-slate-900">
          Registry
        </h2>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <StatCard label="Services" value={o.services.total} href="/services">
            <Breakdown items={SERVICE_TYPES.map((t) => ({ label: t, value: o.services.byType[t], href: `/services?type=${t}` }))} />
          </StatCard>
          <StatCard label="Pages" value={o.pages} href="/pages" />
          <StatCard label="API endpoints" value={o.endpoints.total} href="/endpoints" />
          <StatCard label="Alert templates" value={o.templates} href="/templates" />
          <StatCard label="Owners" value={o.owners.total} href="/services?sort=owner&dir=asc">
            {o.owners.top.length > 0 && (
              <Breakdown
                items={o.owners.top.map((w) => ({
                  label: w.name,
                  value: w.services,
                  href: `/services?owner=${encodeURIComponent(w.name)}`,
                }))}
              />
            )}
          </StatCard>
        </div>
      </section>

      <section aria-labelledby="coverage-gaps" className="mt-8">
        <h2 id="coverage-gaps" className="mb-3 text-base font-semibold text-slate-900">
          Gaps
        </h2>
        <div className="grid grid-cols-1 gap-4 sm:grid-cols-2 lg:grid-cols-3">
          <StatCard label="Services without alerts" value={o.services.withoutAlerts} href="/services?alerts=none" tone="attention" />
          <StatCard label="Endpoints without SLO" value={o.endpoints.withoutSlo} href="/endpoints?slo=none" tone="attention" />
        </div>
      </section>
    </>
  );
}
