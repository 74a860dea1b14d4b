// `docker ps --format '{{json .}}'` output -> workloads. Pure: the SSH side (ssh-scan.ts) hands us stdout.
// Docker prints one JSON object per line with string fields (ID, Names, Image, Status, State, Ports, CreatedAt,
// Labels, ...). A bad line is reported with its number and never stops the others from being read.
import type { Workload } from './types';

export interface DockerPsResult {
  workloads: Workload[];
  /** "line 3: not JSON: ..." — one entry per line that could not be read */
  problems: string[];
}

const MAX_SNIPPET = 80;

function snippet(text: string): string {
  return text.length > MAX_SNIPPET ? `${text.slice(0, MAX_SNIPPET)}…` : text;
}

const str = (value: unknown): string | undefined => (typeof value === 'string' ? value : undefined);

/**
 * Docker's Labels column: "k=v,k2=v2", joined with ',' and not escaped. Values may contain '=' (split on the
 * first one) and ',' (compose's depends_on is "db:service_started:false,redis:service_started:false"): a piece
 * without '=' therefore continues the previous value rather than being a label of its own.
 */
export function parseDockerLabels(text: string): Record<string, string> {
  const labels: Record<string, string> = {};
  let lastKey: string | undefined;
  if (!text) return labels;
  for (const piece of text.split(',')) {
    const eq = piece.indexOf('=');
    if (eq > 0) {
      lastKey = piece.slice(0, eq);
      labels[lastKey] = piece.slice(eq + 1);
    } else if (lastKey !== undefined) {
      labels[lastKey] += `,${piece}`;
    }
    // a leading piece without '=' (or "=v") has no key to belong to: dropped
  }
  return labels;
}

/**
 * The image's own name without registry, path, tag or digest:
 * "ghcr.io/org/awoooi-api:1.2@sha256:..." -> "awoooi-api", "localhost:5000/x/y:tag" -> "y", "redis" -> "redis".
 */
export function imageBaseName(image: string): string {
  const withoutDigest = image.split('@')[0] ?? image;
  const lastSegment = withoutDigest.slice(withoutDigest.lastIndexOf('/') + 1);
  // after the last '/', a ':' can only start the tag (a registry port sits before a '/')
  const colon = lastSegment.indexOf(':');
  return colon >= 0 ? lastSegment.slice(0, colon) : lastSegment;
}

export function parseDockerPs(stdout: string, location: string): DockerPsResult {
  const workloads: Workload[] = [];
  const problems: string[] = [];
  const lines = stdout.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (!line) return;
    const where = `line ${index + 1}`;
    let value: unknown;
    try {
      value = JSON.parse(line);
    } catch {
      problems.push(`${where}: not JSON: ${snippet(line)}`);
      return;
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push(`${where}: not a JSON object: ${snippet(line)}`);
      return;
    }
    const row = value as Record<string, unknown>;
    // Names is "name" (or "name,other/alias" with legacy links): the container's own name comes first
    const name = str(row.Names)?.split(',')[0]?.trim();
    if (!name) {
      problems.push(`${where}: no container name (Names): ${snippet(line)}`);
      return;
    }
    const state = str(row.State);
    const status = str(row.Status) ?? state ?? '';
    const workload: Workload = {
      source: 'docker',
      location,
      name,
      kind: 'container',
      status,
      // State exists since Docker 1.13's format fields; older output only has Status ("Up 2 days", "Exited (0) ...")
      healthy: state !== undefined ? state === 'running' : status.startsWith('Up'),
      labels: parseDockerLabels(str(row.Labels) ?? ''),
      annotations: {},
    };
    const image = str(row.Image);
    if (image) workload.image = image;
    const ports = str(row.Ports);
    if (ports) workload.ports = ports;
    const created = str(row.CreatedAt);
    if (created) workload.created = created;
    workloads.push(workload);
  });
  return { workloads, problems };
}
