// POST /api/v1/templates/preview: the rule an alert template draft (saved or not) gives one service or page.
//   body     { draft: { key, alert, expr, for, severity, summary, auto_repair?, runbook_url? },
//              target: { kind: 'service' | 'page', name } }        (name: the service's name or the page's path)
//   200      { ok: true, yaml, notes, file }   the rule as generate() would write it into `file`
//            { ok: false, problems: [{ field?, offset?, message }] }   the draft cannot become a rule (yet)
//   400 malformed body; 404 no such service/page; 413 body too large; 401/403 not a viewer
// The route handler calls this and returns what it gives.
import { z } from 'zod';
import { requireRouteRole } from '../auth/guard';
import { db, type Db } from '../db/client';
import { loadAppSettings, type Env } from '../generate/app-settings';
import { previewFileOf, previewTemplateRule, type PreviewTarget } from '../generate/template-preview';
import { BodyNotTextError, BodyTooLargeError, readTextBody } from '../http/body';
import { guarded, json } from '../http/responses';
import { checkDraft, type Draft } from '../registry/entry-draft';
import { pageFromRow, serviceFromRow } from '../registry/rows';

export const PREVIEW_MAX_BYTES = 64 * 1024;

export interface PreviewDeps {
  database?: () => Db;
  env?: Env;
}

const draftValue = z.union([z.string().max(20_000), z.boolean(), z.array(z.string().max(200)).max(500)]);
export const previewRequestSchema = z.strictObject({
  draft: z.record(z.string().max(64), draftValue).refine((d) => Object.keys(d).length <= 40, 'too many fields'),
  target: z.strictObject({ kind: z.enum(['service', 'page']), name: z.string().min(1).max(4_096) }),
});
export type PreviewRequest = z.infer<typeof previewRequestSchema>;

const bad = (message: string) => json({ error: `malformed request: ${message}` }, 400);

/** The body as a checked request, or the 400/413 response that says what is wrong with it. */
async function readRequest(request: Request): Promise<PreviewRequest | Response> {
  let text: string;
  try {
    text = await readTextBody(request, PREVIEW_MAX_BYTES);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return json({ error: `the body is larger than the limit of ${PREVIEW_MAX_BYTES} bytes` }, 413);
    if (error instanceof BodyNotTextError) return bad(error.message);
    throw error;
  }
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    return bad('the body is not JSON; send {"draft": {...}, "target": {"kind": "service", "name": "..."}}');
  }
  const parsed = previewRequestSchema.safeParse(data);
  if (parsed.success) return parsed.data;
  const where = (p: PropertyKey[]) => (p.length ? p.map(String).join('.') : 'the body');
  return bad(parsed.error.issues.slice(0, 3).map((i) => `${where(i.path)}: ${i.message}`).join('; '));
}

async function findTarget(database: Db, kind: 'service' | 'page', name: string): Promise<PreviewTarget | null> {
  if (kind === 'service') {
    const row = await database.service.findUnique({ where: { name }, include: { owner: { select: { name: true } } } });
    if (!row) return null;
    const service = serviceFromRow(row);
    // a host given by its registry name previews with its address, as the generator writes it
    const host = service.host === undefined ? null : await database.host.findUnique({ where: { name: service.host }, select: { address: true } });
    return { kind, service: host ? { ...service, host: host.address } : service };
  }
  const row = await database.page.findUnique({ where: { path: name } });
  return row && { kind, page: pageFromRow(row) };
}

export function postTemplatePreviewResponse(request: Request, deps: PreviewDeps = {}): Promise<Response> {
  return guarded('template preview API', async () => {
    const database = (deps.database ?? db)();
    // before the body is read: an unauthorised caller gets its 401/403 without uploading anything
    const who = await requireRouteRole(request, 'viewer', database);
    if (who instanceof Response) return who;
    const body = await readRequest(request);
    if (body instanceof Response) return body;

    // the same checks as the form and the import (no "key taken": previewing a copy is fine)
    const checked = checkDraft('alert_templates', body.draft as Draft);
    if (!checked.ok) {
      return json({ ok: false, problems: Object.entries(checked.errors).map(([field, message]) => ({ field, message })) });
    }
    const target = await findTarget(database, body.target.kind, body.target.name);
    if (!target) return json({ error: `no ${body.target.kind} ${JSON.stringify(body.target.name)} in the registry` }, 404);
    const settings = await loadAppSettings(deps.env);
    if (!settings.ok) {
      return json({ error: 'the generator settings file is invalid', settings: { file: settings.file, problems: settings.problems } }, 500);
    }
    const preview = previewTemplateRule(checked.entry, target, settings.settings);
    return json(preview.ok ? { ...preview, file: previewFileOf(target) } : preview);
  });
}
