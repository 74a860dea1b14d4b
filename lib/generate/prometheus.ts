// prometheus/prometheus.yml: global settings, rule files, Alertmanager, and one scrape job per service
// plus the jobs the default templates rely on (Blackbox probes, node_exporter, cAdvisor, this app). Pure.
import type { Registry, Service } from '../registry/model';
import { cmp, RULE_FILES } from './alert-rules';
import { escapeRegex } from './instantiate';
import type { GenerateSettings } from './settings';
import { entryName, type Generator, type Reporter } from './types';
import { yamlFile } from './yaml';

/** Job names this file uses for its own jobs; a service of the same name would collide with them. */
export const INFRA_JOBS = { self: 'awoooi-monitor', blackbox: 'blackbox', node: 'node-exporter', cadvisor: 'cadvisor' } as const;

type ScrapeConfig = Record<string, unknown>;

/** `host:port`, with IPv6 literals bracketed. */
export function hostPort(host: string, port: number): string {
  return host.includes(':') && !host.startsWith('[') ? `[${host}]:${port}` : `${host}:${port}`;
}

function k8sJob(service: Service, report: Reporter): ScrapeConfig {
  const relabel: Record<string, unknown>[] = [
    // Pods of a Deployment belong to a ReplicaSet named <deployment>-<pod-template-hash>: exact, and no
    // labelling convention needed. `[a-z0-9]+` has no `-`, so awoooi-api does not catch awoooi-api-gateway.
    {
      source_labels: ['__meta_kubernetes_pod_controller_kind', '__meta_kubernetes_pod_controller_name'],
      regex: `ReplicaSet;${escapeRegex(service.name)}-[a-z0-9]+`,
      action: 'keep',
    },
    { source_labels: ['__meta_kubernetes_pod_phase'], regex: 'Pending|Succeeded|Failed|Unknown', action: 'drop' },
    { source_labels: ['__meta_kubernetes_pod_container_init'], regex: 'true', action: 'drop' },
  ];
  if (service.port !== undefined) {
    relabel.push({ source_labels: ['__meta_kubernetes_pod_container_port_number'], regex: String(service.port), action: 'keep' });
  } else {
    // No port in the registry: follow the pods' own prometheus.io/* annotations, the common convention.
    report.note(
      entryName.service(service.name),
      'no port: pods are scraped only if annotated prometheus.io/scrape: "true" (port from prometheus.io/port, path from prometheus.io/path)',
      'scrape',
    );
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
    { target_label: 'service', replacement: service.name },
    { target_label: 'owner', replacement: service.owner },
    { target_label: 'type', replacement: service.type },
    { source_labels: ['__meta_kubernetes_namespace'], target_label: 'namespace' },
    { source_labels: ['__meta_kubernetes_pod_name'], target_label: 'pod' },
  );
  return {
    job_name: service.name,
    kubernetes_sd_configs: [{ role: 'pod', namespaces: { names: [service.namespace] } }],
    relabel_configs: relabel,
  };
}

function staticJob(service: Service & { host: string; port: number }): ScrapeConfig {
  return {
    job_name: service.name,
    static_configs: [
      { targets: [hostPort(service.host, service.port)], labels: { service: service.name, owner: service.owner, type: service.type } },
    ],
  };
}

function serviceJobs(registry: Registry, settings: GenerateSettings, report: Reporter): ScrapeConfig[] {
  const reserved = new Map<string, string>([
    [INFRA_JOBS.blackbox, 'the Blackbox probes'],
    [INFRA_JOBS.node, 'node_exporter on every host'],
    [INFRA_JOBS.cadvisor, 'cAdvisor on every Docker host'],
  ]);
  const jobs: ScrapeConfig[] = [];
  for (const service of [...registry.services].sort((a, b) => cmp(a.name, b.name))) {
    const entry = entryName.service(service.name);
    if (!service.monitoring.prometheus) continue;
    if (reserved.has(service.name)) {
      report.skip(entry, `job name ${JSON.stringify(service.name)} is taken by ${reserved.get(service.name)}; rename the service to scrape it`, 'scrape');
      continue;
    }
    if (service.type === 'k8s-deployment') {
      jobs.push(k8sJob(service, report));
    } else if (service.host !== undefined && service.port !== undefined) {
      jobs.push(staticJob({ ...service, host: service.host, port: service.port }));
    } else if (service.type === 'systemd' && settings.host_exporters.node_exporter_port !== null) {
      report.note(entry, `no port to scrape; node_exporter on ${service.host} (job ${INFRA_JOBS.node}) reports the unit's state`, 'scrape');
    } else {
      report.skip(entry, 'monitoring.prometheus is on but the service has no port to scrape; add `port`', 'scrape');
    }
  }
  return jobs;
}

function hostJob(jobName: string, hosts: Iterable<string>, port: number): ScrapeConfig | undefined {
  const targets = [...new Set(hosts)].sort(cmp).map((h) => hostPort(h, port));
  return targets.length > 0 ? { job_name: jobName, static_configs: [{ targets }] } : undefined;
}

export function prometheusConfig(registry: Registry, settings: GenerateSettings, report: Reporter): Record<string, unknown> {
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
    ...serviceJobs(registry, settings, report),
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

function sortedRecord(r: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(r).sort(([a], [b]) => cmp(a, b)));
}

export const generatePrometheusConfig: Generator = ({ registry, settings, report }) => [
  { path: 'prometheus/prometheus.yml', content: yamlFile(prometheusConfig(registry, settings, report)) },
];
