'use server';
// The bulk-edit page's preview: how many of the selected services the change would really alter. Read-only, but
// editor-only like the edit itself (it is part of editing). The edit is app/actions/registry.ts bulkEditServicesAction.
import { defineAction } from '@/lib/auth/action';
import { previewBulkEdit, type BulkPreview } from '@/lib/registry/bulk-queries';
import { parseBulkInput } from '@/lib/registry/edit-input';

/** `input`: the same shape as bulkEditServicesAction's { names, addAlerts?, removeAlerts?, owner?, monitoring? } */
export const previewBulkEditAction = defineAction('editor', async ({ db }, input: unknown): Promise<BulkPreview> => {
  const parsed = parseBulkInput(input);
  if (!parsed.ok) return parsed;
  return previewBulkEdit(db, parsed.value);
});
