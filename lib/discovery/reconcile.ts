// Reconcile (pure): what runs against what is registered. For one scan it says which workloads nobody registered,
// which registered services were not found where they should run, and which matched (and where). A service whose
// place was not scanned successfully is "unchecked", never stale: a failed host proves nothing.
import picomatch from 'picomatch';
import type { Host, Registry, Service } from '../registry/model';
import type { IgnoreRule } from './config';
import { imageBaseName } from './docker-ps';
import type { DiscoverySource, TargetResult, Workload } from './types';

export interface Matched {
  service: string;
  workload: Workload;
  /** 'name', or 'label:<key>' when a label/annotation named the service */
  via: string;
}
export interface Unregistered {
  key: string;
  workload: Workload;
  /** what to call it when registering: the mapping label's value, the image's name or the workload's name */
  suggestedName: string;
  /** e.g. a service of that name is registered elsewhere */
  hint?: string;
}
export interface Stale {
  service: string;
  source: DiscoverySource;
  /** host name or namespace where it should run */
  expectedAt: string;
}
export interface Unchecked {
  service: string;
  reason: string;
}
export interface Ignored {
  /** workload key, or service name for an ignored stale entry */
  key: string;
  why: string;
}
export interface Reconciliation {
  matched: Matched[];
  unregistered: Unregistered[];
  stale: Stale[];
  unchecked: Unchecked[];
  ignored: Ignored[];
}

export interface ReconcileOptions {
  ignoreRules: IgnoreRule[];
  matchLabels: string[];
  /** "Ignore" pressed in the UI: workload keys and service names */
  ignoredWorkloads?: ReadonlySet<string>;
  ignoredServices?: ReadonlySet<string>;
}

export function workloadKey(w: Pick<Workload, 'source' | 'location' | 'name'>): string {
  return `${w.source}/${w.location}/${w.name}`;
}

/** A service's `host` may be a host's name or its address; the host entry it means, if any. */
export function hostOfService(service: Service, hosts: Host[]): Host | undefined {
  if (!service.host) return undefined;
  return hosts.find((h) => h.name === service.host) ?? hosts.find((h) => h.address === service.host);
}

type Matcher = (w: Workload) => string | undefined;

function compileIgnore(rules: IgnoreRule[]): Matcher {
  const compiled = rules.map((rule) => {
    const name = picomatch(rule.pattern, { dot: true });
    const location = rule.location ? picomatch(rule.location, { dot: true }) : () => true;
    const label = `ignore rule ${rule.source ? `${rule.source}:` : ''}${rule.pattern}${rule.location ? ` @ ${rule.location}` : ''}`;
    return { rule, name, location, label };
  });
  return (w) => compiled.find((c) => (!c.rule.source || c.rule.source === w.source) && c.name(w.name) && c.location(w.location))?.label;
}

/** The registry names a workload may stand for, best first, with how each was found. */
function candidateNames(w: Workload, matchLabels: string[]): { name: string; via: string }[] {
  const out: { name: string; via: string }[] = [];
  for (const key of matchLabels) {
    const value = w.labels[key] ?? w.annotations[key];
    if (value) out.push({ name: value, via: `label:${key}` });
  }
  out.push({ name: w.name, via: 'name' });
  return out;
}

/** Where a service should be seen, as source + location; undefined when the registry does not say. */
function expectedPlace(service: Service, hosts: Host[]): { source: DiscoverySource; location: string; name: string } | { reason: string } {
  switch (service.type) {
    case 'k8s-deployment':
      return service.namespace ? { source: 'kubernetes', location: service.namespace, name: service.name } : { reason: 'no namespace in the registry' };
    case 'docker':
    case 'systemd': {
      const host = hostOfService(service, hosts);
      if (!host) return { reason: `host ${service.host ?? '(none)'} is not in the registry's hosts section, so it is never scanned` };
      const source = service.type === 'docker' ? 'docker' : 'systemd';
      return { source, location: host.name, name: service.type === 'systemd' ? (service.service_name ?? service.name) : service.name };
    }
  }
}

export function reconcile(registry: Registry, results: TargetResult[], options: ReconcileOptions): Reconciliation {
  const out: Reconciliation = { matched: [], unregistered: [], stale: [], unchecked: [], ignored: [] };
  const ignoredBy = compileIgnore(options.ignoreRules);
  const ignoredWorkloads = options.ignoredWorkloads ?? new Set<string>();
  const ignoredServices = options.ignoredServices ?? new Set<string>();

  // Services by where they should run: "source/location/name" -> service. systemd by unit name.
  const byPlace = new Map<string, Service>();
  const byName = new Map<string, Service>();
  const placeOf = new Map<string, ReturnType<typeof expectedPlace>>();
  for (const service of registry.services) {
    const place = expectedPlace(service, registry.hosts);
    placeOf.set(service.name, place);
    byName.set(service.name, service);
    if ('source' in place) byPlace.set(workloadKey(place), service);
  }

  const found = new Set<string>(); // service names seen
  for (const result of results) {
    if (result.status !== 'ok') continue;
    for (const w of result.workloads) {
      const key = workloadKey(w);
      const candidates = candidateNames(w, options.matchLabels);
      const hit = candidates
        .map((c) => ({ ...c, service: byPlace.get(workloadKey({ source: w.source, location: w.location, name: c.name })) }))
        .find((c) => c.service);
      if (hit?.service) {
        found.add(hit.service.name);
        out.matched.push({ service: hit.service.name, workload: w, via: hit.via });
        continue;
      }
      if (w.source === 'systemd') continue; // only registered units are asked about
      const rule = ignoredBy(w);
      if (rule || ignoredWorkloads.has(key)) {
        out.ignored.push({ key, why: rule ?? 'ignored on the Discovery page' });
        continue;
      }
      const elsewhere = candidates.map((c) => byName.get(c.name)).find(Boolean);
      const suggestedName = candidates.length > 1 ? candidates[0]!.name : w.source === 'docker' && w.image ? imageBaseName(w.image) : w.name;
      out.unregistered.push({
        key,
        workload: w,
        suggestedName,
        ...(elsewhere ? { hint: `${elsewhere.name} is registered ${describePlace(placeOf.get(elsewhere.name))}` } : {}),
      });
    }
  }

  const scanned = scannedPlaces(results);
  for (const service of registry.services) {
    if (found.has(service.name)) continue;
    const place = placeOf.get(service.name)!;
    if (!('source' in place)) {
      out.unchecked.push({ service: service.name, reason: place.reason });
      continue;
    }
    const status = scanned(place.source, place.location);
    if (status === 'ok') {
      if (ignoredServices.has(service.name)) out.ignored.push({ key: service.name, why: 'ignored on the Discovery page' });
      else out.stale.push({ service: service.name, source: place.source, expectedAt: place.location });
    } else {
      out.unchecked.push({ service: service.name, reason: status });
    }
  }
  return out;
}

function describePlace(place: ReturnType<typeof expectedPlace> | undefined): string {
  if (!place || !('source' in place)) return 'without a scannable place';
  return place.source === 'kubernetes' ? `in namespace ${place.location}` : `on host ${place.location}`;
}

/** 'ok' when a successful target covered source/location, else why it was not checked. */
function scannedPlaces(results: TargetResult[]): (source: DiscoverySource, location: string) => string {
  return (source, location) => {
    const covering = results.filter((r) => r.source === source && (r.target === location || (source === 'kubernetes' && r.target === '*')));
    if (covering.some((r) => r.status === 'ok')) return 'ok';
    const failed = covering.find((r) => r.status === 'failed');
    if (failed) return `the ${source} scan of ${failed.target} failed: ${failed.error ?? 'unknown error'}`;
    if (!results.some((r) => r.source === source)) return `${source} discovery is off or not configured, so ${source === 'kubernetes' ? `namespace ${location}` : `host ${location}`} was not scanned`;
    return `${source} ${source === 'kubernetes' ? `namespace ${location}` : `host ${location}`} was not scanned (not in this scan's targets)`;
  };
}
