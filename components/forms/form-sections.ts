// What the entry forms know about each section they edit: nouns, field labels (shared by the form, the error
// summary and the conflict panel) and which service fields each type shows. Pure, browser-safe.
import type { Draft } from '@/lib/registry/entry-draft';
import type { Section } from '@/lib/registry/model';

/** The sections with browser forms here (alert templates have their own page). */
export type FormSection = Extract<Section, 'services' | 'pages' | 'api_endpoints' | 'owners' | 'hosts'>;

export const NOUN: Record<FormSection, string> = {
  services: 'service',
  pages: 'page',
  api_endpoints: 'API endpoint',
  owners: 'owner',
  hosts: 'host',
};

export const PLURAL: Record<FormSection, string> = {
  services: 'services',
  pages: 'pages',
  api_endpoints: 'API endpoints',
  owners: 'owners',
  hosts: 'hosts',
};

export const LABELS: Record<FormSection, Record<string, string>> = {
  services: {
    name: 'Name',
    type: 'Type',
    owner: 'Owner',
    namespace: 'Namespace',
    host: 'Host',
    port: 'Port',
    health_endpoint: 'Health endpoint',
    service_name: 'Unit (systemd service name)',
    prometheus: 'Prometheus',
    sentry: 'Sentry',
    otel: 'OpenTelemetry',
    langfuse: 'Langfuse',
    alerts: 'Alerts',
  },
  pages: { path: 'Path', name: 'Name', sentry_session: 'Sentry session', web_vitals: 'Web Vitals', alerts: 'Alerts' },
  api_endpoints: {
    method: 'Method',
    path: 'Path',
    critical: 'Critical',
    slo_latency_ms: 'SLO latency (ms)',
    slo_availability: 'SLO availability (%)',
  },
  owners: { name: 'Name', display_name: 'Display name', email: 'Email' },
  hosts: { name: 'Name', address: 'Address', ssh_port: 'SSH port', ssh_user: 'SSH user', ssh_key: 'SSH key reference' },
};

/** Service fields only some types have; the others are hidden (and checkDraft drops their leftovers). */
const TYPE_ONLY: Record<string, readonly string[]> = {
  namespace: ['k8s-deployment'],
  host: ['docker', 'systemd'],
  service_name: ['systemd'],
};

export function fieldShown(section: FormSection, draft: Draft, field: string): boolean {
  if (section !== 'services' || !(field in TYPE_ONLY)) return true;
  return TYPE_ONLY[field]!.includes(String(draft.type));
}

export const labelOf = (section: FormSection, field: string) => LABELS[section][field] ?? field;
