// The shape of a registry file, entry by entry (zod). Cross-entry rules (per-type required fields,
// duplicates, references) live in rules.ts so that every problem is reported at once.
import { z } from 'zod';
import { HTTP_METHODS, SERVICE_TYPES, SEVERITIES } from './model';

/** Describes a value for "got ..." in messages without dumping huge inputs. */
export function describeValue(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'a list';
  if (typeof value === 'object') return 'a mapping';
  if (typeof value === 'string') {
    const shown = value.length > 40 ? `${value.slice(0, 40)}…` : value;
    return `text ${JSON.stringify(shown)}`;
  }
  return `${typeof value} ${String(value)}`;
}

/** Error text for a field: "required" when missing, otherwise what was expected and what came. */
function expect(what: string) {
  return {
    error: (issue: { input?: unknown }) =>
      issue.input === undefined ? `required (${what})` : `expected ${what}, got ${describeValue(issue.input)}`,
  };
}

const text = (what: string, max = 1024) =>
  z
    .string(expect(what))
    .min(1, { error: `must not be empty (${what})` })
    .max(max, { error: `is longer than ${max} characters` })
    .refine((s) => !/[\r\n]/.test(s), { error: 'must be a single line' });

const pattern = (what: string, re: RegExp, hint: string, max = 253) =>
  z
    .string(expect(what))
    .max(max, { error: `is longer than ${max} characters` })
    .regex(re, { error: `expected ${what} (${hint})` });

const flag = z.boolean(expect('true or false'));

export const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
export const TEMPLATE_KEY_RE = /^[a-z][a-z0-9_]*$/;
export const K8S_NAMESPACE_RE = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
export const HOSTNAME_RE =
  /^(?=.{1,253}$)([A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)(\.[A-Za-z0-9]([A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*$/;
const IPV4_RE = /^((25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)$/;
const SYSTEMD_UNIT_RE = /^[A-Za-z0-9:_.\\@-]+$/;
const PROM_DURATION_RE = /^((\d+y)?(\d+w)?(\d+d)?(\d+h)?(\d+m)?(\d+s)?(\d+ms)?)$/;
const ALERT_NAME_RE = /^[A-Za-z_:][A-Za-z0-9_:]*$/;

export const entityName = (what: string) =>
  pattern(what, NAME_RE, 'letters, digits, ".", "_" or "-", starting with a letter or digit');
export const templateKey = pattern('a template key', TEMPLATE_KEY_RE, 'snake_case such as service_down', 100);

const host = z
  .string(expect('a host name or IP address'))
  .refine((h) => IPV4_RE.test(h) || HOSTNAME_RE.test(h) || isIpv6(h), {
    error: 'expected a host name or IP address such as 192.168.0.10 or db-1.internal',
  });

function isIpv6(h: string): boolean {
  return h.includes(':') && z.ipv6().safeParse(h).success;
}

const port = z
  .int(expect('a whole number from 1 to 65535'))
  .min(1, { error: 'expected a port from 1 to 65535' })
  .max(65535, { error: 'expected a port from 1 to 65535' });

const urlPath = (what: string) =>
  text(what, 2048).refine((p) => p.startsWith('/'), { error: `must start with "/" (${what})` });

const alertList = z.array(templateKey, expect('a list of alert template keys'));

export const serviceMonitoringSchema = z.strictObject(
  { prometheus: flag.optional(), sentry: flag.optional(), otel: flag.optional(), langfuse: flag.optional() },
  expect('a mapping of prometheus/sentry/otel/langfuse to true or false'),
);

export const serviceSchema = z.strictObject(
  {
    name: entityName('a service name'),
    type: z.enum(SERVICE_TYPES, expect(`one of ${SERVICE_TYPES.join(', ')}`)),
    namespace: pattern('a Kubernetes namespace', K8S_NAMESPACE_RE, 'lowercase letters, digits and "-"', 63).optional(),
    host: host.optional(),
    port: port.optional(),
    health_endpoint: text('a health endpoint: an HTTP path, a file path or a command').optional(),
    service_name: pattern('a systemd unit name', SYSTEMD_UNIT_RE, 'such as nginx.service', 256).optional(),
    monitoring: serviceMonitoringSchema.optional(),
    alerts: alertList.optional(),
    owner: entityName('an owner name'),
  },
  expect('a mapping (one service)'),
);

export const pageSchema = z.strictObject(
  {
    path: urlPath('a page path'),
    name: text('a page name', 200),
    monitoring: z
      .strictObject(
        { sentry_session: flag.optional(), web_vitals: flag.optional() },
        expect('a mapping of sentry_session/web_vitals to true or false'),
      )
      .optional(),
    alerts: alertList.optional(),
  },
  expect('a mapping (one page)'),
);

export const apiEndpointSchema = z.strictObject(
  {
    path: urlPath('an API path'),
    method: z.enum(HTTP_METHODS, expect(`an HTTP method: ${HTTP_METHODS.join(', ')}`)),
    critical: flag.optional(),
    slo_latency_ms: z
      .int(expect('a whole number of milliseconds'))
      .min(1, { error: 'must be greater than 0 (milliseconds)' })
      .optional(),
    slo_availability: z
      .number(expect('a percentage between 0 and 100, such as 99.9'))
      .gt(0, { error: 'must be greater than 0 and less than 100 (percent)' })
      .lt(100, { error: 'must be greater than 0 and less than 100 (percent)' })
      .optional(),
  },
  expect('a mapping (one API endpoint)'),
);

export const alertTemplateSchema = z.strictObject(
  {
    key: templateKey,
    alert: pattern('a Prometheus alert name', ALERT_NAME_RE, 'letters, digits and "_", such as ServiceDown', 200),
    expr: z
      .string(expect('a PromQL expression'))
      .min(1, { error: 'must not be empty (a PromQL expression)' })
      .max(10_000, { error: 'is longer than 10000 characters' }),
    for: pattern('a Prometheus duration', PROM_DURATION_RE, 'such as 30s, 5m or 1h', 32).refine((d) => d !== '', {
      error: 'expected a Prometheus duration such as 30s, 5m or 1h',
    }),
    severity: z.enum(SEVERITIES, expect(`one of ${SEVERITIES.join(', ')}`)),
    summary: text('a one-line summary', 1000),
    auto_repair: pattern('an action id', /^[a-z][a-z0-9_]*$/, 'snake_case such as restart_pod', 100).optional(),
    runbook_url: z
      .url({ protocol: /^https?$/, error: 'expected an http(s) URL' })
      .max(2048, { error: 'is longer than 2048 characters' })
      .optional(),
  },
  expect('a mapping (one alert template)'),
);

export const ownerSchema = z.strictObject(
  {
    name: entityName('an owner name'),
    display_name: text('a display name', 200).optional(),
    email: z.email({ error: 'expected an email address' }).optional(),
  },
  expect('a mapping (one owner)'),
);

/** A reference to an SSH private key, never the key: the key stays in the environment or a file. */
export const SSH_KEY_REF_RE = /^(env:[A-Za-z_][A-Za-z0-9_]*|file:\/[^\s]*)$/;
const sshKeyRef = z
  .string(expect('an SSH key reference'))
  .max(1024, { error: 'is longer than 1024 characters' })
  .refine((k) => !k.includes('PRIVATE KEY') && !k.includes('\n'), {
    error: 'looks like a private key: give a reference instead (env:NAME or file:/path); keys are never stored',
  })
  .refine((k) => SSH_KEY_REF_RE.test(k), {
    error: 'expected a key reference: env:NAME (an environment variable holding the key) or file:/absolute/path',
  });

export const hostSchema = z.strictObject(
  {
    name: entityName('a host name'),
    address: host,
    ssh_port: port.optional(),
    ssh_user: pattern('an SSH user name', /^[A-Za-z_][A-Za-z0-9_.-]*$/, 'such as deploy', 32).optional(),
    ssh_key: sshKeyRef.optional(),
  },
  expect('a mapping (one host)'),
);

const section = <T extends z.ZodType>(entry: T, what: string) => z.array(entry, expect(`a list of ${what}`)).optional();

export const registryFileSchema = z.strictObject(
  {
    services: section(serviceSchema, 'services'),
    pages: section(pageSchema, 'pages'),
    api_endpoints: section(apiEndpointSchema, 'API endpoints'),
    alert_templates: section(alertTemplateSchema, 'alert templates'),
    owners: section(ownerSchema, 'owners'),
    hosts: section(hostSchema, 'hosts'),
  },
  expect('a mapping with services, pages, api_endpoints, alert_templates, owners and hosts'),
);

export type RegistryFile = z.infer<typeof registryFileSchema>;
export const KNOWN_FIELDS: Record<string, readonly string[]> = {
  '': Object.keys(registryFileSchema.shape),
  services: Object.keys(serviceSchema.shape),
  'services.monitoring': Object.keys(serviceMonitoringSchema.shape),
  pages: Object.keys(pageSchema.shape),
  'pages.monitoring': ['sentry_session', 'web_vitals'],
  api_endpoints: Object.keys(apiEndpointSchema.shape),
  alert_templates: Object.keys(alertTemplateSchema.shape),
  owners: Object.keys(ownerSchema.shape),
  hosts: Object.keys(hostSchema.shape),
};
