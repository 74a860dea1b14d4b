// The counts on the overview page: what the registry holds and where monitoring is missing.
import { db } from '@/lib/db/client';
import { SERVICE_TYPES, type ServiceType } from './model';
import { serviceTypeFromDb } from './rows';

export interface Overview {
  services: { total: number; byType: Record<ServiceType, number>; withoutAlerts: number };
  pages: number;
  endpoints: { total: number; withoutSlo: number };
  templates: number;
  /** `top`: the owners with the most services, for a short breakdown */
  owners: { total: number; top: { name: string; services: number }[] };
}

const TOP_OWNERS = 8;

export async function getOverview(): Promise<Overview> {
  const client = db();
  const [byType, withoutAlerts, pages, endpoints, withoutSlo, templates, ownerCount, topOwners] = await Promise.all([
    client.service.groupBy({ by: ['type'], _count: { _all: true } }),
    client.service.count({ where: { alertKeys: { isEmpty: true } } }),
    client.page.count(),
    client.apiEndpoint.count(),
    client.apiEndpoint.count({ where: { sloLatencyMs: null, sloAvailability: null } }),
    client.alertTemplate.count(),
    client.owner.count(),
    client.owner.findMany({
      select: { name: true, _count: { select: { services: true } } },
      orderBy: [{ services: { _count: 'desc' } }, { name: 'asc' }],
      take: TOP_OWNERS,
    }),
  ]);
  const counts = Object.fromEntries(SERVICE_TYPES.map((t) => [t, 0])) as Record<ServiceType, number>;
  for (const g of byType) counts[serviceTypeFromDb(g.type)] = g._count._all;
  return {
    services: {
      total: Object.values(counts).reduce((a, b) => a + b, 0),
      byType: counts,
      withoutAlerts,
    },
    pages,
    endpoints: { total: endpoints, withoutSlo },
    templates,
    owners: { total: ownerCount, top: topOwners.map((o) => ({ name: o.name, services: o._count.services })) },
  };
}
