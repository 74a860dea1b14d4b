// Blackbox exporter config (blackbox/blackbox.yml) and its probe targets (blackbox/targets.json, Prometheus
// file_sd format) from the services' health_endpoint. Pure: no I/O.
//
// What a health_endpoint becomes:
// - a full http:// or https:// URL: probed as is (http_2xx);
// - an HTTP path ("/..." without whitespace) on a service with a port: a URL on the service's address (http_2xx);
//   Kubernetes workloads through their in-cluster DNS name, docker/systemd services through host:port;
// - a path without a port: on a Kubernetes workload it is an exec probe's file (covered by the kubelet, noted);
//   elsewhere there is nothing to probe (skipped);
// - anything else is a command (`pg_isready`, `redis-cli ping`, also `/usr/bin/check arg`): the closest outside
//   check is that the port accepts connections (tcp_connect); without a port, skipped.
// monitoring.prometheus does not matter here: the probe is scraped from the Blackbox exporter, not from the
// service, so a service nobody scrapes still gets its availability checked.
import type { Registry, Service, ServiceType } from '../registry/model';
import type { GenerateSettings } from './settings';
import { entryName, type GeneratedFile, type Generator, type Reporter } from './types';
import { yamlFile } from './yaml';

export const BLACKBOX_CONFIG_PATH = 'blackbox/blackbox.yml';
export const BLACKBOX_TARGETS_PATH = 'blackbox/targets.json';

export const BLACKBOX_MODULES = ['http_2xx', 'tcp_connect'] as const;
export type BlackboxModule = (typeof BLACKBOX_MODULES)[number];

/** One probed service: what to probe, with which module, and the labels its probe series carry. */
export interface BlackboxTarget {
  service: string;
  owner: string;
  type: ServiceType;
  module: BlackboxModule;
  /** a URL for http_2xx, host:port for tcp_connect */
  target: string;
}

/** One file_sd group: Prometheus reads `targets` and attaches `labels` to each. */
export interface FileSdGroup {
  targets: string[];
  labels: Record<string, string>;
}

const FINDING_ITEM = 'blackbox';
const FULL_URL_RE = /^https?:\/\//i;
/** Kubernetes Service names are DNS labels (RFC 1123); DNS itself ignores case. */
const DNS_LABEL_RE = /^[a-z0-9]([-a-z0-9]{0,61}[a-z0-9])?$/i;

type HealthCheck = { kind: 'url'; url: string } | { kind: 'path'; path: string } | { kind: 'command' };

function classify(healthEndpoint: string): HealthCheck {
  if (FULL_URL_RE.test(healthEndpoint)) return { kind: 'url', url: healthEndpoint };
  // A raw space cannot be part of a URL path: `/usr/bin/check --quick` is a command line.
  if (healthEndpoint.startsWith('/') && !/\s/.test(healthEndpoint)) return { kind: 'path', path: healthEndpoint };
  return { kind: 'command' };
}

/** host:port with an IPv6 address bracketed, as URLs and Go's net.Dial want it. */
function hostPort(host: string, port: number): string {
  return host.includes(':') ? `[${host}]:${port}` : `${host}:${port}`;
}

type Address = { ok: true; host: string } | { ok: false; reason: string };

/** Where the service answers: its in-cluster DNS name on Kubernetes, its host elsewhere. */
function serviceHost(service: Service, settings: GenerateSettings): Address {
  if (service.type === 'k8s-deployment') {
    if (!service.namespace) return { ok: false, reason: 'a k8s-deployment service without a namespace has no in-cluster DNS name' };
    if (!DNS_LABEL_RE.test(service.name)) {
      return {
        ok: false,
        reason: `the service name ${JSON.stringify(service.name)} cannot be a Kubernetes Service name (a DNS label: letters, digits and "-", at most 63), so it has no in-cluster DNS name`,
      };
    }
    const domain = settings.kubernetes.service_domain;
    return { ok: true, host: [service.name, service.namespace, domain].filter(Boolean).join('.') };
  }
  if (!service.host) return { ok: false, reason: `a ${service.type} service without a host has no address to probe` };
  return { ok: true, host: service.host };
}

function targetFor(service: Service, settings: GenerateSettings, report: Reporter): BlackboxTarget | undefined {
  const healthEndpoint = service.health_endpoint;
  if (healthEndpoint === undefined) return undefined;
  const entry = entryName.service(service.name);
  const probe = (module: BlackboxModule, target: string): BlackboxTarget => ({ service: service.name, owner: service.owner, type: service.type, module, target });
  const check = classify(healthEndpoint);

  if (check.kind === 'url') {
    if (!URL.canParse(check.url)) {
      report.skip(entry, `health_endpoint ${healthEndpoint} is not a valid URL: no Blackbox probe`, FINDING_ITEM);
      return undefined;
    }
    return probe('http_2xx', check.url);
  }

  if (service.port === undefined) {
    if (check.kind === 'path' && service.type === 'k8s-deployment') {
      report.note(
        entry,
        `health_endpoint ${healthEndpoint} is an exec probe: covered by the kubelet's liveness/readiness probe, not by Blackbox`,
        FINDING_ITEM,
      );
    } else if (check.kind === 'path') {
      report.skip(entry, `health_endpoint ${healthEndpoint} is an HTTP path but the service has no port: no Blackbox probe`, FINDING_ITEM);
    } else {
      report.skip(
        entry,
        `health_endpoint ${JSON.stringify(healthEndpoint)} is a command; Blackbox can only check that a port accepts connections, and the service has no port: no Blackbox probe`,
        FINDING_ITEM,
      );
    }
    return undefined;
  }

  const address = serviceHost(service, settings);
  if (!address.ok) {
    report.skip(entry, `${address.reason}: no Blackbox probe`, FINDING_ITEM);
    return undefined;
  }
  const authority = hostPort(address.host, service.port);
  if (check.kind === 'path') return probe('http_2xx', `http://${authority}${check.path}`);
  return probe('tcp_connect', authority);
}

/** Every service's probe, sorted by service name; what cannot be probed is reported, not thrown. */
export function blackboxTargets(registry: Registry, settings: GenerateSettings, report: Reporter): BlackboxTarget[] {
  const targets: BlackboxTarget[] = [];
  for (const service of registry.services) {
    const target = targetFor(service, settings, report);
    if (target) targets.push(target);
  }
  return targets.sort((a, b) => (a.service < b.service ? -1 : a.service > b.service ? 1 : 0));
}

/**
 * The file_sd groups: one per probed service. `__param_module` becomes the `module` URL parameter of the
 * scrape, so one Blackbox scrape job serves both modules.
 */
export function fileSdGroups(targets: readonly BlackboxTarget[]): FileSdGroup[] {
  return targets.map((t) => ({
    targets: [t.target],
    labels: { service: t.service, owner: t.owner, type: t.type, __param_module: t.module },
  }));
}

/** blackbox.yml's modules. 5 s stays under the default 30 s scrape interval's timeout with room to spare. */
export function blackboxConfig(): Record<string, unknown> {
  return {
    modules: {
      http_2xx: {
        prober: 'http',
        timeout: '5s',
        http: {
          // empty: any 2xx status is a success
          valid_status_codes: [],
          // ip4 first, falling back to ip6 (Blackbox's default would try ip6 first and then fall back)
          preferred_ip_protocol: 'ip4',
          follow_redirects: true,
        },
      },
      tcp_connect: {
        prober: 'tcp',
        timeout: '5s',
        tcp: { preferred_ip_protocol: 'ip4' },
      },
    },
  };
}

export const generateBlackbox: Generator = ({ probes }): GeneratedFile[] => {
  const groups = fileSdGroups(probes);
  return [
    {
      path: BLACKBOX_CONFIG_PATH,
      content: yamlFile(blackboxConfig(), ['', 'Targets and their module: targets.json (Prometheus file_sd, one group per probed service).']),
    },
    // JSON has no comments: the file is identified by its path and the config header above.
    { path: BLACKBOX_TARGETS_PATH, content: JSON.stringify(groups, null, 2) + '\n' },
  ];
};
