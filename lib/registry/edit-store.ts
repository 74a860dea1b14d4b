// Runs the edit plans of ./edit.ts against PostgreSQL: one transaction under the registry lock, the audit record
// written with the change. What forms and server actions call.
import type { Actor } from '../auth/roles';
import type { Db } from '../db/client';
import type { Section } from './model';
import { planBulk, planDelete, planSave, type BulkServiceEdit, type DeleteRequest, type Refusal, type SaveRequest } from './edit';
import { changeRegistry } from './store';

export type EditResult = { ok: true; key: string | null; changed: boolean } | ({ ok: false } & Refusal);

const ACTION: Record<Section, string> = {
  services: 'services',
  pages: 'pages',
  api_endpoints: 'api_endpoints',
  alert_templates: 'alert_templates',
  owners: 'owners',
  hosts: 'hosts',
};

export async function saveEntry(db: Db, actor: Actor, req: SaveRequest): Promise<EditResult> {
  let key: string | null = null;
  const verb = req.originalKey === undefined ? 'create' : 'update';
  const outcome = await changeRegistry<Refusal>(
    db,
    (current) => {
      const plan = planSave(current, req);
      if (plan.ok) key = plan.key;
      return plan.ok ? { ok: true, next: plan.next, summary: plan.summary } : plan;
    },
    { audit: { actor, action: `${ACTION[req.section]}.${verb}` }, revisions: false },
  );
  if (!outcome.ok) return { ok: false, ...outcome.refusal };
  return { ok: true, key, changed: !outcome.diff.empty };
}

export async function deleteEntry(db: Db, actor: Actor, req: DeleteRequest): Promise<EditResult> {
  const outcome = await changeRegistry<Refusal>(
    db,
    (current) => {
      const plan = planDelete(current, req);
      return plan.ok ? { ok: true, next: plan.next, summary: plan.summary } : plan;
    },
    { audit: { actor, action: `${ACTION[req.section]}.delete` }, revisions: false },
  );
  if (!outcome.ok) return { ok: false, ...outcome.refusal };
  return { ok: true, key: req.key, changed: !outcome.diff.empty };
}

export async function bulkEditServices(db: Db, actor: Actor, req: BulkServiceEdit): Promise<EditResult> {
  const outcome = await changeRegistry<Refusal>(
    db,
    (current) => {
      const plan = planBulk(current, req);
      return plan.ok ? { ok: true, next: plan.next, summary: plan.summary } : plan;
    },
    { audit: { actor, action: 'services.bulk' }, revisions: false },
  );
  if (!outcome.ok) return { ok: false, ...outcome.refusal };
  return { ok: true, key: null, changed: !outcome.diff.empty };
}
