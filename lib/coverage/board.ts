// The coverage board: the latest snapshot's figures, each with its change over 7 days, the daily trend and the
// per-team table. Reads snapshots only (never the whole registry), so it stays fast at 10,000 services; a database
// without any snapshot yet gets one first.
import type { Db } from '../db/client';
import { loadRegistry } from '../registry/store';
import { DIMENSION_KEYS, type CoverageBoard, type Dimension, type TrendPoint } from './board-types';
import { dimensionLabel, ratioFromCounts, teamRow } from './figures';
import { coverageStatus } from './report';
import { dailySnapshots, latestSnapshot, recordCoverageSnapshot, snapshotAt, type Snapshot } from './snapshots';

const DAY = 24 * 60 * 60 * 1000;

export async function getCoverageBoard(db: Db, options: { trendDays?: number; now?: Date } = {}): Promise<CoverageBoard> {
  const now = options.now ?? new Date();
  let latest = await latestSnapshot(db);
  if (!latest?.gaps) {
    await recordCoverageSnapshot(db, await loadRegistry(db), 'initial', now);
    latest = (await latestSnapshot(db))!;
  }
  const [weekAgo, daily] = await Promise.all([
    snapshotAt(db, new Date(now.getTime() - 7 * DAY)),
    dailySnapshots(db, new Date(now.getTime() - (options.trendDays ?? 30) * DAY)),
  ]);
  return boardFrom(latest, weekAgo?.values ?? null, daily);
}

/** Pure: the board from stored snapshots. */
export function boardFrom(latest: Snapshot, weekAgo: Snapshot['values'] | null, daily: { day: string; values: Snapshot['values'] }[]): CoverageBoard {
  const dimensions: Dimension[] = DIMENSION_KEYS.map((key) => {
    const counts = latest.values[key] ?? { covered: 0, total: 0 };
    const ratio = ratioFromCounts(counts);
    const before = weekAgo ? ratioFromCounts(weekAgo[key]) : null;
    const gaps = latest.gaps?.[key] ?? { gaps: [], gapCount: 0 };
    return {
      key,
      ...dimensionLabel(key),
      covered: counts.covered,
      total: counts.total,
      ratio,
      status: ratio === null ? null : coverageStatus(ratio),
      change7d: ratio === null || before === null ? null : ratio - before,
      ...gaps,
    };
  });
  const trend: TrendPoint[] = daily.map((d) => ({
    day: d.day,
    values: Object.fromEntries(DIMENSION_KEYS.map((k) => [k, ratioFromCounts(d.values[k])])),
  }));
  return {
    at: latest.at.toISOString(),
    dimensions,
    teams: latest.teams.map(teamRow),
    trend,
    discoveryRunAt: latest.discoveryRunAt?.toISOString() ?? null,
  };
}
