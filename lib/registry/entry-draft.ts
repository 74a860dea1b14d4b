// One registry entry as a form holds it (a flat draft of strings, booleans and key lists), and the checks a
// form runs as you type: the SAME zod shapes and cross-field rules as the YAML import, run on a one-entry file.
// Pure and browser-safe: the form (live) and the server action (authoritative) both call it.
import type { z } from 'zod';
import type { DataPath, PendingProblem } from './locate';
import { entryKey, type Registry, type Section } from './model';
import { registryFromFile } from './normalize';
import { checkRules } from './rules';
import { alertTemplateSchema, apiEndpointSchema, hostSchema, ownerSchema, pageSchema, serviceSchema } from './schema';

export type DraftValue = string | boolean | string[];
export type Draft = Record<string, DraftValue>;
export type Entry<S extends Section> = Registry[S][number];
export type FieldErrors = Record<string, string>;

const TEXT = 'text';
const NUMBER = 'number';
const FLAG = 'flag';
const LIST = 'list';
type Kind = typeof TEXT | typeof NUMBER | typeof FLAG | typeof LIST;

/** The form fields of each section, in form order, and what each holds. */
export const DRAFT_FIELDS: { [S in Section]: Record<string, Kind> } = {
  services: {
    name: TEXT, type: TEXT, owner: TEXT, namespace: TEXT, host: TEXT, port: NUMBER, health_endpoint: TEXT, service_name: TEXT,
    prometheus: FLAG, sentry: FLAG, otel: FLAG, langfuse: FLAG, alerts: LIST,
  },
  pages: { path: TEXT, name: TEXT, sentry_session: FLAG, web_vitals: FLAG, alerts: LIST },
  api_endpoints: { method: TEXT, path: TEXT, critical: FLAG, slo_latency_ms: NUMBER, slo_availability: NUMBER },
  alert_templates: {
    key: TEXT, alert: TEXT, expr: TEXT, for: TEXT, severity: TEXT, summary: TEXT, auto_repair: TEXT, runbook_url: TEXT,
  },
  owners: { name: TEXT, display_name: TEXT, email: TEXT },
  hosts: { name: TEXT, address: TEXT, ssh_port: NUMBER, ssh_user: TEXT, ssh_key: TEXT },
};

/** The fields that name an entry (its identity in the section). */
export const IDENTITY_FIELDS: Record<Section, readonly string[]> = {
  services: ['name'],
  pages: ['path'],
  api_endpoints: ['method', 'path'],
  alert_templates: ['key'],
  owners: ['name'],
  hosts: ['name'],
};

const MONITORING: Partial<Record<Section, readonly string[]>> = {
  services: ['prometheus', 'sentry', 'otel', 'langfuse'],
  pages: ['sentry_session', 'web_vitals'],
};

/** Fields a service type does not have: the form hides them, so their leftover values are dropped, not refused. */
const HIDDEN_FOR_TYPE: Record<string, readonly string[]> = {
  'k8s-deployment': ['host', 'service_name'],
  docker: ['namespace', 'service_name'],
  systemd: ['namespace'],
};

const SCHEMAS: Record<Section, z.ZodType> = {
  services: serviceSchema,
  pages: pageSchema,
  api_endpoints: apiEndpointSchema,
  alert_templates: alertTemplateSchema,
  owners: ownerSchema,
  hosts: hostSchema,
};

export function emptyDraft(section: Section): Draft {
  const draft: Draft = {};
  for (const [field, kind] of Object.entries(DRAFT_FIELDS[section])) draft[field] = kind === FLAG ? false : kind === LIST ? [] : '';
  if (section === 'services') draft.type = 'k8s-deployment';
  if (section === 'api_endpoints') draft.method = 'GET';
  if (section === 'alert_templates') draft.severity = 'warning';
  return draft;
}

export function draftFromEntry<S extends Section>(section: S, entry: Entry<S>): Draft {
  const draft = emptyDraft(section);
  const e = entry as unknown as Record<string, unknown>;
  const monitoring = (e.monitoring ?? {}) as Record<string, unknown>;
  for (const [field, kind] of Object.entries(DRAFT_FIELDS[section])) {
    const value = MONITORING[section]?.includes(field) ? monitoring[field] : e[field];
    if (value === undefined || value === null) continue;
    draft[field] = kind === FLAG ? value === true : kind === LIST ? [...(value as string[])] : String(value);
  }
  return draft;
}

/**
 * A new entry's form filled from query parameters (e.g. Discovery's "Register": `?name=grafana&type=docker&host=edge`,
 * or Unknown pages' "Register page": `?path=/teams/[id]&name=Teams detail`).
 * Only text and number fields are taken, each at most 200 characters; everything is still checked before saving.
 */
export function prefillDraft(section: Section, params: Record<string, string | string[] | undefined>): Draft | null {
  const draft = emptyDraft(section);
  let any = false;
  for (const [field, kind] of Object.entries(DRAFT_FIELDS[section])) {
    const value = params[field];
    if (typeof value !== 'string' || value.length === 0 || value.length > 200 || (kind !== TEXT && kind !== NUMBER)) continue;
    draft[field] = value;
    any = true;
  }
  if (any && section === 'services') draft.prometheus = true;
  // The Unknown pages list's "Register page": the page came from real users' beacons, so it wants Web Vitals.
  if (any && section === 'pages') draft.web_vitals = true;
  return any ? draft : null;
}

/** A number field: whole/decimal numbers become numbers; anything else stays text so the check can say what it got. */
function numberFrom(text: string): number | string {
  const t = text.trim();
  return /^-?\d+(\.\d+)?$/.test(t) ? Number(t) : t;
}

/** The draft in the registry file's shape (what the YAML import would read), before any check. */
export function rawFromDraft(section: Section, draft: Draft): Record<string, unknown> {
  const raw: Record<string, unknown> = {};
  const monitoring: Record<string, boolean> = {};
  const hidden = section === 'services' ? (HIDDEN_FOR_TYPE[String(draft.type)] ?? []) : [];
  for (const [field, kind] of Object.entries(DRAFT_FIELDS[section])) {
    const value = draft[field];
    if (hidden.includes(field)) continue;
    if (kind === FLAG) {
      const flag = value === true;
      if (MONITORING[section]?.includes(field)) monitoring[field] = flag;
      else raw[field] = flag;
    } else if (kind === LIST) {
      raw[field] = Array.isArray(value) ? value.filter((v) => v !== '') : [];
    } else if (typeof value === 'string' && value.trim() !== '') {
      raw[field] = kind === NUMBER ? numberFrom(value) : field === 'expr' || field === 'summary' ? value : value.trim();
    }
  }
  if (MONITORING[section]) raw.monitoring = monitoring;
  return raw;
}

/** The form field a problem's data path (inside one entry) belongs to. */
export function fieldOf(path: DataPath): string {
  if (path[0] === 'monitoring' && typeof path[1] === 'string') return path[1];
  return String(path[0] ?? '');
}

export interface EntryContext {
  /** owners a service may name (all of them: the form offers a list) */
  ownerNames?: readonly string[];
  /** template keys a service or page may use */
  templateKeys?: readonly string[];
  /** keys already taken in this section (creating or renaming onto one is refused) */
  takenKeys?: readonly string[];
}

export type EntryCheck<S extends Section> = { ok: true; entry: Entry<S>; key: string } | { ok: false; errors: FieldErrors };

/** Checks one draft the way the import checks an entry of a file, plus "is that key free". */
export function checkDraft<S extends Section>(section: S, draft: Draft, ctx: EntryContext = {}): EntryCheck<S> {
  const raw = rawFromDraft(section, draft);
  const errors: FieldErrors = {};
  const add = (path: DataPath, message: string) => {
    const field = fieldOf(path);
    if (!(field in errors)) errors[field] = message;
  };
  const shaped = SCHEMAS[section].safeParse(raw, { reportInput: true });
  if (!shaped.success) for (const issue of shaped.error.issues) add(issue.path as DataPath, issue.message);

  const file: Record<string, unknown> = { [section]: [raw] };
  if (section !== 'owners' && ctx.ownerNames) file.owners = ctx.ownerNames.map((name) => ({ name }));
  if (section !== 'alert_templates' && ctx.templateKeys) file.alert_templates = ctx.templateKeys.map((key) => ({ key }));
  for (const p of checkRules(file, { defaultTemplates: [] }) as PendingProblem[]) {
    if (p.path[0] !== section || p.path[1] !== 0) continue;
    const field = p.path[2];
    // The import words reference problems for a YAML file ("this file's alert_templates section..."); a form
    // checks against the registry in the database, so say that, or skip when the caller gave no registry names.
    if (field === 'alerts') {
      if (!ctx.templateKeys) continue;
      const key = (raw as { alerts?: unknown[] }).alerts?.[Number(p.path[3])];
      add(p.path.slice(2), `alert template ${JSON.stringify(key)} does not exist; create it on the Alert templates page first`);
    } else if (field === 'owner' && section === 'services') {
      add(p.path.slice(2), `owner ${JSON.stringify((raw as { owner?: unknown }).owner)} does not exist; add it on the Owners page first`);
    } else add(p.path.slice(2), p.message);
  }
  if (Object.keys(errors).length > 0 || !shaped.success) {
    // Say "already exists" while the rest of the form is still being filled in, not only once all else is right.
    const identity = IDENTITY_FIELDS[section];
    const rawFields = raw as Record<string, unknown>;
    const identityReady = identity.every((f) => typeof rawFields[f] === 'string' && rawFields[f] !== '' && !(f in errors));
    const takenField = identity[identity.length - 1] ?? 'name';
    if (identityReady && ctx.takenKeys?.includes(entryKey(section, raw))) {
      errors[takenField] = `${describeSection(section)} ${JSON.stringify(entryKey(section, raw))} already exists`;
    }
    return { ok: false, errors };
  }

  const entry = (registryFromFile({ [section]: [shaped.data] }, []) as Registry)[section][0] as Entry<S>;
  const key = entryKey(section, entry);
  if (ctx.takenKeys?.includes(key)) {
    const field = IDENTITY_FIELDS[section][IDENTITY_FIELDS[section].length - 1] ?? 'name';
    return { ok: false, errors: { [field]: `${describeSection(section)} ${JSON.stringify(key)} already exists` } };
  }
  return { ok: true, entry, key };
}

export function describeSection(section: Section): string {
  return { services: 'a service', pages: 'a page', api_endpoints: 'an API endpoint', alert_templates: 'an alert template', owners: 'an owner', hosts: 'a host' }[
    section
  ];
}
