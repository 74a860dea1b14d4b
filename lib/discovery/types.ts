// What discovery finds, independent of where it came from. Sources (docker over SSH, Kubernetes, systemd over
// SSH) produce these; reconcile compares them with the registry; the store keeps them with first/last seen.

export const DISCOVERY_SOURCES = ['docker', 'kubernetes', 'systemd'] as const;
export type DiscoverySource = (typeof DISCOVERY_SOURCES)[number];

export interface Workload {
  source: DiscoverySource;
  /** docker/systemd: the registry host's name; kubernetes: the namespace */
  location: string;
  /** container name, workload name or unit name, as the runtime calls it */
  name: string;
  /** 'container' | 'Deployment' | 'StatefulSet' | 'DaemonSet' | 'unit' */
  kind: string;
  image?: string;
  /** the runtime's own words: docker's Status, "2/3 ready", systemd's "active (running)" */
  status: string;
  /** running (docker), all replicas ready (kubernetes), active (systemd) */
  healthy: boolean;
  /** docker labels; kubernetes labels */
  labels: Record<string, string>;
  /** kubernetes annotations (empty elsewhere) */
  annotations: Record<string, string>;
  /** docker only: the Ports column, as docker prints it */
  ports?: string;
  /** docker: CreatedAt; kubernetes: metadata.creationTimestamp (ISO) */
  created?: string;
}

/** One scanned target: an SSH host, a Kubernetes namespace (or the whole cluster), a host's systemd units. */
export interface TargetResult {
  source: DiscoverySource;
  /** host name, namespace, or '*' for every namespace */
  target: string;
  status: 'ok' | 'failed';
  /** why it failed, in words an operator can act on ("connection refused", "timed out after 10 s", ...) */
  error?: string;
  durationMs: number;
  workloads: Workload[];
}

/** Progress callback: a target started or finished. Sources call it so "Scan now" can show progress per host. */
export type ProgressListener = (event: { source: DiscoverySource; target: string; phase: 'started' | 'finished'; result?: TargetResult }) => void;

/** Environment variables as the discovery code reads them (tests pass small literal objects). */
export type Env = Record<string, string | undefined>;
