// prometheus/prometheus.yml: global settings, rule files, Alertmanager, and one scrape job per service
// plus the jobs the default templates rely on (Blackbox probes, node_exporter, cAdvisor, this app). Pure.
import type { Registry, Service } from '../registry/model';
import { cmp, RULE_FILES } from './alert-rules';
import { escapeRegex } from './instantiate';
import type { GenerateSettings } from './settings';
import { entryName, type Generator, type Reporter } from './types';
import { hole, toYamlAt, yamlFile, yamlSkeleton, type Skeleton, type SkeletonValues } from './yaml';

/** Job names this file uses for its own jobs; a service of the same name would collide with them. */
export const INFRA_JOBS = { self: 'awoooi-monitor', blackbox: 'blackbox', node: 'node-exporter', cadvisor: 'cadvisor' } as const;

type ScrapeConfig = Record<string, unknown>;

/** `host:port`, with IPv6 literals bracketed. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

/** What differs between two services' scrape jobs of one shape: the holes of its skeleton (see yamlSkeleton). */
interface K8sJobFields {
  name: string;
  namespace: string;
  /** the ReplicaSet regex that keeps only this workload's pods */
  workload: string;
  owner: string;
  type: string;
  /** the container port as a regex, or undefined to follow the pods' prometheus.io annotations */
  port?: string;
}

interface StaticJobFields {
  name: string;
  target: string;
  owner: string;
  type: string;
}

function k8sJob(f: K8sJobFields): ScrapeConfig {
  const relabel: Record<string, unknown>[] = [
    // Pods of a Deployment belong to a ReplicaSet named <deployment>-<pod-template-hash>: exact, and no
    // labelling convention needed. `[a-z0-9]+` has no `-`, so awoooi-api does not catch awoooi-api-gateway.
    {
      source_labels: ['__meta_kubernetes_pod_controller_kind', '__meta_kubernetes_pod_controller_name'],
      regex: f.workload,
      action: 'keep',
    },
    { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed|Unknown', action: 'drop' },
    { source_labels: ['__meta_kubernetes_pod_container_init'], regex: 'true', action: 'drop' },
  ];
  if (f.port !== undefined) {
    relabel.push({ source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: f.port, action: 'keep' });
  } else {
    relabel.push(
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_scrape'], regex: 'true', action: 'keep' },
      {
        source_labels: ['__address__', '__meta_kubernetes_pod_annotation_prometheus_io_port'],
        regex: '(.+?)(?::\\d+)?;(\\d+)',
        replacement: '$1:$2',
        target_label: '__address__',
      },
      { source_labels: ['__meta_kubernetes_pod_annotation_prometheus_io_path'], regex: '(.+)', target_label: '__metrics_path__' },
    );
  }
  relabel.push(
    { target_label: 'service', replacement: f.name },
    { target_label: 'owner', replacement: f.owner },
    { target_label: 'type', replacement: f.type },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
  );
  return {
    job_name: f.name,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [f.namespace] } }],
    relabel_configs: relabel,
  };
}

function staticJob(f: StaticJobFields): ScrapeConfig {
  return {
    job_name: f.name,
    static_configs: [{ targets: [f.target], labels: { service: f.name, owner: f.owner, type: f.type } }],
  };
}

type JobSpec = { kind: 'k8s'; fields: K8sJobFields } | { kind: 'static'; fields: StaticJobFields };

const jobObject = (job: JobSpec): ScrapeConfig => (job.kind === 'k8s' ? k8sJob(job.fields) : staticJob(job.fields));

/** Every service's scrape job, by service name; what cannot be scraped is reported. */
function serviceJobs(registry: Registry, settings: GenerateSettings, report: Reporter): JobSpec[] {
  const reserved = new Map<string, string>([
    [INFRA_JOBS.blackbox, 'the Blackbox probes'],
    [INFRA_JOBS.node, 'node_exporter on every host'],
    [INFRA_JOBS.cadvisor, 'cAdvisor on every Docker host'],
  ]);
  const jobs: JobSpec[] = [];
  for (const service of [...registry.services].sort((a, b) => cmp(a.name, b.name))) {
    const entry = entryName.service(service.name);
    if (!service.monitoring.prometheus) continue;
    if (reserved.has(service.name)) {
      report.skip(entry, `job name ${JSON.stringify(service.name)} is taken by ${reserved.get(service.name)}; rename the service to scrape it`, 'scrape');
      continue;
    }
    const { name, owner, type } = service;
    if (service.type === 'k8s-deployment') {
      if (service.port === undefined) {
        // No port in the registry: follow the pods' own prometheus.io/* annotations, the common convention.
        report.note(
          entry,
          'no port: pods are scraped only if annotated prometheus.io/scrape: "true" (port from prometheus.io/port, path from prometheus.io/path)',
          'scrape',
        );
      }
      const fields: K8sJobFields = { name, namespace: service.namespace!, workload: `ReplicaSet;${escapeRegex(name)}-[a-z0-9]+`, owner, type };
      if (service.port !== undefined) fields.port = String(service.port);
      jobs.push({ kind: 'k8s', fields });
    } else if (service.host !== undefined && service.port !== undefined) {
      jobs.push({ kind: 'static', fields: { name, target: hostPort(service.host, service.port), owner, type } });
    } else if (service.type === 'systemd' && settings.host_exporters.node_exporter_port !== null) {
      report.note(entry, `no port to scrape; node_exporter on ${service.host} (job ${INFRA_JOBS.node}) reports the unit's state`, 'scrape');
    } else {
      report.skip(entry, 'monitoring.prometheus is on but the service has no port to scrape; add `port`', 'scrape');
    }
  }
  return jobs;
}

/**
 * Appends the service jobs, as items of `scrape_configs:` laid out as the general writer does, to `out`: each
 * shape (k8s with or without a port, static) written once with holes, then filled per service (6 MB for
 * 10,000 services). Pieces, joined once with the whole file: a string per job would live (and be copied by the
 * young-generation GC) until then, and joining the jobs first would copy the 6 MB twice.
 */
function serviceJobsYaml(jobs: readonly JobSpec[], out: string[]): void {
  const shapes = new Map<string, Skeleton | undefined>();
  for (const job of jobs) {
    const values = job.fields as unknown as SkeletonValues;
    const names = Object.keys(values);
    const shape = `${job.kind}:${names.join(',')}`;
    if (!shapes.has(shape)) {
      const holes = Object.fromEntries(names.map((n) => [n, hole(n)]));
      const skeletonJob = { kind: job.kind, fields: holes } as unknown as JobSpec;
      shapes.set(shape, yamlSkeleton(toYamlAt([jobObject(skeletonJob)], '  '), names));
    }
    const fill = shapes.get(shape);
    if (fill) fill.into(out, values);
    else out.push(toYamlAt([jobObject(job)], '  '));
  }
}

function hostJob(jobName: string, hosts: Iterable<string>, port: number): ScrapeConfig | undefined {
  const targets = [...new Set(hosts)].sort(cmp).map((h) => hostPort(h, port));
  return targets.length > 0 ? { job_name: jobName, static_configs: [{ targets }] } : undefined;
}

/** prometheus.yml as data, with the service jobs left out: they come last in scrape_configs (see prometheusYaml). */
function configWithoutServiceJobs(registry: Registry, settings: GenerateSettings): Record<string, unknown> {
  const { prometheus, alertmanager, blackbox, host_exporters: exporters, self } = settings;
  const hosted = registry.services.filter((s) => s.type !== 'k8s-deployment' && s.host !== undefined);
  const selfRegistered = registry.services.some((s) => s.name === INFRA_JOBS.self);
  const jobs: (ScrapeConfig | undefined)[] = [
    selfRegistered
      ? undefined // the registry describes this app itself: its own job (below) scrapes it
      : {
          job_name: INFRA_JOBS.self,
          scheme: self.scheme,
          metrics_path: self.metrics_path,
          static_configs: [{ targets: [self.target], labels: { service: INFRA_JOBS.self } }],
        },
    {
      job_name: INFRA_JOBS.blackbox,
      metrics_path: '/probe',
      ...(blackbox.scrape_interval ? { scrape_interval: blackbox.scrape_interval } : {}),
      // The module of each target comes from its __param_module label in the targets file.
      file_sd_configs: [{ files: [blackbox.targets_file] }],
      relabel_configs: [
        { source_labels: ['__address__'], target_label: '__param_target' },
        { source_labels: ['__param_target'], target_label: 'instance' },
        { target_label: '__address__', replacement: blackbox.exporter_address },
      ],
    },
    exporters.node_exporter_port === null ? undefined : hostJob(INFRA_JOBS.node, hosted.map((s) => s.host!), exporters.node_exporter_port),
    exporters.cadvisor_port === null
      ? undefined
      : hostJob(INFRA_JOBS.cadvisor, hosted.filter((s) => s.type === 'docker').map((s) => s.host!), exporters.cadvisor_port),
  ];
  return {
    global: {
      scrape_interval: prometheus.scrape_interval,
      evaluation_interval: prometheus.evaluation_interval,
      ...(Object.keys(prometheus.external_labels).length > 0 ? { external_labels: sortedRecord(prometheus.external_labels) } : {}),
    },
    // relative to this file's folder, as Prometheus resolves them
    rule_files: Object.values(RULE_FILES).map((f) => f.replace(/^prometheus\//, '')),
    alerting: { alertmanagers: [{ static_configs: [{ targets: alertmanager.targets }] }] },
    scrape_configs: jobs.filter((j): j is ScrapeConfig => j !== undefined),
  };
}

/** prometheus.yml as data (the reference the fast writer is tested against). */
export function prometheusConfig(registry: Registry, settings: GenerateSettings, report: Reporter): Record<string, unknown> {
  const config = configWithoutServiceJobs(registry, settings);
  const jobs = serviceJobs(registry, settings, report).map(jobObject);
  return { ...config, scrape_configs: [...(config.scrape_configs as ScrapeConfig[]), ...jobs] };
}

/** prometheus.yml's text: the same as yamlFile(prometheusConfig(...)), the service jobs written from skeletons. */
export function prometheusYaml(registry: Registry, settings: GenerateSettings, report: Reporter): string {
  const config = configWithoutServiceJobs(registry, settings);
  const keys = Object.keys(config);
  // appending works because scrape_configs is the last key, and never empty (the Blackbox job)
  if (keys.at(-1) !== 'scrape_configs' || (config.scrape_configs as unknown[]).length === 0) throw new Error('prometheus.yml: scrape_configs must come last');
  const out = [yamlFile(config)];
  serviceJobsYaml(serviceJobs(registry, settings, report), out);
  return out.join('');
}

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));
}

export const generatePrometheusConfig: Generator = ({ registry, settings, report }) => [
  { path: 'prometheus/prometheus.yml', content: prometheusYaml(registry, settings, report) },
];
