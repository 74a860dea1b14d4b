// The audit log's URL parameters (page and GET /api/v1/audit share them), checked with zod one by one: a bad
// parameter becomes a clear problem and is ignored, the others still apply. The page shows the problems; the API
// answers 400 with them. Pure: no database.
import { z } from 'zod';
import type { AuditSection } from './record';

export const AUDIT_PAGE_SIZE = 50;
export const CHANGES_PAGE_SIZE = 200;

export const AUDIT_SECTIONS = ['services', 'pages', 'api_endpoints', 'alert_templates', 'owners', 'hosts', 'users', 'tokens', 'discovery', 'deploy'] as const satisfies readonly AuditSection[];

/** "History of service ollama": the singular noun of each section. */
export const SECTION_NOUNS: Record<AuditSection, string> = {
  services: 'service',
  pages: 'page',
  api_endpoints: 'API endpoint',
  alert_templates: 'alert template',
  owners: 'owner',
  hosts: 'host',
  users: 'user',
  tokens: 'token',
  discovery: 'discovery ignore',
  deploy: 'deploy push',
};

export type SearchParams = Record<string, string | string[] | undefined>;

/** A date bound as typed (for the form) and as the instant it means. `to` is exclusive: the day after a date. */
export interface DateBound {
  text: string;
  at: Date;
}

export interface AuditQuery {
  /** part of the actor's name (email, "token ci-deploy"), case-insensitive */
  actor?: string;
  /** `services.update` exactly, or a family such as `services` (every `services.*`) */
  action?: string;
  section?: AuditSection;
  /** an entity key, matched exactly (in `section` when given) */
  key?: string;
  from?: DateBound;
  to?: DateBound;
  page: number;
}

export interface ParsedQuery<Q> {
  query: Q;
  problems: string[];
}

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})$/;

/** Date-only values are whole UTC days; `to` of a day includes that whole day (the bound is the next midnight). */
function dateParam(name: 'from' | 'to') {
  return z
    .string()
    .refine((s) => DAY.test(s) || DATE_TIME.test(s), {
      error: `"${name}" must be a date (2025-01-31) or a date and time with a zone (2025-01-31T14:00:00Z)`,
    })
    .transform((text, ctx): DateBound => {
      const at = new Date(DAY.test(text) ? `${text}T00:00:00Z` : text);
      if (Number.isNaN(at.getTime()) || (DAY.test(text) && at.toISOString().slice(0, 10) !== text)) {
        ctx.addIssue({ code: 'custom', message: `"${name}" is not a real date: ${text}` });
        return z.NEVER;
      }
      if (name === 'to' && DAY.test(text)) at.setUTCDate(at.getUTCDate() + 1);
      return { text, at };
    });
}

export const pageParam = z
  .string()
  .regex(/^\d{1,7}$/, { error: 'page must be a whole number from 1' })
  .transform(Number)
  .refine((n) => n >= 1, { error: 'page must be a whole number from 1' });

const FIELDS = {
  actor: z.string().trim().max(200, { error: 'the actor filter is longer than 200 characters' }),
  action: z
    .string()
    .trim()
    .max(100, { error: 'the action is longer than 100 characters' })
    .regex(/^[a-z_]+(\.[a-z_]+)*$/, { error: 'an action looks like services.update, or services for every services.* action' }),
  section: z.enum(AUDIT_SECTIONS, { error: `section must be one of: ${AUDIT_SECTIONS.join(', ')}` }),
  key: z.string().max(4096, { error: 'the entity key is longer than 4,096 characters' }),
  from: dateParam('from'),
  to: dateParam('to'),
  page: pageParam,
};

function single(sp: SearchParams, name: string): string | undefined {
  const v = sp[name];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

/** One parameter through its schema: its value, or undefined and a problem. */
export function take<T>(sp: SearchParams, name: string, schema: z.ZodType<T>, problems: string[]): T | undefined {
  const raw = single(sp, name);
  if (raw === undefined) return undefined;
  const result = schema.safeParse(raw);
  if (result.success) return result.data;
  const shown = raw.length > 60 ? `${raw.slice(0, 60)}…` : raw;
  problems.push(`${name}=${JSON.stringify(shown)}: ${result.error.issues[0]?.message ?? 'not understood'}.`);
  return undefined;
}

export function parseAuditQuery(sp: SearchParams): ParsedQuery<AuditQuery> {
  const problems: string[] = [];
  const query: AuditQuery = {
    actor: take(sp, 'actor', FIELDS.actor, problems) || undefined,
    action: take(sp, 'action', FIELDS.action, problems) || undefined,
    section: take(sp, 'section', FIELDS.section, problems),
    key: take(sp, 'key', FIELDS.key, problems),
    from: take(sp, 'from', FIELDS.from, problems),
    to: take(sp, 'to', FIELDS.to, problems),
    page: take(sp, 'page', FIELDS.page, problems) ?? 1,
  };
  if (query.from && query.to && query.from.at >= query.to.at) {
    problems.push(`from (${query.from.text}) must be before to (${query.to.text}); both dates were ignored.`);
    query.from = undefined;
    query.to = undefined;
  }
  return { query, problems };
}

/** The page number of an entry's changes (`?page=` on /audit/[id]). */
export function parseChangesPage(sp: SearchParams): ParsedQuery<number> {
  const problems: string[] = [];
  return { query: take(sp, 'page', pageParam, problems) ?? 1, problems };
}

/** Whether the query names one entity: the history view. */
export function entityOf(query: AuditQuery): { section: AuditSection; key: string } | null {
  return query.section && query.key !== undefined ? { section: query.section, key: query.key } : null;
}

/** The query back as URL parameters (for links that keep the filters). */
export function auditParams(query: AuditQuery): Record<string, string | number | undefined> {
  return {
    actor: query.actor,
    action: query.action,
    section: query.section,
    key: query.key,
    from: query.from?.text,
    to: query.to?.text,
    page: query.page,
  };
}

export const isFiltered = (q: AuditQuery) => Boolean(q.actor || q.action || q.section || q.key !== undefined || q.from || q.to);
