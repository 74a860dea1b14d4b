// The floor for a registry import: the same rows written with plain multi-row INSERT ... VALUES statements over
// node-postgres, in one transaction, with none of the import's work (parsing, validation, diffing, audit). What
// the import adds on top of this is the price of its checks.
import pg from 'pg';
import type { Registry } from '../../lib/registry/model';

/** At most this many parameters per statement (PostgreSQL allows 65,535). */
const MAX_PARAMS = 60_000;

async function insertRows(client: pg.Client, table: string, columns: string[], rows: unknown[][], casts: Record<number, string> = {}): Promise<void> {
  const per = Math.max(1, Math.floor(MAX_PARAMS / columns.length));
  for (let start = 0; start < rows.length; start += per) {
    const chunk = rows.slice(start, start + per);
    const params: unknown[] = [];
    const tuples = chunk.map((row) => `(${row.map((value, c) => `$${params.push(value)}${casts[c] ?? ''}`).join(', ')})`);
    await client.query(`INSERT INTO "${table}" (${columns.map((c) => `"${c}"`).join(', ')}) VALUES ${tuples.join(', ')}`, params);
  }
}

/** Writes every entry of `registry` into the (empty) registry tables; the owner ids are looked up by name. */
export async function rawInsertRegistry(databaseUrl: string, registry: Registry): Promise<void> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query('BEGIN');
    await insertRows(client, 'Owner', ['name', 'displayName', 'email'], registry.owners.map((o) => [o.name, o.display_name ?? null, o.email ?? null]));
    const owners = new Map((await client.query<{ id: number; name: string }>('SELECT id, name FROM "Owner"')).rows.map((r) => [r.name, r.id]));
    await insertRows(
      client,
      'Service',
      ['name', 'type', 'namespace', 'host', 'port', 'healthEndpoint', 'systemdUnit', 'monitorPrometheus', 'monitorSentry', 'monitorOtel', 'monitorLangfuse', 'alertKeys', 'ownerId'],
      registry.services.map((s) => [
        s.name, s.type, s.namespace ?? null, s.host ?? null, s.port ?? null, s.health_endpoint ?? null, s.service_name ?? null,
        s.monitoring.prometheus, s.monitoring.sentry, s.monitoring.otel, s.monitoring.langfuse, s.alerts, owners.get(s.owner) ?? null,
      ]),
      { 1: '::"ServiceType"' },
    );
    await insertRows(
      client,
      'AlertTemplate',
      ['key', 'alertName', 'expr', 'for', 'severity', 'summary', 'autoRepair', 'runbookUrl'],
      registry.alert_templates.map((t) => [t.key, t.alert, t.expr, t.for, t.severity, t.summary, t.auto_repair ?? null, t.runbook_url ?? null]),
      { 4: '::"Severity"' },
    );
    await insertRows(
      client,
      'Page',
      ['path', 'name', 'sentrySession', 'webVitals', 'alertKeys'],
      registry.pages.map((p) => [p.path, p.name, p.monitoring.sentry_session, p.monitoring.web_vitals, p.alerts]),
    );
    await insertRows(
      client,
      'ApiEndpoint',
      ['method', 'path', 'critical', 'sloLatencyMs', 'sloAvailability'],
      registry.api_endpoints.map((e) => [e.method, e.path, e.critical, e.slo_latency_ms ?? null, e.slo_availability ?? null]),
      { 0: '::"HttpMethod"' },
    );
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => {});
    throw error;
  } finally {
    await client.end();
  }
}
