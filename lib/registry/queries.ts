// Read-only queries behind the UI's lists (the overview is in overview.ts), plus the parsing of their URL parameters.
// Sort columns are whitelisted: a URL can only pick among the orderings spelled out here.
// Registries may hold 10,000+ services, so lists filter, sort and paginate in the database.
import { db } from '@/lib/db/client';
import type { Prisma } from '@/lib/db/generated/client';
import {
  HTTP_METHODS,
  SERVICE_TYPES,
  SEVERITIES,
  type ApiEndpoint,
  type HttpMethod,
  type Page,
  type Service,
  type ServiceType,
  type Severity,
} from './model';
import { endpointFromRow, pageFromRow, serviceFromRow, serviceTypeToDb } from './rows';

export const PAGE_SIZE = 50;
const MAX_Q_LENGTH = 200;
const MAX_PAGE = 1_000_000;

export type SearchParams = Record<string, string | string[] | undefined>;
export type SortDir = 'asc' | 'desc';

export interface ListQuery<S extends string, F> {
  q: string;
  sort: S;
  dir: SortDir;
  page: number;
  filters: F;
}

/** A parsed query plus a message for each parameter that was invalid (and replaced by its default). */
export interface Parsed<Q> {
  query: Q;
  problems: string[];
}

export interface ListPage<T> {
  rows: T[];
  total: number;
  page: number;
  pageCount: number;
  pageSize: number;
}

// ---------- URL parameters ----------

function single(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function parseChoice<T extends string>(
  sp: SearchParams,
  key: string,
  allowed: readonly T[],
  what: string,
  problems: string[],
): T | undefined {
  const raw = single(sp, key);
  if (raw === undefined) return undefined;
  if ((allowed as readonly string[]).includes(raw)) return raw as T;
  problems.push(`Unknown ${what} "${raw}". Choose one of: ${allowed.join(', ')}.`);
  return undefined;
}

function parseListQuery<S extends string, F>(
  sp: SearchParams,
  sorts: readonly S[],
  defaultSort: S,
  parseFilters: (problems: string[]) => F,
): Parsed<ListQuery<S, F>> {
  const problems: string[] = [];
  let q = (single(sp, 'q') ?? '').trim();
  if (q.length > MAX_Q_LENGTH) {
    problems.push(`The search text is longer than ${MAX_Q_LENGTH} characters; only the start was used.`);
    q = q.slice(0, MAX_Q_LENGTH);
  }
  const sort = parseChoice(sp, 'sort', sorts, 'sort column', problems) ?? defaultSort;
  const dir = parseChoice(sp, 'dir', ['asc', 'desc'] as const, 'sort direction', problems) ?? 'asc';
  let page = 1;
  const rawPage = single(sp, 'page');
  if (rawPage !== undefined) {
    const n = /^\d{1,7}$/.test(rawPage) ? Number(rawPage) : NaN;
    if (n >= 1 && n <= MAX_PAGE) page = n;
    else problems.push(`"${rawPage}" is not a page number (use a whole number from 1).`);
  }
  return { query: { q, sort, dir, page, filters: parseFilters(problems) }, problems };
}

function pageOf<T>(rows: T[], total: number, page: number): ListPage<T> {
  return { rows, total, page, pageCount: Math.max(1, Math.ceil(total / PAGE_SIZE)), pageSize: PAGE_SIZE };
}

const skipFor = (page: number) => (page - 1) * PAGE_SIZE;
const contains = (q: string) => ({ contains: q, mode: 'insensitive' as const });

// The database enum spells k8s-deployment with an underscore (Prisma identifiers cannot hold "-").

// ---------- Services ----------

export const SERVICE_SORTS = ['name', 'type', 'location', 'port', 'owner'] as const;
export type ServiceSort = (typeof SERVICE_SORTS)[number];
export interface ServiceFilters {
  type?: ServiceType;
  owner?: string;
  /** `none`: services that have no alert attached */
  alerts?: 'none';
}
export type ServiceQuery = ListQuery<ServiceSort, ServiceFilters>;

export function parseServiceQuery(sp: SearchParams): Parsed<ServiceQuery> {
  return parseListQuery(sp, SERVICE_SORTS, 'name', (problems) => ({
    type: parseChoice(sp, 'type', SERVICE_TYPES, 'service type', problems),
    owner: single(sp, 'owner'),
    alerts: parseChoice(sp, 'alerts', ['none'] as const, 'alerts filter', problems),
  }));
}

export type ServiceRow = Service;

function serviceOrder(sort: ServiceSort, dir: SortDir): Prisma.ServiceOrderByWithRelationInput[] {
  const tieBreak = { name: 'asc' } as const;
  switch (sort) {
    case 'name':
      return [{ name: dir }];
    case 'type':
      return [{ type: dir }, tieBreak];
    case 'location':
      return [{ namespace: { sort: dir, nulls: 'last' } }, { host: { sort: dir, nulls: 'last' } }, tieBreak];
    case 'port':
      return [{ port: { sort: dir, nulls: 'last' } }, tieBreak];
    case 'owner':
      return [{ owner: { name: dir } }, tieBreak];
  }
}

export async function listServices(
  query: ServiceQuery,
): Promise<ListPage<ServiceRow> & { owners: string[] }> {
  const { q, filters } = query;
  const where: Prisma.ServiceWhereInput = {
    ...(filters.type && { type: serviceTypeToDb(filters.type) }),
    ...(filters.owner && { owner: { name: filters.owner } }),
    ...(filters.alerts === 'none' && { alertKeys: { isEmpty: true } }),
    ...(q && {
      OR: [
        { name: contains(q) },
        { namespace: contains(q) },
        { host: contains(q) },
        { systemdUnit: contains(q) },
        { owner: { name: contains(q) } },
        { alertKeys: { has: q } },
      ],
    }),
  };
  const client = db();
  const [total, rows, owners] = await Promise.all([
    client.service.count({ where }),
    client.service.findMany({
      where,
      orderBy: serviceOrder(query.sort, query.dir),
      skip: skipFor(query.page),
      take: PAGE_SIZE,
      include: { owner: { select: { name: true } } },
    }),
    client.owner.findMany({ select: { name: true }, orderBy: { name: 'asc' } }),
  ]);
  return {
    ...pageOf(
      rows.map(serviceFromRow),
      total,
      query.page,
    ),
    owners: owners.map((o) => o.name),
  };
}

// ---------- Pages ----------

export const PAGE_SORTS = ['path', 'name'] as const;
export type PageSort = (typeof PAGE_SORTS)[number];
export type PageQuery = ListQuery<PageSort, Record<string, never>>;

export function parsePageQuery(sp: SearchParams): Parsed<PageQuery> {
  return parseListQuery(sp, PAGE_SORTS, 'path', () => ({}));
}

export async function listPages(query: PageQuery): Promise<ListPage<Page>> {
  const { q } = query;
  const where: Prisma.PageWhereInput = q
    ? { OR: [{ path: contains(q) }, { name: contains(q) }, { alertKeys: { has: q } }] }
    : {};
  const client = db();
  const [total, rows] = await Promise.all([
    client.page.count({ where }),
    client.page.findMany({
      where,
      orderBy: query.sort === 'name' ? [{ name: query.dir }, { path: 'asc' }] : [{ path: query.dir }],
      skip: skipFor(query.page),
      take: PAGE_SIZE,
    }),
  ]);
  return pageOf(
    rows.map(pageFromRow),
    total,
    query.page,
  );
}

// ---------- API endpoints ----------

export const ENDPOINT_SORTS = ['method', 'path', 'critical', 'latency', 'availability'] as const;
export type EndpointSort = (typeof ENDPOINT_SORTS)[number];
export interface EndpointFilters {
  method?: HttpMethod;
  critical?: 'yes' | 'no';
  /** `none`: endpoints with neither a latency nor an availability objective */
  slo?: 'none';
}
export type EndpointQuery = ListQuery<EndpointSort, EndpointFilters>;

export function parseEndpointQuery(sp: SearchParams): Parsed<EndpointQuery> {
  return parseListQuery(sp, ENDPOINT_SORTS, 'path', (problems) => ({
    method: parseChoice(sp, 'method', HTTP_METHODS, 'HTTP method', problems),
    critical: parseChoice(sp, 'critical', ['yes', 'no'] as const, 'critical filter', problems),
    slo: parseChoice(sp, 'slo', ['none'] as const, 'SLO filter', problems),
  }));
}

function endpointOrder(sort: EndpointSort, dir: SortDir): Prisma.ApiEndpointOrderByWithRelationInput[] {
  const tieBreak: Prisma.ApiEndpointOrderByWithRelationInput[] = [{ path: 'asc' }, { method: 'asc' }];
  switch (sort) {
    case 'method':
      return [{ method: dir }, ...tieBreak];
    case 'path':
      return [{ path: dir }, { method: 'asc' }];
    case 'critical':
      return [{ critical: dir }, ...tieBreak];
    case 'latency':
      return [{ sloLatencyMs: { sort: dir, nulls: 'last' } }, ...tieBreak];
    case 'availability':
      return [{ sloAvailability: { sort: dir, nulls: 'last' } }, ...tieBreak];
  }
}

export async function listEndpoints(query: EndpointQuery): Promise<ListPage<ApiEndpoint>> {
  const { q, filters } = query;
  const where: Prisma.ApiEndpointWhereInput = {
    ...(filters.method && { method: filters.method }),
    ...(filters.critical && { critical: filters.critical === 'yes' }),
    ...(filters.slo === 'none' && { sloLatencyMs: null, sloAvailability: null }),
    ...(q && { path: contains(q) }),
  };
  const client = db();
  const [total, rows] = await Promise.all([
    client.apiEndpoint.count({ where }),
    client.apiEndpoint.findMany({
      where,
      orderBy: endpointOrder(query.sort, query.dir),
      skip: skipFor(query.page),
      take: PAGE_SIZE,
    }),
  ]);
  return pageOf(
    rows.map(endpointFromRow),
    total,
    query.page,
  );
}

// ---------- Alert templates ----------

export const TEMPLATE_SORTS = ['key', 'severity', 'for', 'usage'] as const;
export type TemplateSort = (typeof TEMPLATE_SORTS)[number];
export interface TemplateFilters {
  severity?: Severity;
}
export type TemplateQuery = ListQuery<TemplateSort, TemplateFilters>;

export function parseTemplateQuery(sp: SearchParams): Parsed<TemplateQuery> {
  return parseListQuery(sp, TEMPLATE_SORTS, 'key', (problems) => ({
    severity: parseChoice(sp, 'severity', SEVERITIES, 'severity', problems),
  }));
}

export interface TemplateRow {
  key: string;
  alert: string;
  severity: Severity;
  for: string;
  summary: string;
  auto_repair?: string;
  services: number;
  pages: number;
}

/** Seconds in a Prometheus duration such as `1h30m`, so `for` sorts by length of time, not alphabetically. */
function durationSeconds(d: string): number {
  const units: Record<string, number> = { ms: 0.001, s: 1, m: 60, h: 3600, d: 86400, w: 604800, y: 31536000 };
  let total = 0;
  for (const [, n, unit] of d.matchAll(/(\d+)(ms|s|m|h|d|w|y)/g)) total += Number(n) * (units[unit!] ?? 0);
  return total;
}

const SEVERITY_RANK: Record<Severity, number> = { critical: 0, warning: 1, info: 2 };

/** How many services and pages list each alert key: one grouped query instead of a count per template. */
async function usageByKey(): Promise<Map<string, { services: number; pages: number }>> {
  const rows = await db().$queryRaw<{ source: 'service' | 'page'; key: string; n: number }[]>`
    SELECT 'service' AS source, k AS key, count(*)::int AS n FROM "Service", unnest("alertKeys") AS k GROUP BY k
    UNION ALL
    SELECT 'page' AS source, k AS key, count(*)::int AS n FROM "Page", unnest("alertKeys") AS k GROUP BY k`;
  const usage = new Map<string, { services: number; pages: number }>();
  for (const r of rows) {
    const u = usage.get(r.key) ?? { services: 0, pages: 0 };
    if (r.source === 'service') u.services = r.n;
    else u.pages = r.n;
    usage.set(r.key, u);
  }
  return usage;
}

// A registry has tens of alert templates, not thousands: sorting by usage in memory is simpler than SQL.
export async function listTemplates(query: TemplateQuery): Promise<ListPage<TemplateRow>> {
  const { q, filters } = query;
  const [templates, usage] = await Promise.all([
    db().alertTemplate.findMany({
      where: {
        ...(filters.severity && { severity: filters.severity }),
        ...(q && { OR: [{ key: contains(q) }, { alertName: contains(q) }, { summary: contains(q) }] }),
      },
    }),
    usageByKey(),
  ]);
  const rows: TemplateRow[] = templates.map((t) => ({
    key: t.key,
    alert: t.alertName,
    severity: t.severity,
    for: t.for,
    summary: t.summary,
    auto_repair: t.autoRepair ?? undefined,
    ...(usage.get(t.key) ?? { services: 0, pages: 0 }),
  }));
  const sign = query.dir === 'asc' ? 1 : -1;
  const compare: Record<TemplateSort, (a: TemplateRow, b: TemplateRow) => number> = {
    key: () => 0,
    severity: (a, b) => SEVERITY_RANK[a.severity] - SEVERITY_RANK[b.severity],
    for: (a, b) => durationSeconds(a.for) - durationSeconds(b.for),
    usage: (a, b) => a.services + a.pages - (b.services + b.pages),
  };
  rows.sort((a, b) => sign * (compare[query.sort](a, b) || a.key.localeCompare(b.key)));
  const start = skipFor(query.page);
  return pageOf(rows.slice(start, start + PAGE_SIZE), rows.length, query.page);
}
