// Discovery in PostgreSQL: runs (with per-target progress), every workload ever seen (first/last seen), and the
// "Ignore" choices made on the Discovery page. The scan itself never touches the database; the runner calls these.
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { workloadKey } from './reconcile';
import type { DiscoverySource, TargetResult, Workload } from './types';

/** The app's client or a transaction's (coverage snapshots read discovery inside the registry's transaction). */
type Client = Db | Prisma.TransactionClient;

export type RunStatus = 'running' | 'ok' | 'partial' | 'failed' | 'abandoned';
export type TargetState = 'pending' | 'running' | 'ok' | 'failed' | 'skipped';

/** A target as stored on its run: no workloads (they live in DiscoveredWorkload), just how it went. */
export interface RunTarget {
  source: DiscoverySource;
  target: string;
  state: TargetState;
  error?: string;
  durationMs?: number;
  workloads?: number;
}

export interface RunRow {
  id: number;
  trigger: string;
  actorName: string | null;
  status: RunStatus;
  startedAt: Date;
  finishedAt: Date | null;
  durationMs: number | null;
  targets: RunTarget[];
  error: string | null;
  unregistered: number;
  newUnregistered: number;
  stale: number;
  matched: number;
  notifications: { channel: string; ok: boolean; attempts: number; error?: string }[];
}

function toRow(r: Prisma.DiscoveryRunGetPayload<object>): RunRow {
  return {
    ...r,
    status: r.status as RunStatus,
    targets: r.targets as unknown as RunTarget[],
    notifications: r.notifications as unknown as RunRow['notifications'],
  };
}

/** Marks runs left 'running' by a replica that died: we hold the lock, so none of them is really running. */
export async function abandonOrphanedRuns(db: Db): Promise<number> {
  const { count } = await db.discoveryRun.updateMany({
    where: { status: 'running' },
    data: { status: 'abandoned', finishedAt: new Date(), error: 'the app stopped during this scan' },
  });
  return count;
}

export async function createRun(db: Db, input: { trigger: string; actorName?: string; targets: RunTarget[] }): Promise<number> {
  const run = await db.discoveryRun.create({
    data: { trigger: input.trigger, actorName: input.actorName ?? null, status: 'running', targets: input.targets as unknown as Prisma.InputJsonValue },
    select: { id: true },
  });
  return run.id;
}

export async function saveProgress(db: Db, id: number, targets: RunTarget[]): Promise<void> {
  await db.discoveryRun.update({ where: { id }, data: { targets: targets as unknown as Prisma.InputJsonValue, heartbeatAt: new Date() } });
}

export async function finishRun(
  db: Db,
  id: number,
  data: Pick<RunRow, 'status' | 'targets' | 'durationMs' | 'unregistered' | 'newUnregistered' | 'stale' | 'matched'> & { error?: string },
): Promise<void> {
  await db.discoveryRun.update({
    where: { id },
    data: { ...data, targets: data.targets as unknown as Prisma.InputJsonValue, finishedAt: new Date(), heartbeatAt: new Date() },
  });
}

export async function saveNotifications(db: Db, id: number, notifications: RunRow['notifications']): Promise<void> {
  await db.discoveryRun.update({ where: { id }, data: { notifications: notifications as unknown as Prisma.InputJsonValue } });
}

/**
 * Upserts every workload the successful targets saw, in one statement. Returns the keys seen for the first
 * time ever (xmax = 0 marks a row this statement inserted rather than updated).
 */
export async function recordWorkloads(db: Db, runId: number, results: TargetResult[], at = new Date()): Promise<Set<string>> {
  const rows = results
    .filter((r) => r.status === 'ok')
    .flatMap((r) => r.workloads)
    .map((w) => ({
      key: workloadKey(w),
      source: w.source,
      location: w.location,
      name: w.name,
      kind: w.kind,
      image: w.image ?? null,
      status: w.status,
      healthy: w.healthy,
      labels: w.labels,
      annotations: w.annotations,
      ports: w.ports ?? null,
    }));
  if (rows.length === 0) return new Set();
  const upserted = await db.$queryRaw<{ key: string; inserted: boolean }[]>`
    INSERT INTO "DiscoveredWorkload" (key, source, location, name, kind, image, status, healthy, labels, annotations, ports,
                                      "firstSeenAt", "lastSeenAt", "lastRunId")
    SELECT DISTINCT ON (x.key) x.key, x.source, x.location, x.name, x.kind, x.image, x.status, x.healthy, x.labels, x.annotations, x.ports,
           ${at}, ${at}, ${runId}
    FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
      AS x(key text, source text, location text, name text, kind text, image text, status text, healthy boolean,
           labels jsonb, annotations jsonb, ports text)
    ON CONFLICT (key) DO UPDATE SET
      kind = EXCLUDED.kind, image = EXCLUDED.image, status = EXCLUDED.status, healthy = EXCLUDED.healthy,
      labels = EXCLUDED.labels, annotations = EXCLUDED.annotations, ports = EXCLUDED.ports,
      "lastSeenAt" = EXCLUDED."lastSeenAt", "lastRunId" = EXCLUDED."lastRunId"
    RETURNING key, (xmax = 0) AS inserted`;
  return new Set(upserted.filter((r) => r.inserted).map((r) => r.key));
}

export async function markNotified(db: Db, keys: string[], at = new Date()): Promise<void> {
  if (keys.length === 0) return;
  await db.discoveredWorkload.updateMany({ where: { key: { in: keys } }, data: { notifiedAt: at } });
}

export async function latestFinishedRun(db: Client): Promise<RunRow | null> {
  const run = await db.discoveryRun.findFirst({ where: { status: { in: ['ok', 'partial', 'failed'] } }, orderBy: { id: 'desc' } });
  return run ? toRow(run) : null;
}

export async function runningRun(db: Db): Promise<RunRow | null> {
  const run = await db.discoveryRun.findFirst({ where: { status: 'running' }, orderBy: { id: 'desc' } });
  return run ? toRow(run) : null;
}

export async function getRun(db: Db, id: number): Promise<RunRow | null> {
  const run = await db.discoveryRun.findUnique({ where: { id } });
  return run ? toRow(run) : null;
}

export async function listRuns(db: Db, limit = 50): Promise<RunRow[]> {
  return (await db.discoveryRun.findMany({ orderBy: { id: 'desc' }, take: limit })).map(toRow);
}

export interface SeenWorkload extends Workload {
  firstSeenAt: Date;
  lastSeenAt: Date;
}

/** The run's targets rebuilt as results: their stored status plus the workloads that run saw. */
export async function resultsOfRun(db: Client, run: RunRow): Promise<{ results: TargetResult[]; seen: Map<string, SeenWorkload> }> {
  const rows = await db.discoveredWorkload.findMany({ where: { lastRunId: run.id } });
  const seen = new Map<string, SeenWorkload>();
  for (const r of rows) {
    seen.set(r.key, {
      source: r.source as DiscoverySource,
      location: r.location,
      name: r.name,
      kind: r.kind,
      ...(r.image ? { image: r.image } : {}),
      status: r.status,
      healthy: r.healthy,
      labels: r.labels as Record<string, string>,
      annotations: r.annotations as Record<string, string>,
      ...(r.ports ? { ports: r.ports } : {}),
      firstSeenAt: r.firstSeenAt,
      lastSeenAt: r.lastSeenAt,
    });
  }
  const results: TargetResult[] = run.targets
    .filter((t) => t.state === 'ok' || t.state === 'failed')
    .map((t) => ({
      source: t.source,
      target: t.target,
      status: t.state === 'ok' ? 'ok' : 'failed',
      ...(t.error ? { error: t.error } : {}),
      durationMs: t.durationMs ?? 0,
      workloads: [...seen.values()].filter((w) => w.source === t.source && (t.target === '*' || w.location === t.target)),
    }));
  return { results, seen };
}

export type IgnoreKind = 'workload' | 'service';

export async function loadIgnores(db: Client): Promise<{ workloads: Set<string>; services: Set<string> }> {
  const rows = await db.discoveryIgnore.findMany({ select: { kind: true, key: true } });
  return {
    workloads: new Set(rows.filter((r) => r.kind === 'workload').map((r) => r.key)),
    services: new Set(rows.filter((r) => r.kind === 'service').map((r) => r.key)),
  };
}

export async function listIgnores(db: Db) {
  return db.discoveryIgnore.findMany({ orderBy: { createdAt: 'desc' } });
}

export async function addIgnore(db: Client, kind: IgnoreKind, key: string, createdBy: string, reason?: string): Promise<void> {
  await db.discoveryIgnore.upsert({
    where: { kind_key: { kind, key } },
    create: { kind, key, createdBy, reason: reason ?? null },
    update: {},
  });
}

export async function removeIgnore(db: Client, kind: IgnoreKind, key: string): Promise<boolean> {
  const { count } = await db.discoveryIgnore.deleteMany({ where: { kind, key } });
  return count > 0;
}
