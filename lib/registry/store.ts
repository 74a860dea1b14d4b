// The registry in PostgreSQL: load it as the canonical model, and replace it with another in one transaction.
// Writes touch only what differs (unchanged rows keep their version and updatedAt) and go in bulk as
// set-based SQL: Prisma's per-row createMany is too slow for 10,000-service registries.
import type { Actor } from '../auth/roles';
import { recordAudit, type AuditChangeInput } from '../audit/record';
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { diffRegistries } from './diff';
import type { RegistryDiff } from './diff-types';
import { registryRevision } from './export';
import { entryKey, type Registry, type Section } from './model';
import { canonicalRegistry } from './normalize';
import { endpointFromRow, hostFromRow, ownerFromRow, pageFromRow, serviceFromRow, templateFromRow } from './rows';
import { recordCoverageSnapshot } from '../coverage/snapshots';

type Tx = Prisma.TransactionClient;
type Reader = Db | Tx;

/** Serialises registry imports: two imports never interleave their diff and their writes. */
const IMPORT_LOCK = 727_001;

export class RevisionConflictError extends Error {
  constructor(
    readonly expected: string,
    readonly actual: string,
  ) {
    super(`the registry changed since revision ${expected} (it is now ${actual}); preview again`);
  }
}


export async function loadRegistry(db: Reader): Promise<Registry> {
  const [owners, hosts, templates, services, pages, endpoints] = await Promise.all([
    db.owner.findMany({ select: { name: true, displayName: true, email: true } }),
    db.host.findMany({ select: { name: true, address: true, sshPort: true, sshUser: true, sshKey: true } }),
    db.alertTemplate.findMany(),
    db.service.findMany({ include: { owner: { select: { name: true } } } }),
    db.page.findMany(),
    db.apiEndpoint.findMany(),
  ]);
  return canonicalRegistry({
    owners: owners.map(ownerFromRow),
    hosts: hosts.map(hostFromRow),
    alert_templates: templates.map(templateFromRow),
    services: services.map(serviceFromRow),
    pages: pages.map(pageFromRow),
    api_endpoints: endpoints.map(endpointFromRow),
  });
}

export async function registryIsEmpty(db: Db): Promise<boolean> {
  const counts = await Promise.all([
    db.service.count(),
    db.page.count(),
    db.apiEndpoint.count(),
    db.alertTemplate.count(),
    db.owner.count(),
    db.host.count(),
  ]);
  return counts.every((n) => n === 0);
}

export interface ApplyOptions {
  /** refuse to apply when the stored registry's revision differs (someone changed it since the preview) */
  expectedRevision?: string;
  /** compute the diff inside the transaction but write nothing */
  dryRun?: boolean;
  /** false: skip computing revisions (two YAML exports of the whole registry); form edits do not need them */
  revisions?: boolean;
  /** who is changing it: the change is recorded in the audit log in the same transaction */
  audit?: { actor: Actor; action: string; summary?: string };
}

export interface ApplyOutcome {
  diff: RegistryDiff;
  /** revision before the call */
  baseRevision: string;
  /** revision after the call (equal to baseRevision for a dry run or an empty diff) */
  revision: string;
}

/** Makes the stored registry equal to `next`, atomically. */
export async function applyRegistry(db: Db, next: Registry, options: ApplyOptions = {}): Promise<ApplyOutcome> {
  const target = canonicalRegistry(next);
  const outcome = await changeRegistry(db, () => ({ ok: true as const, next: target }), options);
  if (!outcome.ok) throw new Error('unreachable: an import plan is never refused');
  return outcome;
}

/** A change computed from the registry as stored at that moment (see lib/registry/edit.ts). */
export type ChangePlan<R> = { ok: true; next: Registry; summary?: string } | { ok: false; refusal: R };
export type ChangeOutcome<R> = ({ ok: true } & ApplyOutcome) | { ok: false; refusal: R };

/**
 * Runs `plan` on the current registry inside one transaction holding the registry lock (imports, form saves and
 * bulk edits are serialised), then writes the difference and its audit record. A refused plan writes nothing.
 */
export async function changeRegistry<R>(
  db: Db,
  plan: (current: Registry) => ChangePlan<R>,
  options: ApplyOptions = {},
): Promise<ChangeOutcome<R>> {
  return db.$transaction(
    async (tx) => {
      await tx.$executeRaw`SELECT pg_advisory_xact_lock(${IMPORT_LOCK}::bigint)`;
      const current = await loadRegistry(tx);
      const wantRevisions = options.revisions !== false || options.expectedRevision !== undefined;
      const baseRevision = wantRevisions ? registryRevision(current) : '';
      if (options.expectedRevision && options.expectedRevision !== baseRevision) {
        throw new RevisionConflictError(options.expectedRevision, baseRevision);
      }
      const planned = plan(current);
      if (!planned.ok) return planned;
      const target = canonicalRegistry(planned.next);
      const diff = diffRegistries(current, target);
      if (options.dryRun || diff.empty) return { ok: true as const, diff, baseRevision, revision: baseRevision };
      await writeDiff(tx, target, diff);
      if (options.audit) {
        await recordAudit(tx, options.audit.actor, {
          action: options.audit.action,
          summary: planned.summary ?? [options.audit.summary, summarizeDiff(diff)].filter(Boolean).join(': '),
          changes: auditChanges(current, target, diff),
        });
      }
      // Coverage history is part of the change: the figures land (or roll back) with it.
      await recordCoverageSnapshot(tx, target, 'registry');
      return { ok: true as const, diff, baseRevision, revision: wantRevisions ? registryRevision(target) : '' };
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}

/** "2 services added, 1 page changed" */
export function summarizeDiff(diff: RegistryDiff): string {
  const parts: string[] = [];
  for (const section of Object.keys(diff.sections) as Section[]) {
    const s = diff.sections[section];
    const name = section.replace('_', ' ');
    for (const [count, verb] of [[s.added.length, 'added'], [s.changed.length, 'changed'], [s.removed.length, 'removed']] as const) {
      if (count > 0) parts.push(`${count} ${name} ${verb}`);
    }
  }
  return parts.join(', ') || 'no changes';
}

/** Each changed entity with its whole entry before and after (the audit page diffs them). */
function auditChanges(before: Registry, after: Registry, diff: RegistryDiff): AuditChangeInput[] {
  const out: AuditChangeInput[] = [];
  for (const section of Object.keys(diff.sections) as Section[]) {
    const s = diff.sections[section];
    const index = (reg: Registry) => new Map((reg[section] as unknown[]).map((e) => [entryKey(section, e), e]));
    const old = index(before);
    const now = index(after);
    for (const key of s.added) out.push({ section, key, op: 'added', after: now.get(key) });
    for (const { key } of s.changed) out.push({ section, key, op: 'changed', before: old.get(key), after: now.get(key) });
    for (const key of s.removed) out.push({ section, key, op: 'removed', before: old.get(key) });
  }
  return out;
}

/** The entries of `section` in `target` whose keys are listed. */
function pick<S extends Section>(target: Registry, section: S, keys: string[]): Registry[S] {
  const wanted = new Set(keys);
  return target[section].filter((e) => wanted.has(entryKey(section, e))) as Registry[S];
}

const json = (rows: unknown[]) => JSON.stringify(rows);

async function writeDiff(tx: Tx, target: Registry, diff: RegistryDiff): Promise<void> {
  const s = diff.sections;
  const changedKeys = (section: Section) => s[section].changed.map((c) => c.key);

  // Removals first (services before the owners they reference), then owners, then everything else.
  if (s.services.removed.length) await tx.$executeRaw`DELETE FROM "Service" WHERE name = ANY(${s.services.removed}::text[])`;
  if (s.pages.removed.length) await tx.$executeRaw`DELETE FROM "Page" WHERE path = ANY(${s.pages.removed}::text[])`;
  if (s.alert_templates.removed.length) {
    await tx.$executeRaw`DELETE FROM "AlertTemplate" WHERE key = ANY(${s.alert_templates.removed}::text[])`;
  }
  if (s.api_endpoints.removed.length) {
    await tx.$executeRaw`DELETE FROM "ApiEndpoint" WHERE (method::text || ' ' || path) = ANY(${s.api_endpoints.removed}::text[])`;
  }

  const owners = (keys: string[]) => json(pick(target, 'owners', keys));
  if (s.owners.added.length) {
    await tx.$executeRaw`
      INSERT INTO "Owner" (name, "displayName", email)
      SELECT x.name, x.display_name, x.email
      FROM jsonb_to_recordset(${owners(s.owners.added)}::jsonb) AS x(name text, display_name text, email text)`;
  }
  if (s.owners.changed.length) {
    await tx.$executeRaw`
      UPDATE "Owner" o SET "displayName" = x.display_name, email = x.email, version = o.version + 1, "updatedAt" = now()
      FROM jsonb_to_recordset(${owners(changedKeys('owners'))}::jsonb) AS x(name text, display_name text, email text)
      WHERE o.name = x.name`;
  }

  const hosts = (keys: string[]) => json(pick(target, 'hosts', keys));
  const hostColumns = 'name text, address text, ssh_port int, ssh_user text, ssh_key text';
  if (s.hosts.removed.length) await tx.$executeRaw`DELETE FROM "Host" WHERE name = ANY(${s.hosts.removed}::text[])`;
  if (s.hosts.added.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "Host" (name, address, "sshPort", "sshUser", "sshKey")
       SELECT x.name, x.address, x.ssh_port, x.ssh_user, x.ssh_key FROM jsonb_to_recordset($1::jsonb) AS x(${hostColumns})`,
      hosts(s.hosts.added),
    );
  }
  if (s.hosts.changed.length) {
    await tx.$executeRawUnsafe(
      `UPDATE "Host" h SET address = x.address, "sshPort" = x.ssh_port, "sshUser" = x.ssh_user, "sshKey" = x.ssh_key,
         version = h.version + 1, "updatedAt" = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(${hostColumns}) WHERE h.name = x.name`,
      hosts(changedKeys('hosts')),
    );
  }

  const services = (keys: string[]) =>
    json(pick(target, 'services', keys).map((v) => ({ ...v, ...v.monitoring })));
  const serviceColumns = `name text, type text, namespace text, host text, port int, health_endpoint text,
    service_name text, prometheus boolean, sentry boolean, otel boolean, langfuse boolean, alerts text[], owner text`;
  if (s.services.added.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "Service" (name, type, namespace, host, port, "healthEndpoint", "systemdUnit", "monitorPrometheus",
         "monitorSentry", "monitorOtel", "monitorLangfuse", "alertKeys", "ownerId")
       SELECT x.name, x.type::"ServiceType", x.namespace, x.host, x.port, x.health_endpoint, x.service_name,
         x.prometheus, x.sentry, x.otel, x.langfuse, x.alerts, o.id
       FROM jsonb_to_recordset($1::jsonb) AS x(${serviceColumns}) JOIN "Owner" o ON o.name = x.owner`,
      services(s.services.added),
    );
  }
  if (s.services.changed.length) {
    await tx.$executeRawUnsafe(
      `UPDATE "Service" s SET type = x.type::"ServiceType", namespace = x.namespace, host = x.host, port = x.port,
         "healthEndpoint" = x.health_endpoint, "systemdUnit" = x.service_name, "monitorPrometheus" = x.prometheus,
         "monitorSentry" = x.sentry, "monitorOtel" = x.otel, "monitorLangfuse" = x.langfuse, "alertKeys" = x.alerts,
         "ownerId" = o.id, version = s.version + 1, "updatedAt" = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(${serviceColumns}) JOIN "Owner" o ON o.name = x.owner
       WHERE s.name = x.name`,
      services(changedKeys('services')),
    );
  }
  if (s.owners.removed.length) await tx.$executeRaw`DELETE FROM "Owner" WHERE name = ANY(${s.owners.removed}::text[])`;

  const templates = (keys: string[]) => json(pick(target, 'alert_templates', keys));
  const templateColumns = `key text, alert text, expr text, "for" text, severity text, summary text, auto_repair text, runbook_url text`;
  if (s.alert_templates.added.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "AlertTemplate" (key, "alertName", expr, "for", severity, summary, "autoRepair", "runbookUrl")
       SELECT x.key, x.alert, x.expr, x."for", x.severity::"Severity", x.summary, x.auto_repair, x.runbook_url
       FROM jsonb_to_recordset($1::jsonb) AS x(${templateColumns})`,
      templates(s.alert_templates.added),
    );
  }
  if (s.alert_templates.changed.length) {
    await tx.$executeRawUnsafe(
      `UPDATE "AlertTemplate" t SET "alertName" = x.alert, expr = x.expr, "for" = x."for", severity = x.severity::"Severity",
         summary = x.summary, "autoRepair" = x.auto_repair, "runbookUrl" = x.runbook_url, version = t.version + 1, "updatedAt" = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(${templateColumns}) WHERE t.key = x.key`,
      templates(changedKeys('alert_templates')),
    );
  }

  const pages = (keys: string[]) => json(pick(target, 'pages', keys).map((p) => ({ ...p, ...p.monitoring })));
  const pageColumns = `path text, name text, sentry_session boolean, web_vitals boolean, alerts text[]`;
  if (s.pages.added.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "Page" (path, name, "sentrySession", "webVitals", "alertKeys")
       SELECT x.path, x.name, x.sentry_session, x.web_vitals, x.alerts FROM jsonb_to_recordset($1::jsonb) AS x(${pageColumns})`,
      pages(s.pages.added),
    );
  }
  if (s.pages.changed.length) {
    await tx.$executeRawUnsafe(
      `UPDATE "Page" p SET name = x.name, "sentrySession" = x.sentry_session, "webVitals" = x.web_vitals,
         "alertKeys" = x.alerts, version = p.version + 1, "updatedAt" = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(${pageColumns}) WHERE p.path = x.path`,
      pages(changedKeys('pages')),
    );
  }

  const endpoints = (keys: string[]) => json(pick(target, 'api_endpoints', keys));
  const endpointColumns = `method text, path text, critical boolean, slo_latency_ms int, slo_availability double precision`;
  if (s.api_endpoints.added.length) {
    await tx.$executeRawUnsafe(
      `INSERT INTO "ApiEndpoint" (method, path, critical, "sloLatencyMs", "sloAvailability")
       SELECT x.method::"HttpMethod", x.path, x.critical, x.slo_latency_ms, x.slo_availability
       FROM jsonb_to_recordset($1::jsonb) AS x(${endpointColumns})`,
      endpoints(s.api_endpoints.added),
    );
  }
  if (s.api_endpoints.changed.length) {
    await tx.$executeRawUnsafe(
      `UPDATE "ApiEndpoint" e SET critical = x.critical, "sloLatencyMs" = x.slo_latency_ms,
         "sloAvailability" = x.slo_availability, version = e.version + 1, "updatedAt" = now()
       FROM jsonb_to_recordset($1::jsonb) AS x(${endpointColumns})
       WHERE e.method::text = x.method AND e.path = x.path`,
      endpoints(changedKeys('api_endpoints')),
    );
  }
}
