// Edits from the browser as plans over the current registry: save (create, update, rename) or delete one entry,
// or bulk-edit many services. Pure: lib/registry/edit-store.ts runs a plan inside the import's transaction and
// lock, so a plan always sees the registry as it is at that moment.
//
// Optimistic concurrency: an edit carries the entry as the form loaded it (`base`). If the stored entry differs
// by the time of saving, someone else changed it: the save is refused with both versions instead of overwriting.
import { checkDraft, describeSection, IDENTITY_FIELDS, type Draft, type Entry, type FieldErrors } from './entry-draft';
import type { PendingProblem } from './locate';
import { entryKey, type Registry, type Section, type ServiceMonitoring } from './model';
import { canonicalRegistry } from './normalize';
import { checkRules } from './rules';
import { registryFileSchema } from './schema';

export type Refusal =
  | { kind: 'invalid'; fieldErrors: FieldErrors; formError?: string }
  | { kind: 'conflict'; base: unknown; theirs: unknown; yours: unknown; message: string }
  | { kind: 'not-found'; formError: string }
  | { kind: 'in-use'; formError: string; usedBy: string[] };

export type Plan = { ok: true; next: Registry; key: string | null; summary: string } | { ok: false; refusal: Refusal };

export interface SaveRequest {
  section: Section;
  /** the key of the entry being edited; absent when creating */
  originalKey?: string;
  /** the entry as the form loaded it; required when editing */
  base?: unknown;
  draft: Draft;
}

export interface DeleteRequest {
  section: Section;
  key: string;
  base?: unknown;
}

const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
const find = (reg: Registry, section: Section, key: string) =>
  (reg[section] as unknown[]).find((e) => entryKey(section, e) === key);

const LIST_LIMIT = 10;
const listNames = (names: string[]) =>
  names.length <= LIST_LIMIT ? names.join(', ') : `${names.slice(0, LIST_LIMIT).join(', ')} and ${names.length - LIST_LIMIT} more`;

/** Services and pages that use a template, and services that name an owner or run on a host. */
export function templateUsers(reg: Registry, key: string): string[] {
  return [
    ...reg.services.filter((s) => s.alerts.includes(key)).map((s) => `service ${s.name}`),
    ...reg.pages.filter((p) => p.alerts.includes(key)).map((p) => `page ${p.path}`),
  ];
}

export function ownerUsers(reg: Registry, name: string): string[] {
  return reg.services.filter((s) => s.owner === name).map((s) => `service ${s.name}`);
}

/**
 * Services that run on a host. `by: 'name'` counts only those naming it by its name (what a rename breaks);
 * 'name or address' also those giving its address (deleting the host takes their SSH details away).
 */
export function hostUsers(reg: Registry, name: string, by: 'name' | 'name or address' = 'name or address'): string[] {
  const address = by === 'name' ? undefined : reg.hosts.find((h) => h.name === name)?.address;
  return reg.services.filter((s) => s.host !== undefined && (s.host === name || s.host === address)).map((s) => `service ${s.name}`);
}

function usersOf(reg: Registry, section: Section, key: string, purpose: 'rename' | 'delete'): string[] {
  if (section === 'alert_templates') return templateUsers(reg, key);
  if (section === 'owners') return ownerUsers(reg, key);
  if (section === 'hosts') return hostUsers(reg, key, purpose === 'rename' ? 'name' : 'name or address');
  return [];
}

function conflict(base: unknown, theirs: unknown, yours: unknown, section: Section, key: string): Plan {
  const what = `${describeSection(section)} ${JSON.stringify(key)}`;
  const message = theirs
    ? `${what} was changed by someone else after you opened it. Compare the two versions, then save again to keep yours.`
    : `${what} was deleted by someone else after you opened it.`;
  return { ok: false, refusal: { kind: 'conflict', base, theirs: theirs ?? null, yours, message } };
}

export function planSave(current: Registry, req: SaveRequest): Plan {
  const { section } = req;
  const editing = req.originalKey !== undefined;
  const existing = editing ? find(current, section, req.originalKey!) : undefined;
  const takenKeys = (current[section] as unknown[]).map((e) => entryKey(section, e)).filter((k) => k !== req.originalKey);
  const check = checkDraft(section, req.draft, {
    ownerNames: current.owners.map((o) => o.name),
    templateKeys: current.alert_templates.map((t) => t.key),
    takenKeys,
  });
  if (editing && !same(existing ?? null, req.base ?? null)) {
    return conflict(req.base, existing, check.ok ? check.entry : req.draft, section, req.originalKey!);
  }
  if (!check.ok) return { ok: false, refusal: { kind: 'invalid', fieldErrors: check.errors } };

  const renamed = editing && check.key !== req.originalKey;
  if (renamed) {
    const users = usersOf(current, section, req.originalKey!, 'rename');
    if (users.length > 0) {
      const field = IDENTITY_FIELDS[section][0] ?? 'name';
      return {
        ok: false,
        refusal: {
          kind: 'invalid',
          fieldErrors: { [field]: `cannot rename: used by ${listNames(users)}. Create the new one, move them, then delete this one.` },
        },
      };
    }
  }
  const list = (current[section] as Entry<Section>[]).filter((e) => !editing || entryKey(section, e) !== req.originalKey);
  list.push(check.entry);
  // checkDraft ran the import's checks on this entry against the current lists (owners, templates, taken keys);
  // the rest of the registry is unchanged and was valid, so the whole is valid without re-checking 10,000 entries.
  const next = canonicalRegistry({ ...current, [section]: list } as Registry);
  const verb = !editing ? 'created' : renamed ? `renamed from ${JSON.stringify(req.originalKey)}` : 'updated';
  return { ok: true, next, key: check.key, summary: `${describeSection(section)} ${JSON.stringify(check.key)} ${verb}` };
}

export function planDelete(current: Registry, req: DeleteRequest): Plan {
  const { section, key } = req;
  const existing = find(current, section, key);
  if (!existing) {
    return { ok: false, refusal: { kind: 'not-found', formError: `${describeSection(section)} ${JSON.stringify(key)} does not exist (any more)` } };
  }
  if (req.base !== undefined && !same(existing, req.base)) return conflict(req.base, existing, null, section, key);
  const users = usersOf(current, section, key, 'delete');
  if (users.length > 0) {
    return {
      ok: false,
      refusal: {
        kind: 'in-use',
        usedBy: users,
        formError: `${describeSection(section)} ${JSON.stringify(key)} is in use by ${listNames(users)}; change those first`,
      },
    };
  }
  const list = (current[section] as unknown[]).filter((e) => entryKey(section, e) !== key);
  const next = { ...current, [section]: list } as Registry;
  return { ok: true, next, key, summary: `${describeSection(section)} ${JSON.stringify(key)} deleted` };
}

export interface BulkServiceEdit {
  names: string[];
  addAlerts?: string[];
  removeAlerts?: string[];
  owner?: string;
  monitoring?: Partial<ServiceMonitoring>;
}

export const BULK_LIMIT = 5_000;

/** Many services at once: one plan, one transaction, one audit entry. */
export function planBulk(current: Registry, req: BulkServiceEdit): Plan {
  const fieldErrors: FieldErrors = {};
  const names = [...new Set(req.names)];
  if (names.length === 0) fieldErrors.names = 'select at least one service';
  if (names.length > BULK_LIMIT) fieldErrors.names = `select at most ${BULK_LIMIT} services at a time`;
  const byName = new Map(current.services.map((s) => [s.name, s]));
  const missing = names.filter((n) => !byName.has(n));
  if (missing.length > 0) fieldErrors.names = `no longer in the registry: ${listNames(missing)}`;
  const templates = new Set(current.alert_templates.map((t) => t.key));
  const unknown = [...(req.addAlerts ?? []), ...(req.removeAlerts ?? [])].filter((k) => !templates.has(k));
  if (unknown.length > 0) fieldErrors.alerts = `unknown alert templates: ${listNames(unknown)}`;
  const both = (req.addAlerts ?? []).filter((k) => req.removeAlerts?.includes(k));
  if (both.length > 0) fieldErrors.alerts = `both added and removed: ${listNames(both)}`;
  if (req.owner !== undefined && !current.owners.some((o) => o.name === req.owner)) {
    fieldErrors.owner = `owner ${JSON.stringify(req.owner)} does not exist; create it under Owners first`;
  }
  const nothing = !req.addAlerts?.length && !req.removeAlerts?.length && req.owner === undefined && !Object.keys(req.monitoring ?? {}).length;
  if (nothing) fieldErrors.changes = 'choose at least one change';
  if (Object.keys(fieldErrors).length > 0) return { ok: false, refusal: { kind: 'invalid', fieldErrors } };

  const chosen = new Set(names);
  const services = current.services.map((s) => {
    if (!chosen.has(s.name)) return s;
    let alerts = s.alerts.filter((k) => !req.removeAlerts?.includes(k));
    for (const k of req.addAlerts ?? []) if (!alerts.includes(k)) alerts = [...alerts, k];
    return { ...s, alerts, owner: req.owner ?? s.owner, monitoring: { ...s.monitoring, ...req.monitoring } };
  });
  const next = canonicalRegistry({ ...current, services });
  // Only the chosen services changed: check those (shape and rules) against the current owners and templates.
  const changed = next.services.filter((s) => chosen.has(s.name));
  const problems = registryProblems({ ...next, services: changed, pages: [], api_endpoints: [] });
  if (problems.length > 0) {
    return { ok: false, refusal: { kind: 'invalid', fieldErrors: {}, formError: problems.slice(0, 5).map((p) => p.message).join('; ') } };
  }
  const parts = [
    req.addAlerts?.length && `added alerts ${req.addAlerts.join(', ')}`,
    req.removeAlerts?.length && `removed alerts ${req.removeAlerts.join(', ')}`,
    req.owner !== undefined && `owner set to ${req.owner}`,
    Object.keys(req.monitoring ?? {}).length &&
      `monitoring ${Object.entries(req.monitoring!).map(([k, v]) => `${k} ${v ? 'on' : 'off'}`).join(', ')}`,
  ].filter(Boolean);
  return { ok: true, next, key: null, summary: `bulk edit of ${names.length} services: ${parts.join('; ')}` };
}

/** The import's checks on a whole registry (shape and cross-entry rules): what a plan must never break. */
export function registryProblems(reg: Registry): PendingProblem[] {
  const problems: PendingProblem[] = [];
  const shaped = registryFileSchema.safeParse(reg);
  if (!shaped.success) problems.push(...shaped.error.issues.map((i) => ({ path: i.path as (string | number)[], message: i.message })));
  problems.push(...checkRules(reg as unknown as Record<string, unknown>, { defaultTemplates: [] }));
  return problems;
}
