// Large, realistic registries for benchmarks and scale tests: a deterministic mix of Kubernetes workloads,
// Docker containers and systemd units across teams and hosts, with pages and SLO'd endpoints.
import type { AlertTemplate, ApiEndpoint, Page, Registry, Service } from './model';
import { HTTP_METHODS } from './model';
import { canonicalRegistry } from './normalize';

export interface SyntheticOptions {
  services: number;
  /** templates to define and reference; the shipped defaults are a good choice */
  templates: readonly AlertTemplate[];
  /** changes the generated values while keeping the names (for "edit 10 %" benchmarks) */
  variant?: number;
}

/** Small deterministic PRNG (mulberry32), so every run builds the same registry. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const TEAMS = ['backend', 'frontend', 'infra', 'ai', 'devops', 'data', 'payments', 'search', 'platform', 'mobile'];

export function syntheticRegistry({ services: count, templates, variant = 0 }: SyntheticOptions): Registry {
  const rand = random(42 + variant);
  const pickSome = (keys: string[], max: number) => keys.filter(() => rand() < max / Math.max(keys.length, 1)).slice(0, max);
  const keys = templates.map((t) => t.key);
  const teamCount = Math.max(1, Math.min(TEAMS.length * 5, Math.ceil(count / 200)));
  const teamName = (i: number) => `${TEAMS[i % TEAMS.length]}-team${i >= TEAMS.length ? `-${Math.floor(i / TEAMS.length)}` : ''}`;

  const services: Service[] = [];
  for (let i = 0; i < count; i++) {
    const kind = i % 10 < 6 ? 'k8s-deployment' : i % 10 < 9 ? 'docker' : 'systemd';
    const name = `svc-${String(i).padStart(5, '0')}`;
    const base = {
      name,
      monitoring: { prometheus: rand() < 0.9, sentry: rand() < 0.6, otel: rand() < 0.5, langfuse: rand() < 0.1 },
      alerts: pickSome(keys, 3),
      owner: teamName(Math.floor(rand() * teamCount)),
    };
    const port = 1024 + Math.floor(rand() * 60000);
    if (kind === 'k8s-deployment') {
      services.push({ ...base, type: kind, namespace: `ns-${i % 40}`, port, health_endpoint: '/healthz' });
    } else if (kind === 'docker') {
      services.push({ ...base, type: kind, host: `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`, port, health_endpoint: '/health' });
    } else {
      services.push({ ...base, type: kind, host: `node-${i % 97}.internal`, service_name: `${name}.service` });
    }
  }

  const pages: Page[] = [];
  for (let i = 0; i < Math.ceil(count / 20); i++) {
    pages.push({
      path: `/app/section-${i}`,
      name: `Section ${i}`,
      monitoring: { sentry_session: rand() < 0.8, web_vitals: rand() < 0.7 },
      alerts: pickSome(keys, 2),
    });
  }

  const api_endpoints: ApiEndpoint[] = [];
  for (let i = 0; i < Math.ceil(count / 10); i++) {
    api_endpoints.push({
      method: HTTP_METHODS[i % 5]!,
      path: `/api/v1/resource-${i}`,
      critical: rand() < 0.3,
      slo_latency_ms: [100, 250, 500, 1000, 2500][i % 5]!,
      slo_availability: [99, 99.5, 99.9, 99.95][i % 4]!,
    });
  }

  const owners = Array.from({ length: teamCount }, (_, i) => ({ name: teamName(i) }));
  return canonicalRegistry({ owners, hosts: [], alert_templates: [...templates], services, pages, api_endpoints });
}
