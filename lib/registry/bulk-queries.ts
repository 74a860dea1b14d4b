// What the bulk-edit page reads: the services a filter matches (all of them, up to the bulk limit, so "select all
// N matching" can name every one, not just a page), and a preview of how many a bulk edit would really change.
// The filter parameters are the Services list's (q, type, owner, alerts=none) plus `alert`, so a list's filter
// carries over to this page.
import { z } from 'zod';
import { take, type ParsedQuery, type SearchParams } from '../audit/query-params';
import { db as sharedDb, type Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { diffRegistries } from './diff';
import { BULK_LIMIT, planBulk, type BulkServiceEdit } from './edit';
import type { FieldErrors } from './entry-draft';
import { SERVICE_TYPES, type ServiceMonitoring, type ServiceType } from './model';
import { serviceTypeFromDb, serviceTypeToDb } from './rows';
import { TEMPLATE_KEY_RE } from './schema';
import { loadRegistry } from './store';

export interface BulkFilters {
  q: string;
  type?: ServiceType;
  owner?: string;
  /** services that list this alert template */
  alert?: string;
  /** `none`: services without any alert */
  alerts?: 'none';
}

const FIELDS = {
  q: z.string().trim().max(200, { error: 'the search text is longer than 200 characters' }),
  type: z.enum(SERVICE_TYPES, { error: `type must be one of: ${SERVICE_TYPES.join(', ')}` }),
  owner: z.string().max(253, { error: 'the owner is longer than 253 characters' }),
  alert: z.string().max(100, { error: 'the alert template key is longer than 100 characters' }).regex(TEMPLATE_KEY_RE, { error: 'an alert template key looks like service_down' }),
  alerts: z.literal('none', { error: 'alerts can only be "none" (services without alerts)' }),
};

export function parseBulkQuery(sp: SearchParams): ParsedQuery<BulkFilters> {
  const problems: string[] = [];
  const query: BulkFilters = {
    q: take(sp, 'q', FIELDS.q, problems) ?? '',
    type: take(sp, 'type', FIELDS.type, problems),
    owner: take(sp, 'owner', FIELDS.owner, problems),
    alert: take(sp, 'alert', FIELDS.alert, problems),
    alerts: take(sp, 'alerts', FIELDS.alerts, problems),
  };
  if (query.alert && query.alerts) {
    problems.push(`alert=${query.alert} and alerts=none contradict each other; alerts=none was ignored.`);
    query.alerts = undefined;
  }
  return { query, problems };
}

export const isBulkFiltered = (f: BulkFilters) => Boolean(f.q || f.type || f.owner || f.alert || f.alerts);

/** The filters back as URL parameters. */
export const bulkParams = (f: BulkFilters): Record<string, string | undefined> => ({
  q: f.q || undefined,
  type: f.type,
  owner: f.owner,
  alert: f.alert,
  alerts: f.alerts,
});

/** One service as the bulk table shows it (plain data: it goes to the browser). */
export interface BulkRow {
  name: string;
  type: ServiceType;
  /** namespace or host */
  location: string | null;
  owner: string;
  alerts: string[];
  monitoring: ServiceMonitoring;
}

export interface BulkCandidates {
  /** the matching services by name, at most BULK_LIMIT of them */
  rows: BulkRow[];
  /** how many match in all (more than rows.length when the filter matches more than the limit) */
  total: number;
  limit: number;
  owners: string[];
  templates: { key: string; alert: string; severity: string }[];
}

const contains = (q: string) => ({ contains: q, mode: 'insensitive' as const });

export function bulkWhere(f: BulkFilters): Prisma.ServiceWhereInput {
  return {
    ...(f.type && { type: serviceTypeToDb(f.type) }),
    ...(f.owner && { owner: { name: f.owner } }),
    ...(f.alert && { alertKeys: { has: f.alert } }),
    ...(f.alerts === 'none' && { alertKeys: { isEmpty: true } }),
    // The Services list's search (lib/registry/queries.ts), so the same text finds the same services.
    ...(f.q && {
      OR: [
        { name: contains(f.q) },
        { namespace: contains(f.q) },
        { host: contains(f.q) },
        { systemdUnit: contains(f.q) },
        { owner: { name: contains(f.q) } },
        { alertKeys: { has: f.q } },
      ],
    }),
  };
}

export async function listBulkCandidates(filters: BulkFilters, database: Db = sharedDb()): Promise<BulkCandidates> {
  const where = bulkWhere(filters);
  const [total, rows, owners, templates] = await Promise.all([
    database.service.count({ where }),
    database.service.findMany({
      where,
      orderBy: { name: 'asc' },
      take: BULK_LIMIT,
      select: {
        name: true, type: true, namespace: true, host: true, alertKeys: true, owner: { select: { name: true } },
        monitorPrometheus: true, monitorSentry: true, monitorOtel: true, monitorLangfuse: true,
      },
    }),
    database.owner.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
    database.alertTemplate.findMany({ select: { key: true, alertName: true, severity: true }, orderBy: { key: 'asc' } }),
  ]);
  return {
    rows: rows.map((s) => ({
      name: s.name,
      type: serviceTypeFromDb(s.type),
      location: s.namespace ?? s.host,
      owner: s.owner.name,
      alerts: s.alertKeys,
      monitoring: { prometheus: s.monitorPrometheus, sentry: s.monitorSentry, otel: s.monitorOtel, langfuse: s.monitorLangfuse },
    })),
    total,
    limit: BULK_LIMIT,
    owners: owners.map((o) => o.name),
    templates: templates.map((t) => ({ key: t.key, alert: t.alertName, severity: t.severity })),
  };
}

export type BulkPreview =
  | { ok: true; selected: number; affected: number; /** the first few services that would change */ examples: string[] }
  | { ok: false; kind: 'invalid'; fieldErrors: FieldErrors; formError?: string };

/**
 * What a bulk edit would do, without doing it: the same plan the save runs (lib/registry/edit.ts planBulk),
 * diffed against the registry as it is now. Services that already match the change are not "affected".
 */
export async function previewBulkEdit(database: Db, req: BulkServiceEdit): Promise<BulkPreview> {
  const current = await loadRegistry(database);
  const plan = planBulk(current, req);
  if (!plan.ok) {
    const r = plan.refusal;
    if (r.kind === 'invalid') return { ok: false, kind: 'invalid', fieldErrors: r.fieldErrors, formError: r.formError };
    return { ok: false, kind: 'invalid', fieldErrors: {}, formError: 'formError' in r ? r.formError : r.message };
  }
  const changed = diffRegistries(current, plan.next).sections.services.changed;
  return { ok: true, selected: new Set(req.names).size, affected: changed.length, examples: changed.slice(0, 10).map((c) => c.key) };
}
