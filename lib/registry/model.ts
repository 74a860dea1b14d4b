// The registry as the app thinks of it: plain data, independent of YAML and of the database.
// Field names follow the YAML format (snake_case) so the mapping to files stays obvious.

export const SERVICE_TYPES = ['k8s-deployment', 'docker', 'systemd'] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE', 'HEAD', 'OPTIONS'] as const;
export type HttpMethod = (typeof HTTP_METHODS)[number];

export const SEVERITIES = ['critical', 'warning', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];

export interface ServiceMonitoring {
  prometheus: boolean;
  sentry: boolean;
  otel: boolean;
  langfuse: boolean;
}

export interface Service {
  name: string;
  type: ServiceType;
  /** k8s-deployment only (required there) */
  namespace?: string;
  /** docker and systemd only (required there); Kubernetes workloads have no host */
  host?: string;
  port?: number;
  /** an HTTP path, an exec-probe file path or a command such as `pg_isready` */
  health_endpoint?: string;
  /** systemd only (required there): the unit name */
  service_name?: string;
  monitoring: ServiceMonitoring;
  /** alert template keys, in the registry's order */
  alerts: string[];
  owner: string;
}

export interface PageMonitoring {
  sentry_session: boolean;
  web_vitals: boolean;
}

export interface Page {
  path: string;
  name: string;
  monitoring: PageMonitoring;
  alerts: string[];
}

export interface ApiEndpoint {
  method: HttpMethod;
  path: string;
  critical: boolean;
  slo_latency_ms?: number;
  /** percent, 0 < x < 100 */
  slo_availability?: number;
}

export interface AlertTemplate {
  key: string;
  alert: string;
  expr: string;
  for: string;
  severity: Severity;
  summary: string;
  auto_repair?: string;
  runbook_url?: string;
}

export interface Owner {
  name: string;
  display_name?: string;
  email?: string;
}

/**
 * A machine the app reaches over SSH (Docker and systemd discovery). Services name it in `host`, by its name or
 * its address. The SSH key is only referenced (env:VAR or file:/path), never stored or exported.
 */
export interface Host {
  name: string;
  /** DNS name or IP address */
  address: string;
  /** absent: 22 */
  ssh_port?: number;
  ssh_user?: string;
  /** `env:NAME` (the key's text is in that variable) or `file:/absolute/path` */
  ssh_key?: string;
}

export interface Registry {
  owners: Owner[];
  hosts: Host[];
  alert_templates: AlertTemplate[];
  services: Service[];
  pages: Page[];
  api_endpoints: ApiEndpoint[];
}

export const SECTIONS = ['owners', 'hosts', 'alert_templates', 'services', 'pages', 'api_endpoints'] as const;
export type Section = (typeof SECTIONS)[number];

/** The identity of an entry inside its section (what "the same entry" means for diffs and duplicates). */
export function entryKey(section: Section, entry: unknown): string {
  const e = entry as Record<string, unknown>;
  switch (section) {
    case 'owners':
    case 'hosts':
    case 'services':
      return String(e.name);
    case 'pages':
      return String(e.path);
    case 'api_endpoints':
      return `${String(e.method)} ${String(e.path)}`;
    case 'alert_templates':
      return String(e.key);
  }
}

export function emptyRegistry(): Registry {
  return { owners: [], hosts: [], alert_templates: [], services: [], pages: [], api_endpoints: [] };
}
