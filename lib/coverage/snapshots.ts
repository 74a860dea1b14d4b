// Coverage snapshots in PostgreSQL: one per registry change (inside the change's own transaction, so a change and
// its figures land together) and one per discovery run. Snapshots keep counts, not lists; only the latest keeps
// its gaps, so 90 days of history stay small.
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { discoveryCounts } from '../discovery/coverage-input';
import type { Registry } from '../registry/model';
import type { Dimension, DimensionKey } from './board-types';
import { coverageFigures, type Counts, type TeamCounts } from './figures';

type Client = Db | Prisma.TransactionClient;
export type SnapshotTrigger = 'registry' | 'discovery' | 'initial';

export interface StoredGaps {
  [key: string]: Pick<Dimension, 'gaps' | 'gapCount'>;
}

export interface Snapshot {
  at: Date;
  values: Counts;
  teams: TeamCounts[];
  gaps: StoredGaps | null;
  discoveryRunAt: Date | null;
}

/** Computes the figures of `registry` (with the latest discovery run) and stores them as the newest snapshot. */
export async function recordCoverageSnapshot(db: Client, registry: Registry, trigger: SnapshotTrigger, at = new Date()): Promise<void> {
  const discovery = await discoveryCounts(db, registry);
  const figures = coverageFigures(registry, discovery);
  const gaps: StoredGaps = Object.fromEntries(figures.dimensions.map((d) => [d.key, { gaps: d.gaps, gapCount: d.gapCount }]));
  await db.$executeRaw`UPDATE "CoverageSnapshot" SET gaps = NULL WHERE gaps IS NOT NULL`;
  await db.coverageSnapshot.create({
    data: {
      at,
      trigger,
      values: figures.counts as unknown as Prisma.InputJsonValue,
      teams: figures.teamCounts as unknown as Prisma.InputJsonValue,
      gaps: gaps as unknown as Prisma.InputJsonValue,
      discoveryRunAt: discovery?.runAt ?? null,
    },
  });
}

function toSnapshot(row: { at: Date; values: unknown; teams: unknown; gaps: unknown; discoveryRunAt: Date | null }): Snapshot {
  return { at: row.at, values: row.values as Counts, teams: row.teams as TeamCounts[], gaps: (row.gaps as StoredGaps | null) ?? null, discoveryRunAt: row.discoveryRunAt };
}

/** The newest snapshot by time (ids only break ties: rows written out of time order, e.g. a backfill, stay behind). */
export async function latestSnapshot(db: Client): Promise<Snapshot | null> {
  const row = await db.coverageSnapshot.findFirst({ orderBy: [{ at: 'desc' }, { id: 'desc' }] });
  return row ? toSnapshot(row) : null;
}

/** The newest snapshot taken at or before `at` (for "change over 7 days"). */
export async function snapshotAt(db: Client, at: Date): Promise<Pick<Snapshot, 'at' | 'values'> | null> {
  const row = await db.coverageSnapshot.findFirst({ where: { at: { lte: at } }, orderBy: { at: 'desc' }, select: { at: true, values: true } });
  return row ? { at: row.at, values: row.values as Counts } : null;
}

/** The last snapshot of each UTC day since `since`, oldest first: one point per day, however many changes. */
export async function dailySnapshots(db: Client, since: Date): Promise<{ day: string; values: Counts }[]> {
  const rows = await db.$queryRaw<{ day: Date; values: Counts }[]>`
    SELECT DISTINCT ON (date_trunc('day', at AT TIME ZONE 'UTC')) date_trunc('day', at AT TIME ZONE 'UTC') AS day, "values"
    FROM "CoverageSnapshot"
    WHERE at >= ${since}
    ORDER BY date_trunc('day', at AT TIME ZONE 'UTC'), at DESC`;
  return rows.map((r) => ({ day: r.day.toISOString().slice(0, 10), values: r.values }));
}

export const ratioKeys = (values: Counts) => Object.keys(values) as DimensionKey[];
