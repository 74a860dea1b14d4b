// Runs the edit plans of ./edit.ts against PostgreSQL: one transaction under the registry lock, the audit record
// written with the change. What forms and server actions call.
import type { Actor } from '../auth/roles';
import type { Db } from '../db/client';
import type { Registry } from './model';
import { planBulk, planDelete, planSave, type BulkServiceEdit, type DeleteRequest, type Plan, type Refusal, type SaveRequest } from './edit';
import { changeRegistry } from './store';

export type EditResult = { ok: true; key: string | null; changed: boolean } | ({ ok: false } & Refusal);

/** Runs one plan in the import's transaction and lock, audited as `action`; refusals write nothing. */
async function runPlan(db: Db, actor: Actor, action: string, plan: (current: Registry) => Plan, key: () => string | null): Promise<EditResult> {
  const outcome = await changeRegistry<Refusal>(
    db,
    (current) => {
      const planned = plan(current);
      return planned.ok ? { ok: true, next: planned.next, summary: planned.summary } : planned;
    },
    { audit: { actor, action }, revisions: false },
  );
  if (!outcome.ok) return { ok: false, ...outcome.refusal };
  return { ok: true, key: key(), changed: !outcome.diff.empty };
}

export async function saveEntry(db: Db, actor: Actor, req: SaveRequest): Promise<EditResult> {
  let key: string | null = null;
  const verb = req.originalKey === undefined ? 'create' : 'update';
  return runPlan(
    db,
    actor,
    `${req.section}.${verb}`,
    (current) => {
      const plan = planSave(current, req);
      if (plan.ok) key = plan.key;
      return plan;
    },
    () => key,
  );
}

export function deleteEntry(db: Db, actor: Actor, req: DeleteRequest): Promise<EditResult> {
  return runPlan(db, actor, `${req.section}.delete`, (current) => planDelete(current, req), () => req.key);
}

export function bulkEditServices(db: Db, actor: Actor, req: BulkServiceEdit): Promise<EditResult> {
  return runPlan(db, actor, 'services.bulk', (current) => planBulk(current, req), () => null);
}
