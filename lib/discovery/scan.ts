// One scan over every configured source, concurrently: Docker on each host, systemd units of registered services,
// Kubernetes workloads. Planning (which targets) is pure; the sources do the I/O. A source that cannot even start
// (no kubeconfig, an unknown host name in the config) becomes a failed or skipped target, never an exception.
import type { Host, Registry } from '../registry/model';
import type { DiscoveryConfig } from './config';
import { hostOfService } from './reconcile';
import type { DiscoverySource, Env, ProgressListener, TargetResult } from './types';

export interface PlannedTarget {
  source: DiscoverySource;
  target: string;
  /** set when the target will not be scanned: why */
  skipped?: string;
  /** set when the target fails before it starts: why */
  error?: string;
}

export interface ScanPlan {
  docker: Host[];
  systemd: { host: Host; units: string[] }[];
  kubernetes: { kubeconfig?: string; context?: string; namespaces?: string[] } | null;
  /** every target, in display order, including skipped and failed-at-plan ones */
  targets: PlannedTarget[];
}

export function planScan(registry: Registry, config: DiscoveryConfig, env: Env = process.env): ScanPlan {
  const targets: PlannedTarget[] = [];
  const docker: Host[] = [];
  if (config.docker.enabled) {
    const names = config.docker.hosts ?? registry.hosts.map((h) => h.name);
    for (const name of names) {
      const host = registry.hosts.find((h) => h.name === name);
      if (host) docker.push(host);
      else targets.push({ source: 'docker', target: name, error: `host ${name} (docker.hosts in the discovery config) is not in the registry's hosts section` });
    }
    targets.push(...docker.map((h) => ({ source: 'docker' as const, target: h.name })));
  }

  const systemd: ScanPlan['systemd'] = [];
  if (config.systemd.enabled) {
    const byHost = new Map<string, { host: Host; units: string[] }>();
    for (const service of registry.services) {
      if (service.type !== 'systemd') continue;
      const host = hostOfService(service, registry.hosts);
      if (!host) continue; // reconcile reports it as unchecked, with the reason
      const entry = byHost.get(host.name) ?? { host, units: [] };
      entry.units.push(service.service_name ?? service.name);
      byHost.set(host.name, entry);
    }
    systemd.push(...byHost.values());
    targets.push(...systemd.map((s) => ({ source: 'systemd' as const, target: s.host.name })));
  }

  let kubernetes: ScanPlan['kubernetes'] = null;
  const k = config.kubernetes;
  const configured = Boolean(k.kubeconfig || env.KUBECONFIG || env.KUBERNETES_SERVICE_HOST);
  if (k.enabled === true || (k.enabled === 'auto' && configured)) {
    kubernetes = { ...(k.kubeconfig ? { kubeconfig: k.kubeconfig } : {}), ...(k.context ? { context: k.context } : {}), ...(k.namespaces ? { namespaces: k.namespaces } : {}) };
    targets.push(...(k.namespaces ?? ['*']).map((ns) => ({ source: 'kubernetes' as const, target: ns })));
  } else if (k.enabled === 'auto') {
    targets.push({ source: 'kubernetes', target: '*', skipped: 'no kubeconfig configured (kubernetes.kubeconfig, KUBECONFIG) and not running in a cluster' });
  }
  return { docker, systemd, kubernetes, targets };
}

export interface ScanOptions {
  env?: Env;
  onProgress?: ProgressListener;
}

/** Runs the plan; resolves with one result per planned target that was not skipped. */
export async function runScan(plan: ScanPlan, config: DiscoveryConfig, options: ScanOptions = {}): Promise<TargetResult[]> {
  // the sources take Node's env type; ours is the plain record tests can build
  const env = (options.env ?? process.env) as NodeJS.ProcessEnv;
  const failedAtPlan: TargetResult[] = plan.targets
    .filter((t) => t.error)
    .map((t) => ({ source: t.source, target: t.target, status: 'failed', error: t.error, durationMs: 0, workloads: [] }));

  const [docker, systemd, kubernetes] = await Promise.all([
    plan.docker.length === 0
      ? []
      : import('./ssh-scan').then((m) =>
          m.scanDockerHosts(plan.docker, { timeoutMs: config.docker.timeout_seconds * 1000, concurrency: config.docker.concurrency, env, onProgress: options.onProgress }),
        ),
    plan.systemd.length === 0
      ? []
      : import('./ssh-scan').then((m) => m.scanSystemdUnits(plan.systemd, { timeoutMs: config.systemd.timeout_seconds * 1000, env, onProgress: options.onProgress })),
    plan.kubernetes ? scanKubernetesPlan(plan.kubernetes, config, env, options.onProgress) : [],
  ]);
  return [...failedAtPlan, ...docker, ...systemd, ...kubernetes];
}

async function scanKubernetesPlan(
  k: NonNullable<ScanPlan['kubernetes']>,
  config: DiscoveryConfig,
  env: Env,
  onProgress: ProgressListener | undefined,
): Promise<TargetResult[]> {
  const { loadKubeConfig, scanKubernetes } = await import('./kubernetes');
  const loaded = loadKubeConfig({ kubeconfig: k.kubeconfig, context: k.context, env: env as NodeJS.ProcessEnv });
  if (!loaded.ok) {
    return (k.namespaces ?? ['*']).map((target) => ({ source: 'kubernetes', target, status: 'failed', error: loaded.error, durationMs: 0, workloads: [] }));
  }
  return scanKubernetes(loaded.kubeConfig, { namespaces: k.namespaces, timeoutMs: config.kubernetes.timeout_seconds * 1000, onProgress });
}
