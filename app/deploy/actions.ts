'use server';
// Deploy page actions: what a push would change, push, and roll back to an earlier push. Pushing and rolling
// back answer as soon as the push is recorded; the page follows its progress per target.
import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/auth/action';
import { startPush, type StartPushResult } from '@/lib/deploy/push';
import { pushPreview, type PushPreview } from '@/lib/deploy/push-preview';

type Bad = { ok: false; formError: string };

function answer(started: StartPushResult): { ok: true; pushId: number } | Bad {
  if (started.ok) {
    revalidatePath('/deploy');
    return { ok: true, pushId: started.pushId };
  }
  const problems = started.reason === 'busy' ? [] : started.problems;
  return { ok: false, formError: problems.length > 0 ? `${started.message}: ${problems.join('; ')}` : `${started.message}.` };
}

/** The drift per target and the check's verdict for the registry as it is now. */
export const previewAction = defineAction('viewer', async ({ db }): Promise<PushPreview> => pushPreview(db));

export const pushAction = defineAction('editor', async ({ actor, db }) => answer(await startPush(db, { actor, kind: 'push' })));

/** `pushId`: the earlier push (status ok) whose files are pushed again. */
export const rollbackAction = defineAction('editor', async ({ actor, db }, pushId: unknown) => {
  if (typeof pushId !== 'number' || !Number.isSafeInteger(pushId) || pushId < 1) return { ok: false as const, formError: 'Choose a push to roll back to.' };
  return answer(await startPush(db, { actor, kind: 'rollback', rollbackOf: pushId }));
});
