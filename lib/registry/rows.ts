// Database rows <-> the registry model, in one place for every reader (store, lists, overview).
import type {
  AlertTemplate as AlertTemplateRow,
  ApiEndpoint as ApiEndpointRow,
  Host as HostRow,
  Owner as OwnerRow,
  Page as PageRow,
  Service as ServiceRowDb,
} from '../db/generated/client';
import type { AlertTemplate, ApiEndpoint, Host, Owner, Page, Service, ServiceType } from './model';

/** Prisma names the enum value `k8s_deployment`; the database and the registry say `k8s-deployment`. */
export const serviceTypeFromDb = (t: string): ServiceType => (t === 'k8s_deployment' ? 'k8s-deployment' : (t as ServiceType));
export const serviceTypeToDb = (t: ServiceType) => (t === 'k8s-deployment' ? 'k8s_deployment' : t);

const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function serviceFromRow(s: ServiceRowDb & { owner: { name: string } }): Service {
  return {
    name: s.name,
    type: serviceTypeFromDb(s.type),
    namespace: opt(s.namespace),
    host: opt(s.host),
    port: opt(s.port),
    health_endpoint: opt(s.healthEndpoint),
    service_name: opt(s.systemdUnit),
    monitoring: {
      prometheus: s.monitorPrometheus,
      sentry: s.monitorSentry,
      otel: s.monitorOtel,
      langfuse: s.monitorLangfuse,
    },
    alerts: s.alertKeys,
    owner: s.owner.name,
  };
}

export function pageFromRow(p: PageRow): Page {
  return {
    path: p.path,
    name: p.name,
    monitoring: { sentry_session: p.sentrySession, web_vitals: p.webVitals },
    alerts: p.alertKeys,
  };
}

export function endpointFromRow(e: ApiEndpointRow): ApiEndpoint {
  return {
    method: e.method,
    path: e.path,
    critical: e.critical,
    slo_latency_ms: opt(e.sloLatencyMs),
    slo_availability: opt(e.sloAvailability),
  };
}

export function templateFromRow(t: AlertTemplateRow): AlertTemplate {
  return {
    key: t.key,
    alert: t.alertName,
    expr: t.expr,
    for: t.for,
    severity: t.severity,
    summary: t.summary,
    auto_repair: opt(t.autoRepair),
    runbook_url: opt(t.runbookUrl),
  };
}

export function ownerFromRow(o: Pick<OwnerRow, 'name' | 'displayName' | 'email'>): Owner {
  return { name: o.name, display_name: opt(o.displayName), email: opt(o.email) };
}

export function hostFromRow(h: Pick<HostRow, 'name' | 'address' | 'sshPort' | 'sshUser' | 'sshKey'>): Host {
  return { name: h.name, address: h.address, ssh_port: opt(h.sshPort), ssh_user: opt(h.sshUser), ssh_key: opt(h.sshKey) };
}
