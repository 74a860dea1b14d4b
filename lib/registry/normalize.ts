// Turns a validated file into the canonical registry: defaults filled in, owners implied by services added,
// every section in a stable order. Export, diff and the database all speak this canonical form.
import type { AlertTemplate, ApiEndpoint, Host, Owner, Page, Registry, Service } from './model';
import type { RegistryFile } from './schema';

const byText = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);

export const compareServices = (a: Service, b: Service) => byText(a.name, b.name);
export const comparePages = (a: Page, b: Page) => byText(a.path, b.path);
export const compareEndpoints = (a: ApiEndpoint, b: ApiEndpoint) => byText(a.path, b.path) || byText(a.method, b.method);
export const compareTemplates = (a: AlertTemplate, b: AlertTemplate) => byText(a.key, b.key);
export const compareOwners = (a: Owner, b: Owner) => byText(a.name, b.name);
export const compareHosts = (a: Host, b: Host) => byText(a.name, b.name);

/** Drops keys whose value is undefined so that equal entries compare and serialise equally. */
function compact<T extends object>(value: T): T {
  for (const key of Object.keys(value) as (keyof T)[]) if (value[key] === undefined) delete value[key];
  return value;
}

export function service(s: Service): Service {
  return compact({
    name: s.name,
    type: s.type,
    namespace: s.namespace,
    host: s.host,
    port: s.port,
    health_endpoint: s.health_endpoint,
    service_name: s.service_name,
    monitoring: {
      prometheus: s.monitoring.prometheus,
      sentry: s.monitoring.sentry,
      otel: s.monitoring.otel,
      langfuse: s.monitoring.langfuse,
    },
    alerts: [...s.alerts],
    owner: s.owner,
  });
}

export function page(p: Page): Page {
  return {
    path: p.path,
    name: p.name,
    monitoring: { sentry_session: p.monitoring.sentry_session, web_vitals: p.monitoring.web_vitals },
    alerts: [...p.alerts],
  };
}

export function apiEndpoint(e: ApiEndpoint): ApiEndpoint {
  return compact({
    path: e.path,
    method: e.method,
    critical: e.critical,
    slo_latency_ms: e.slo_latency_ms,
    slo_availability: e.slo_availability,
  });
}

export function alertTemplate(t: AlertTemplate): AlertTemplate {
  return compact({
    key: t.key,
    alert: t.alert,
    expr: t.expr,
    for: t.for,
    severity: t.severity,
    summary: t.summary,
    auto_repair: t.auto_repair,
    runbook_url: t.runbook_url,
  });
}

export function owner(o: Owner): Owner {
  return compact({ name: o.name, display_name: o.display_name, email: o.email });
}

export function host(h: Host): Host {
  return compact({ name: h.name, address: h.address, ssh_port: h.ssh_port, ssh_user: h.ssh_user, ssh_key: h.ssh_key });
}

/** Canonical key order and section order for any registry (from a file, the database or a form). */
export function canonicalRegistry(r: Registry): Registry {
  return {
    owners: r.owners.map(owner).sort(compareOwners),
    hosts: (r.hosts ?? []).map(host).sort(compareHosts),
    alert_templates: r.alert_templates.map(alertTemplate).sort(compareTemplates),
    services: r.services.map(service).sort(compareServices),
    pages: r.pages.map(page).sort(comparePages),
    api_endpoints: r.api_endpoints.map(apiEndpoint).sort(compareEndpoints),
  };
}

/** A checked file as a registry. Without an alert_templates section the shipped defaults apply. */
export function registryFromFile(file: RegistryFile, defaultTemplates: readonly AlertTemplate[]): Registry {
  const services: Service[] = (file.services ?? []).map((s) => ({
    ...s,
    monitoring: {
      prometheus: s.monitoring?.prometheus ?? false,
      sentry: s.monitoring?.sentry ?? false,
      otel: s.monitoring?.otel ?? false,
      langfuse: s.monitoring?.langfuse ?? false,
    },
    alerts: s.alerts ?? [],
  }));
  const owners: Owner[] = [...(file.owners ?? [])];
  const declared = new Set(owners.map((o) => o.name));
  for (const s of services) {
    if (!declared.has(s.owner)) {
      declared.add(s.owner);
      owners.push({ name: s.owner });
    }
  }
  return canonicalRegistry({
    owners,
    hosts: file.hosts ?? [],
    alert_templates: file.alert_templates ?? [...defaultTemplates],
    services,
    pages: (file.pages ?? []).map((p) => ({
      ...p,
      monitoring: {
        sentry_session: p.monitoring?.sentry_session ?? false,
        web_vitals: p.monitoring?.web_vitals ?? false,
      },
      alerts: p.alerts ?? [],
    })),
    api_endpoints: (file.api_endpoints ?? []).map((e) => ({ ...e, critical: e.critical ?? false })),
  });
}
