// What the template editor pages need from the database, in one call: the template as stored (the form's
// `base`), its draft, the other keys, who uses it, and every service and page for the preview's picker.
import type { Db } from '../db/client';
import { templateUsers } from '../registry/edit';
import { loadEditContext } from '../registry/edit-context';
import { draftFromEntry, emptyDraft, type Draft } from '../registry/entry-draft';
import type { AlertTemplate } from '../registry/model';
import { parseTemplateUsers, type TemplateUser } from './users';

export interface TemplateEditorData {
  /** null when creating, or when the key names no template (the page says so) */
  entry: AlertTemplate | null;
  draft: Draft;
  takenKeys: string[];
  users: TemplateUser[];
  services: string[];
  pages: string[];
}

export async function loadTemplateEditor(db: Db, key: string | null): Promise<TemplateEditorData> {
  const ctx = await loadEditContext(db, 'alert_templates', key);
  const entry = ctx.entry as AlertTemplate | null;
  return {
    entry,
    draft: entry ? draftFromEntry('alert_templates', entry) : emptyDraft('alert_templates'),
    takenKeys: ctx.templateKeys.filter((k) => k !== key),
    users: entry ? parseTemplateUsers(templateUsers(ctx.registry, entry.key)) : [],
    services: ctx.registry.services.map((s) => s.name),
    pages: ctx.registry.pages.map((p) => p.path),
  };
}
