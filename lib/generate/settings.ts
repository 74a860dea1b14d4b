// Everything about the generated configs that is not in the registry: addresses of the monitoring stack,
// intervals, SLO defaults. Every field has a default, so an empty settings file is valid. Pure: no I/O.
import { z } from 'zod';
import { zodProblems } from '../validation/zod-problems';

const duration = z
  .string()
  .regex(/^(\d+(ms|s|m|h|d|w|y))+$/, 'expected a Prometheus duration such as 30s, 5m, 1h or 30d');
const hostPort = z.string().regex(/^[^\s/:]+:\d{1,5}$/, 'expected host:port');
const url = z.url({ protocol: /^https?$/, error: 'expected an http:// or https:// URL' });
const labelName = z.string().regex(/^[a-zA-Z_][a-zA-Z0-9_]*$/, 'expected a Prometheus label name');

/** prom-client's and client_golang's default histogram buckets, in seconds. */
export const DEFAULT_LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10];

export const generateSettingsSchema = z
  .object({
    prometheus: z
      .object({
        scrape_interval: duration.default('30s'),
        evaluation_interval: duration.default('30s'),
        external_labels: z.record(labelName, z.string()).default({}),
      })
      .strict()
      .prefault({}),
    alertmanager: z
      .object({
        /** where Prometheus sends alerts */
        targets: z.array(hostPort).min(1).default(['127.0.0.1:9093']),
        /** every owner's receiver posts here unless owner_webhooks names another URL */
        default_webhook_url: url.default('http://awoooi-api.awoooi-prod.svc:8000/api/v1/webhooks/alertmanager'),
        owner_webhooks: z.record(z.string(), url).default({}),
      })
      .strict()
      .prefault({}),
    blackbox: z
      .object({
        exporter_address: hostPort.default('127.0.0.1:9115'),
        /** the Blackbox target file as Prometheus sees it, relative to prometheus.yml's folder or absolute */
        targets_file: z.string().min(1).default('../blackbox/targets.json'),
        scrape_interval: duration.optional(),
      })
      .strict()
      .prefault({}),
    /** exporters every docker/systemd host is expected to run; null leaves the job out */
    host_exporters: z
      .object({
        node_exporter_port: z.number().int().min(1).max(65535).nullable().default(9100),
        cadvisor_port: z.number().int().min(1).max(65535).nullable().default(8080),
      })
      .strict()
      .prefault({}),
    /** the awoooi-monitor app itself, scraped as job awoooi-monitor */
    self: z
      .object({
        target: hostPort.default('127.0.0.1:3000'),
        metrics_path: z.string().startsWith('/').default('/api/v1/metrics'),
        scheme: z.enum(['http', 'https']).default('http'),
      })
      .strict()
      .prefault({}),
    kubernetes: z
      .object({
        /** in-cluster DNS suffix for Blackbox URLs: <service>.<namespace>.svc */
        service_domain: z.string().default('svc'),
        /** namespace of the generated PrometheusRule objects (ServiceMonitors go into their service's namespace) */
        rules_namespace: z.string().default('monitoring'),
        /** labels your Prometheus Operator selects PrometheusRules and ServiceMonitors by */
        selector_labels: z.record(z.string(), z.string()).default({ release: 'prometheus' }),
        /** the label on each Kubernetes Service that carries the registry's service name */
        service_label: z.string().default('app.kubernetes.io/name'),
      })
      .strict()
      .prefault({}),
    slo: z
      .object({
        /** the SLO period the error budget is spent over */
        window: duration.default('30d'),
        /** the buckets of http_request_duration_seconds; a latency SLO must sit on one of them */
        latency_buckets_seconds: z.array(z.number().positive()).min(1).default(DEFAULT_LATENCY_BUCKETS),
        /** share of requests (percent) that must be faster than slo_latency_ms */
        latency_objective_percent: z.number().gt(0).lt(100).default(99),
      })
      .strict()
      .prefault({}),
    grafana: z
      .object({
        datasource_uid: z.string().min(1).default('prometheus'),
        folder: z.string().min(1).default('awoooi-monitor'),
        /** where the provisioning file tells Grafana the dashboards are */
        dashboards_path: z.string().min(1).default('/var/lib/grafana/dashboards/awoooi-monitor'),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export type GenerateSettings = z.output<typeof generateSettingsSchema>;
export type GenerateSettingsInput = z.input<typeof generateSettingsSchema>;

export function defaultSettings(): GenerateSettings {
  return generateSettingsSchema.parse({});
}

/** Settings from a parsed YAML/JSON value; problems as `path: message` lines. */
export function parseSettings(value: unknown): { ok: true; value: GenerateSettings } | { ok: false; problems: string[] } {
  const result = generateSettingsSchema.safeParse(value ?? {});
  if (result.success) return { ok: true, value: result.data };
  return {
    ok: false,
    problems: zodProblems(result.error),
  };
}
