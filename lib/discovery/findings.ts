// Findings as JSON (pure): the shape GET /api/v1/discovery and the CLI print, with stable field names.
import type { Reconciliation } from './reconcile';

export function reconciliationJson(r: Reconciliation | null, firstSeen: Record<string, string> = {}) {
  return {
    unregistered: (r?.unregistered ?? []).map((u) => ({
      key: u.key,
      source: u.workload.source,
      location: u.workload.location,
      name: u.workload.name,
      kind: u.workload.kind,
      image: u.workload.image ?? null,
      status: u.workload.status,
      suggestedName: u.suggestedName,
      hint: u.hint ?? null,
      firstSeen: firstSeen[u.key] ?? null,
    })),
    stale: r?.stale ?? [],
    matched: (r?.matched ?? []).map((m) => ({
      service: m.service,
      source: m.workload.source,
      location: m.workload.location,
      name: m.workload.name,
      via: m.via,
      healthy: m.workload.healthy,
      status: m.workload.status,
    })),
    unchecked: r?.unchecked ?? [],
    ignored: r?.ignored ?? [],
  };
}

export type FindingsJson = ReturnType<typeof reconciliationJson>;

/** Plain-text lines for a terminal or a CI log: what fails the gate first, then what is worth knowing. */
export function findingsText(f: FindingsJson, failedTargets: { source: string; target: string; error?: string }[]): string[] {
  const lines: string[] = [];
  for (const u of f.unregistered) {
    const image = u.image ? ` (image ${u.image})` : '';
    lines.push(`UNREGISTERED ${u.source} ${u.location}/${u.name}${image}: not in the registry; register it as "${u.suggestedName}"${u.hint ? ` (${u.hint})` : ''}`);
  }
  for (const s of f.stale) lines.push(`STALE ${s.service}: registered, but not found on ${s.source} ${s.expectedAt}`);
  for (const t of failedTargets) lines.push(`FAILED ${t.source} ${t.target}: ${t.error ?? 'unknown error'}`);
  for (const u of f.unchecked) lines.push(`UNCHECKED ${u.service}: ${u.reason}`);
  return lines;
}
