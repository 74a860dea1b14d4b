// Pushes in PostgreSQL (DeployPush): the row written when a push starts, its per-target progress while it runs,
// and the final status with its audit entry in one transaction. The push itself never queries; push.ts calls these.
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/roles';
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { filesFromJson, shortHash, type PushKind, type PushStatus, type PushTargetEntry } from './push-model';
import type { GeneratedFile } from '../generate/types';

export interface PushRow {
  id: number;
  kind: PushKind;
  actorName: string;
  startedAt: Date;
  finishedAt: Date | null;
  status: PushStatus;
  registryRevision: string;
  contentHash: string;
  fileCount: number;
  targets: PushTargetEntry[];
  rollbackOfId: number | null;
  error: string | null;
}

const SUMMARY_SELECT = {
  id: true,
  kind: true,
  actorName: true,
  startedAt: true,
  finishedAt: true,
  status: true,
  registryRevision: true,
  contentHash: true,
  targets: true,
  rollbackOfId: true,
  error: true,
} as const;

type SummaryRecord = Prisma.DeployPushGetPayload<{ select: typeof SUMMARY_SELECT }>;

function toRow(r: SummaryRecord, fileCount: number): PushRow {
  return { ...r, kind: r.kind as PushKind, status: r.status as PushStatus, targets: r.targets as unknown as PushTargetEntry[], fileCount };
}

const json = (value: unknown) => value as Prisma.InputJsonValue;

/** Marks pushes left 'running' by a replica that died: the caller holds the push lock, so none really runs. */
export async function abandonOrphanedPushes(db: Db): Promise<number> {
  const { count } = await db.deployPush.updateMany({
    where: { status: 'running' },
    data: { status: 'abandoned', finishedAt: new Date(), error: 'the app stopped during this push; what the targets run is unknown (see their results)' },
  });
  return count;
}

export async function createPush(
  db: Db,
  input: { kind: PushKind; actorName: string; registryRevision: string; contentHash: string; files: readonly GeneratedFile[]; targets: PushTargetEntry[]; rollbackOfId?: number },
): Promise<number> {
  const row = await db.deployPush.create({
    data: {
      kind: input.kind,
      actorName: input.actorName,
      status: 'running',
      registryRevision: input.registryRevision,
      contentHash: input.contentHash,
      files: json(input.files.map((f) => ({ path: f.path, content: f.content }))),
      targets: json(input.targets),
      rollbackOfId: input.rollbackOfId ?? null,
    },
    select: { id: true },
  });
  return row.id;
}

export async function savePushProgress(db: Db, id: number, targets: readonly PushTargetEntry[]): Promise<void> {
  await db.deployPush.update({ where: { id }, data: { targets: json(targets) } });
}

/** The final row and its audit entry, together or not at all. */
export async function finishPush(
  db: Db,
  actor: Actor,
  id: number,
  data: { kind: PushKind; status: Exclude<PushStatus, 'running'>; targets: readonly PushTargetEntry[]; contentHash: string; registryRevision: string; rollbackOfId?: number; error?: string },
): Promise<void> {
  const verb = data.kind === 'rollback' ? `Rollback to push ${data.rollbackOfId}` : 'Push';
  const perTarget = data.targets.map((t) => `${t.name} ${t.status}`).join(', ');
  await db.$transaction(async (tx) => {
    await tx.deployPush.update({
      where: { id },
      data: { status: data.status, targets: json(data.targets), finishedAt: new Date(), error: data.error ?? null },
    });
    await recordAudit(tx, actor, {
      action: data.kind === 'rollback' ? 'deploy.rollback' : 'deploy.push',
      summary: `${verb} #${id} (${shortHash(data.contentHash)}): ${data.status}${perTarget ? ` (${perTarget})` : ''}${data.error ? `: ${data.error}` : ''}`,
      changes: [
        {
          section: 'deploy',
          key: `push ${id}`,
          op: 'added',
          after: {
            kind: data.kind,
            status: data.status,
            registryRevision: data.registryRevision,
            contentHash: data.contentHash,
            ...(data.rollbackOfId ? { rollbackOf: data.rollbackOfId } : {}),
            targets: data.targets.map((t) => ({ name: t.name, status: t.status, detail: t.detail })),
          },
        },
      ],
    });
  });
}

async function fileCounts(db: Db, ids: number[]): Promise<Map<number, number>> {
  if (ids.length === 0) return new Map();
  const rows = await db.$queryRaw<{ id: number; n: number }[]>`
    SELECT id, jsonb_array_length(files)::int AS n FROM "DeployPush" WHERE id = ANY(${ids}::int[])`;
  return new Map(rows.map((r) => [r.id, r.n]));
}

export interface PushPage {
  rows: PushRow[];
  /** 1-based; may be past pageCount (then rows is empty) */
  page: number;
  pageSize: number;
  pageCount: number;
  total: number;
}

/** One page of the history, newest first; without the files (a tree can be tens of MB). */
export async function listPushes(db: Db, page = 1, pageSize = 50): Promise<PushPage> {
  const [rows, total] = await Promise.all([
    db.deployPush.findMany({ select: SUMMARY_SELECT, orderBy: { id: 'desc' }, skip: (page - 1) * pageSize, take: pageSize }),
    db.deployPush.count(),
  ]);
  const counts = await fileCounts(db, rows.map((r) => r.id));
  return { rows: rows.map((r) => toRow(r, counts.get(r.id) ?? 0)), page, pageSize, pageCount: Math.max(1, Math.ceil(total / pageSize)), total };
}

export async function getPush(db: Db, id: number): Promise<PushRow | null> {
  const row = await db.deployPush.findUnique({ where: { id }, select: SUMMARY_SELECT });
  if (!row) return null;
  return toRow(row, (await fileCounts(db, [id])).get(id) ?? 0);
}

export async function runningPush(db: Db): Promise<PushRow | null> {
  const row = await db.deployPush.findFirst({ where: { status: 'running' }, select: SUMMARY_SELECT, orderBy: { id: 'desc' } });
  return row ? toRow(row, 0) : null;
}

/** The last push every target took: the one a re-push of the same content is "the same as". */
export async function lastSuccessfulPush(db: Db): Promise<{ id: number; contentHash: string } | null> {
  return db.deployPush.findFirst({ where: { status: 'ok' }, select: { id: true, contentHash: true }, orderBy: { id: 'desc' } });
}

/** An earlier push's files, for a rollback. */
export async function pushFiles(db: Db, id: number): Promise<{ status: PushStatus; registryRevision: string; files: GeneratedFile[] | string } | null> {
  const row = await db.deployPush.findUnique({ where: { id }, select: { status: true, registryRevision: true, files: true } });
  return row ? { status: row.status as PushStatus, registryRevision: row.registryRevision, files: filesFromJson(row.files) } : null;
}
