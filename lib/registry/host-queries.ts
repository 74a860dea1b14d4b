// The hosts list: every host with how many services run on it (naming it by name or by address). Hosts number in
// the tens or hundreds, so two queries and no paging.
import { db, type Db } from '@/lib/db/client';
import type { Host } from './model';
import { hostFromRow } from './rows';

export interface HostRow extends Host {
  services: number;
}

export async function listHosts(database: Db = db()): Promise<HostRow[]> {
  const hosts = (await database.host.findMany({ orderBy: { name: 'asc' } })).map(hostFromRow);
  const wanted = [...new Set(hosts.flatMap((h) => [h.name, h.address]))];
  const counts = wanted.length
    ? await database.service.groupBy({ by: ['host'], where: { host: { in: wanted } }, _count: { _all: true } })
    : [];
  const byHost = new Map(counts.map((c) => [c.host, c._count._all]));
  return hosts.map((h) => ({
    ...h,
    services: (byHost.get(h.name) ?? 0) + (h.address !== h.name ? (byHost.get(h.address) ?? 0) : 0),
  }));
}
