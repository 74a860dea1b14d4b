// Writes the audit log: one entry per operation, one change row per entity it touched (before and after in
// the registry's YAML shape). Always inside the caller's transaction, so a change and its record land together.
import type { Prisma } from '../db/generated/client';
import type { Actor } from '../auth/roles';

export type AuditSection = 'services' | 'pages' | 'api_endpoints' | 'alert_templates' | 'owners' | 'hosts' | 'users' | 'tokens' | 'discovery' | 'deploy';
export type AuditOp = 'added' | 'changed' | 'removed';

export interface AuditChangeInput {
  section: AuditSection;
  key: string;
  op: AuditOp;
  before?: unknown;
  after?: unknown;
}

export interface AuditInput {
  action: string;
  summary: string;
  changes: AuditChangeInput[];
}

type Tx = Prisma.TransactionClient;

/** Records an operation; returns its entry id. Changes go in one set-based insert (an import may have thousands). */
export async function recordAudit(tx: Tx, actor: Actor, input: AuditInput): Promise<number> {
  const entry = await tx.auditEntry.create({
    data: {
      actorKind: actor.kind,
      actorId: actor.id,
      actorName: actor.name,
      action: input.action,
      summary: input.summary.slice(0, 1000),
    },
    select: { id: true },
  });
  if (input.changes.length > 0) {
    const rows = input.changes.map((c) => ({
      section: c.section,
      key: c.key,
      op: c.op,
      before: c.before === undefined ? null : c.before,
      after: c.after === undefined ? null : c.after,
    }));
    await tx.$executeRaw`
      INSERT INTO "AuditChange" ("entryId", section, key, op, before, after)
      SELECT ${entry.id}, x.section, x.key, x.op, x.before, x.after
      FROM jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) AS x(section text, key text, op text, before jsonb, after jsonb)`;
  }
  return entry.id;
}
