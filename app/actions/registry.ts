'use server';
// Server actions for registry edits. Each checks the caller's role on the server (defineAction), then calls one
// function in lib/registry/edit-store.ts. Callers get a result object; they never see a thrown error for bad input.
import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/auth/action';
import { parseBulkInput, parseDeleteInput, parseSaveInput } from '@/lib/registry/edit-input';
import { bulkEditServices, deleteEntry, saveEntry, type EditResult } from '@/lib/registry/edit-store';
import { listHrefOf } from '@/lib/registry/entry-href';

type Bad = { ok: false; kind: 'invalid'; fieldErrors: Record<string, string>; formError?: string };

/** Create or update one entry. `input`: { section, originalKey?, base?, draft } (see lib/registry/edit-input.ts). */
export const saveEntryAction = defineAction('editor', async ({ actor, db }, input: unknown): Promise<EditResult | Bad> => {
  const parsed = parseSaveInput(input);
  if (!parsed.ok) return parsed;
  const result = await saveEntry(db, actor, parsed.value);
  if (result.ok) refresh(listHrefOf(parsed.value.section));
  return result;
});

/** Delete one entry. `input`: { section, key, base? } */
export const deleteEntryAction = defineAction('editor', async ({ actor, db }, input: unknown): Promise<EditResult | Bad> => {
  const parsed = parseDeleteInput(input);
  if (!parsed.ok) return parsed;
  const result = await deleteEntry(db, actor, parsed.value);
  if (result.ok) refresh(listHrefOf(parsed.value.section));
  return result;
});

/** Bulk-edit services. `input`: { names, addAlerts?, removeAlerts?, owner?, monitoring? } */
export const bulkEditServicesAction = defineAction('editor', async ({ actor, db }, input: unknown): Promise<EditResult | Bad> => {
  const parsed = parseBulkInput(input);
  if (!parsed.ok) return parsed;
  const result = await bulkEditServices(db, actor, parsed.value);
  if (result.ok) refresh('/services');
  return result;
});

function refresh(path: string) {
  revalidatePath(path);
  revalidatePath('/');
  revalidatePath('/audit');
}
