// Reading the audit log: entries newest first with filters, one entry with its changes, an entity's history.
// Filters and paging run in the database (the log only grows; one import can add 10,000 change rows).
import { requireRouteRole } from '../auth/guard';
import { db as sharedDb, type Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { guarded, json } from '../http/responses';
import { HTTP_METHODS, type HttpMethod } from '../registry/model';
import {
  AUDIT_PAGE_SIZE,
  CHANGES_PAGE_SIZE,
  entityOf,
  parseAuditQuery,
  parseChangesPage,
  type AuditQuery,
  type SearchParams,
} from './query-params';
import type { AuditOp, AuditSection } from './record';

export interface AuditChangeRow {
  id: number;
  section: AuditSection;
  key: string;
  op: AuditOp;
  /** the whole entry before / after, in the registry YAML shape; null when added / removed */
  before: unknown;
  after: unknown;
}

export interface AuditEntryRow {
  id: number;
  at: Date;
  actorKind: string;
  actorId: string | null;
  actorName: string;
  action: string;
  summary: string;
  changeCount: number;
  /** only when the query names one entity (section + key): that entity's change in this entry */
  changes?: AuditChangeRow[];
}

export interface AuditPage<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

const pageOf = <T>(rows: T[], total: number, page: number, pageSize: number): AuditPage<T> => ({
  rows,
  total,
  page,
  pageCount: Math.max(1, Math.ceil(total / pageSize)),
  pageSize,
});

export function auditWhere(q: AuditQuery): Prisma.AuditEntryWhereInput {
  const change: Prisma.AuditChangeWhereInput = {
    ...(q.section && { section: q.section }),
    ...(q.key !== undefined && { key: q.key }),
  };
  const and: Prisma.AuditEntryWhereInput[] = [];
  if (q.actor) and.push({ actorName: { contains: q.actor, mode: 'insensitive' } });
  // "services" means the whole family (services.create, services.update, services.bulk...).
  if (q.action) and.push(q.action.includes('.') ? { action: q.action } : { OR: [{ action: q.action }, { action: { startsWith: `${q.action}.` } }] });
  if (Object.keys(change).length > 0) and.push({ changes: { some: change } });
  if (q.from || q.to) and.push({ at: { ...(q.from && { gte: q.from.at }), ...(q.to && { lt: q.to.at }) } });
  return and.length > 0 ? { AND: and } : {};
}

type ChangeRecord = { id: number; section: string; key: string; op: string; before: Prisma.JsonValue; after: Prisma.JsonValue };

const changeRow = (c: ChangeRecord): AuditChangeRow => ({
  id: c.id,
  section: c.section as AuditSection,
  key: c.key,
  op: c.op as AuditOp,
  before: c.before,
  after: c.after,
});

const CHANGE_SELECT = { id: true, section: true, key: true, op: true, before: true, after: true } as const;

/** Entries newest first, 50 a page, each with its change count (and the entity's change in a history view). */
export async function listAudit(query: AuditQuery, database: Db = sharedDb()): Promise<AuditPage<AuditEntryRow>> {
  const where = auditWhere(query);
  const entity = entityOf(query);
  const [total, entries] = await Promise.all([
    database.auditEntry.count({ where }),
    database.auditEntry.findMany({
      where,
      orderBy: [{ at: 'desc' }, { id: 'desc' }],
      skip: (query.page - 1) * AUDIT_PAGE_SIZE,
      take: AUDIT_PAGE_SIZE,
      include: {
        _count: { select: { changes: true } },
        ...(entity && { changes: { where: entity, orderBy: { id: 'asc' }, select: CHANGE_SELECT } }),
      },
    }),
  ]);
  const rows = entries.map(({ _count, changes, ...e }): AuditEntryRow => ({
    ...e,
    changeCount: _count.changes,
    ...(changes && { changes: changes.map(changeRow) }),
  }));
  return pageOf(rows, total, query.page, AUDIT_PAGE_SIZE);
}

export interface AuditEntryDetail {
  entry: Omit<AuditEntryRow, 'changes'>;
  /** how many changes per section and operation, over the whole entry (not just this page) */
  breakdown: { section: AuditSection; op: AuditOp; count: number }[];
  changes: AuditPage<AuditChangeRow>;
}

/** One entry with its changes, 200 a page in the order they were recorded; null when there is no such entry. */
export async function getAuditEntry(id: number, changesPage = 1, database: Db = sharedDb()): Promise<AuditEntryDetail | null> {
  const found = await database.auditEntry.findUnique({ where: { id }, include: { _count: { select: { changes: true } } } });
  if (!found) return null;
  const { _count, ...entry } = found;
  const [changes, groups] = await Promise.all([
    database.auditChange.findMany({
      where: { entryId: id },
      orderBy: { id: 'asc' },
      skip: (changesPage - 1) * CHANGES_PAGE_SIZE,
      take: CHANGES_PAGE_SIZE,
      select: CHANGE_SELECT,
    }),
    database.auditChange.groupBy({ by: ['section', 'op'], where: { entryId: id }, _count: { _all: true } }),
  ]);
  const breakdown = groups
    .map((g) => ({ section: g.section as AuditSection, op: g.op as AuditOp, count: g._count._all }))
    .sort((a, b) => a.section.localeCompare(b.section) || a.op.localeCompare(b.op));
  return {
    entry: { ...entry, changeCount: _count.changes },
    breakdown,
    changes: pageOf(changes.map(changeRow), _count.changes, changesPage, CHANGES_PAGE_SIZE),
  };
}

/** The actions recorded so far, for the filter's choices. */
export async function listAuditActions(database: Db = sharedDb()): Promise<string[]> {
  const rows = await database.auditEntry.groupBy({ by: ['action'], orderBy: { action: 'asc' } });
  return rows.map((r) => r.action);
}

/**
 * Whether a registry entity exists now (so its history links to its edit page, or says it was deleted).
 * null for sections that are not the registry's (users, tokens): their pages are elsewhere.
 */
export async function entityExists(section: AuditSection, key: string, database: Db = sharedDb()): Promise<boolean | null> {
  switch (section) {
    case 'services':
      return (await database.service.count({ where: { name: key } })) > 0;
    case 'owners':
      return (await database.owner.count({ where: { name: key } })) > 0;
    case 'hosts':
      return (await database.host.count({ where: { name: key } })) > 0;
    case 'pages':
      return (await database.page.count({ where: { path: key } })) > 0;
    case 'alert_templates':
      return (await database.alertTemplate.count({ where: { key } })) > 0;
    case 'api_endpoints': {
      const space = key.indexOf(' ');
      const method = key.slice(0, space);
      if (space < 0 || !(HTTP_METHODS as readonly string[]).includes(method)) return false;
      return (await database.apiEndpoint.count({ where: { method: method as HttpMethod, path: key.slice(space + 1) } })) > 0;
    }
    default:
      return null;
  }
}

// ---------- HTTP (the route handlers under app/api/v1/audit call these) ----------
//   GET /api/v1/audit?actor=&action=&section=&key=&from=&to=&page=   { entries, total, page, pageCount, pageSize }
//   GET /api/v1/audit/{id}?page=                                        { entry, breakdown, changes }

function searchParamsOf(request: Request): SearchParams {
  const sp: SearchParams = {};
  for (const [name, value] of new URL(request.url).searchParams) sp[name] ??= value;
  return sp;
}

const entryJson = ({ actorKind, actorId, actorName, ...e }: Omit<AuditEntryRow, 'changes'> & { changes?: AuditChangeRow[] }) => ({
  ...e,
  actor: { kind: actorKind, id: actorId, name: actorName },
});

export function getAuditResponse(request: Request, database: Db = sharedDb()): Promise<Response> {
  return guarded('audit API', async () => {
    const who = await requireRouteRole(request, 'viewer', database);
    if (who instanceof Response) return who;
    const { query, problems } = parseAuditQuery(searchParamsOf(request));
    if (problems.length > 0) return json({ error: 'invalid query parameters', problems }, 400);
    const { rows, ...page } = await listAudit(query, database);
    return json({ entries: rows.map(entryJson), ...page });
  });
}

export function getAuditEntryResponse(request: Request, rawId: string, database: Db = sharedDb()): Promise<Response> {
  return guarded('audit entry API', async () => {
    const who = await requireRouteRole(request, 'viewer', database);
    if (who instanceof Response) return who;
    const { query: page, problems } = parseChangesPage(searchParamsOf(request));
    if (problems.length > 0) return json({ error: 'invalid query parameters', problems }, 400);
    const id = /^\d{1,9}$/.test(rawId) ? Number(rawId) : NaN;
    const detail = Number.isNaN(id) ? null : await getAuditEntry(id, page, database);
    if (!detail) return json({ error: `no audit entry ${JSON.stringify(rawId)}` }, 404);
    const { rows, ...changePage } = detail.changes;
    return json({ entry: entryJson(detail.entry), breakdown: detail.breakdown, changes: rows, ...changePage });
  });
}
