'use server';
// Discovery page actions: start a scan, and ignore / stop ignoring a workload or a stale service. Removing a stale
// service is the registry's own delete action (audited, refused while in use). Ignores are audited too.
import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/auth/action';
import { parseIgnoreInput } from '@/lib/discovery/ignore-input';
import { startDiscovery } from '@/lib/discovery/runner';
import { setIgnored } from '@/lib/discovery/ignores';

type Bad = { ok: false; formError: string };

/** "Scan now": answers as soon as the run is recorded; the page follows its progress. */
export const startScanAction = defineAction('editor', async ({ actor, db }): Promise<{ ok: true; runId: number } | Bad> => {
  const started = await startDiscovery(db, { trigger: 'manual', actorName: actor.name });
  if (started.ok) return { ok: true, runId: started.runId };
  if (started.reason === 'busy') return { ok: false, formError: `${started.message}.` };
  return { ok: false, formError: `${started.message}: ${started.problems.join('; ')}` };
});

/** `input`: { kind: 'workload' | 'service', key, reason? } */
export const ignoreAction = defineAction('editor', async ({ actor, db }, input: unknown): Promise<{ ok: true } | Bad> => {
  const parsed = parseIgnoreInput(input);
  if (!parsed.ok) return parsed;
  const result = await setIgnored(db, actor, parsed.value, true);
  if (result.ok) revalidatePath('/discovery');
  return result;
});

/** `input`: { kind, key } */
export const unignoreAction = defineAction('editor', async ({ actor, db }, input: unknown): Promise<{ ok: true } | Bad> => {
  const parsed = parseIgnoreInput(input);
  if (!parsed.ok) return parsed;
  const result = await setIgnored(db, actor, parsed.value, false);
  if (result.ok) revalidatePath('/discovery');
  return result;
});
