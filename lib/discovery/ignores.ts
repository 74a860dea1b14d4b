// "Ignore" and "Stop ignoring" on the Discovery page: the choice and its audit entry in one transaction, so the
// audit log says who hid which workload or stale service, and when.
import { recordAudit } from '../audit/record';
import type { Actor } from '../auth/roles';
import type { Db } from '../db/client';
import type { IgnoreInput } from './ignore-input';
import { addIgnore, removeIgnore } from './store';

export type IgnoreResult = { ok: true } | { ok: false; formError: string };

export async function setIgnored(db: Db, actor: Actor, input: IgnoreInput, ignored: boolean): Promise<IgnoreResult> {
  const what = `${input.kind === 'workload' ? 'workload' : 'stale service'} ${input.key}`;
  return db.$transaction(async (tx) => {
    if (ignored) {
      await addIgnore(tx, input.kind, input.key, actor.name, input.reason);
    } else if (!(await removeIgnore(tx, input.kind, input.key))) {
      return { ok: false as const, formError: `${input.key} was not ignored.` };
    }
    const record = { kind: input.kind, key: input.key, ...(input.reason ? { reason: input.reason } : {}) };
    await recordAudit(tx, actor, {
      action: ignored ? 'discovery.ignore' : 'discovery.unignore',
      summary: `${ignored ? 'ignored' : 'stopped ignoring'} ${what}`,
      changes: [{ section: 'discovery', key: `${input.kind}:${input.key}`, op: ignored ? 'added' : 'removed', ...(ignored ? { after: record } : { before: record }) }],
    });
    return { ok: true as const };
  });
}
