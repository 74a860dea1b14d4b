// The owners list: every owner with how many services name it. Owners number in the tens or hundreds (teams),
// so one query with a per-owner count, no paging.
import { db, type Db } from '@/lib/db/client';

export interface OwnerRow {
  name: string;
  display_name?: string;
  email?: string;
  services: number;
}

export async function listOwners(database: Db = db()): Promise<OwnerRow[]> {
  const rows = await database.owner.findMany({
    orderBy: { name: 'asc' },
    select: { name: true, displayName: true, email: true, _count: { select: { services: true } } },
  });
  return rows.map((o) => ({
    name: o.name,
    ...(o.displayName !== null && { display_name: o.displayName }),
    ...(o.email !== null && { email: o.email }),
    services: o._count.services,
  }));
}
