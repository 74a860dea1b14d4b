import { describe, expect, it } from 'vitest';
import { defaultDiscoveryConfig, ignoreRulesOf, parseDiscoveryConfig, parseDiscoveryConfigYaml } from '@/lib/discovery/config';
import { reconcile, workloadKey, type ReconcileOptions } from '@/lib/discovery/reconcile';
import { planScan } from '@/lib/discovery/scan';
import type { TargetResult, Workload } from '@/lib/discovery/types';
import { emptyRegistry, type Registry, type Service } from '@/lib/registry/model';

const monitoring = { prometheus: true, sentry: false, otel: false, langfuse: false };
const svc = (s: Partial<Service> & Pick<Service, 'name' | 'type'>): Service => ({ monitoring, alerts: [], owner: 'ops', ...s });

function registry(): Registry {
  return {
    ...emptyRegistry(),
    hosts: [
      { name: 'edge-188', address: '192.168.0.188' },
      { name: 'db-110', address: '192.168.0.110' },
    ],
    services: [
      svc({ name: 'awoooi-api', type: 'k8s-deployment', namespace: 'awoooi' }),
      svc({ name: 'awoooi-worker', type: 'k8s-deployment', namespace: 'awoooi' }),
      svc({ name: 'postgres', type: 'docker', host: '192.168.0.188' }), // by address
      svc({ name: 'redis', type: 'docker', host: 'edge-188' }), // by name
      svc({ name: 'minio', type: 'docker', host: 'db-110' }),
      svc({ name: 'legacy', type: 'docker', host: '10.0.0.9' }), // not a registered host
      svc({ name: 'node-exporter', type: 'systemd', host: 'db-110', service_name: 'prometheus-node-exporter' }),
      svc({ name: 'backup', type: 'systemd', host: 'edge-188', service_name: 'backup.timer' }),
    ],
  };
}

const w = (source: Workload['source'], location: string, name: string, extra: Partial<Workload> = {}): Workload => ({
  source,
  location,
  name,
  kind: source === 'kubernetes' ? 'Deployment' : source === 'docker' ? 'container' : 'unit',
  status: 'running',
  healthy: true,
  labels: {},
  annotations: {},
  ...extra,
});
const ok = (source: Workload['source'], target: string, workloads: Workload[]): TargetResult => ({ source, target, status: 'ok', durationMs: 5, workloads });
const failed = (source: Workload['source'], target: string, error: string): TargetResult => ({ source, target, status: 'failed', error, durationMs: 5, workloads: [] });

const options = (extra: Partial<ReconcileOptions> = {}): ReconcileOptions => ({
  ignoreRules: ignoreRulesOf(defaultDiscoveryConfig()),
  matchLabels: ['awoooi.io/service'],
  ...extra,
});

describe('reconcile', () => {
  it('sorts workloads into matched, unregistered, stale and unchecked', () => {
    const results = [
      ok('kubernetes', '*', [
        w('kubernetes', 'awoooi', 'awoooi-api'),
        w('kubernetes', 'awoooi', 'awoooi-web'),
        w('kubernetes', 'kube-system', 'coredns'),
        w('kubernetes', 'kube-system', 'kube-proxy'),
      ]),
      ok('docker', 'edge-188', [w('docker', 'edge-188', 'postgres'), w('docker', 'edge-188', 'grafana', { image: 'docker.io/grafana/grafana:11.2.0' })]),
      failed('docker', 'db-110', 'connection refused (192.168.0.110:22)'),
      ok('systemd', 'db-110', []),
      ok('systemd', 'edge-188', [w('systemd', 'edge-188', 'backup.timer', { healthy: false, status: 'inactive (dead)' })]),
    ];
    const r = reconcile(registry(), results, options());
    expect(r.matched.map((m) => `${m.service}@${m.workload.location}`).sort()).toEqual(['awoooi-api@awoooi', 'backup@edge-188', 'postgres@edge-188']);
    expect(r.unregistered.map((u) => u.key).sort()).toEqual(['docker/edge-188/grafana', 'kubernetes/awoooi/awoooi-web']);
    expect(r.unregistered.find((u) => u.workload.name === 'grafana')?.suggestedName).toBe('grafana');
    // redis: its host was scanned and it was not there; awoooi-worker: the namespace was listed and it was not there;
    // node-exporter: systemd answered and the unit does not exist.
    expect(r.stale.map((s) => `${s.service}:${s.source}@${s.expectedAt}`).sort()).toEqual([
      'awoooi-worker:kubernetes@awoooi',
      'node-exporter:systemd@db-110',
      'redis:docker@edge-188',
    ]);
    // minio's host failed and legacy's host is not registered: neither proves anything.
    const unchecked = Object.fromEntries(r.unchecked.map((u) => [u.service, u.reason]));
    expect(Object.keys(unchecked).sort()).toEqual(['legacy', 'minio']);
    expect(unchecked.minio).toContain('connection refused');
    expect(unchecked.legacy).toContain("not in the registry's hosts section");
    expect(r.ignored.map((i) => i.key).sort()).toEqual(['kubernetes/kube-system/coredns', 'kubernetes/kube-system/kube-proxy']);
  });

  it('matches a workload whose runtime name differs through the mapping label or annotation', () => {
    const results = [
      ok('docker', 'edge-188', [w('docker', 'edge-188', 'stack_pg_1', { labels: { 'awoooi.io/service': 'postgres' } })]),
      ok('kubernetes', 'awoooi', [w('kubernetes', 'awoooi', 'api-v2', { annotations: { 'awoooi.io/service': 'awoooi-api' } })]),
    ];
    const r = reconcile(registry(), results, options());
    expect(r.matched.map((m) => [m.service, m.via])).toEqual([
      ['postgres', 'label:awoooi.io/service'],
      ['awoooi-api', 'label:awoooi.io/service'],
    ]);
    expect(r.unregistered).toEqual([]);
  });

  it('calls a registered name seen in the wrong place unregistered there, with a hint', () => {
    const r = reconcile(registry(), [ok('docker', 'db-110', [w('docker', 'db-110', 'redis')])], options());
    expect(r.unregistered).toHaveLength(1);
    expect(r.unregistered[0]!.hint).toBe('redis is registered on host edge-188');
  });

  it('honours ignore rules by source and location, and Ignore choices from the UI', () => {
    const results = [
      ok('docker', 'edge-188', [w('docker', 'edge-188', 'k3s-agent'), w('docker', 'edge-188', 'scratch'), w('docker', 'edge-188', 'tmp-job')]),
      ok('kubernetes', '*', [w('kubernetes', 'team-x', 'scratch')]),
    ];
    const r = reconcile(registry(), results, {
      ...options(),
      ignoreRules: [...ignoreRulesOf(defaultDiscoveryConfig()), { pattern: 'scratch', source: 'docker' }, { pattern: '*', location: 'team-*' }],
      ignoredWorkloads: new Set(['docker/edge-188/tmp-job']),
      ignoredServices: new Set(['redis']),
    });
    expect(r.unregistered).toEqual([]);
    expect(r.ignored.map((i) => `${i.key} <- ${i.why}`).sort()).toEqual([
      'docker/edge-188/k3s-agent <- ignore rule *k3s*',
      'docker/edge-188/scratch <- ignore rule docker:scratch',
      'docker/edge-188/tmp-job <- ignored on the Discovery page',
      'kubernetes/team-x/scratch <- ignore rule * @ team-*',
      'redis <- ignored on the Discovery page',
    ]);
    expect(r.stale.map((s) => s.service)).toEqual(['awoooi-api', 'awoooi-worker', 'postgres']);
  });

  it('treats a namespace list failure as unchecked and a per-namespace success as covering only that namespace', () => {
    const r = reconcile(registry(), [failed('kubernetes', 'awoooi', 'forbidden (403): nope'), ok('kubernetes', 'other', [])], options());
    expect(r.stale.filter((s) => s.source === 'kubernetes')).toEqual([]);
    expect(r.unchecked.find((u) => u.service === 'awoooi-api')?.reason).toContain('forbidden (403)');
  });

  it('keys workloads by place', () => {
    expect(workloadKey({ source: 'docker', location: 'h', name: 'n' })).toBe('docker/h/n');
  });
});

describe('discovery config', () => {
  it('has the seed defaults and says where a bad field is', () => {
    const config = defaultDiscoveryConfig();
    expect(ignoreRulesOf(config).map((r) => r.pattern)).toEqual(['kube-*', '*k3s*', '*pause*', '*coredns*']);
    expect(config.schedule.interval_minutes).toBe(60);
    const bad = parseDiscoveryConfig({ docker: { timeout_seconds: -1, colour: 'red' }, ignore: [{ pattern: 'x', source: 'lxc' }] });
    expect(bad.ok).toBe(false);
    expect(!bad.ok && bad.problems).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^docker: unknown field "colour"/),
        expect.stringMatching(/^docker\.timeout_seconds: /),
        expect.stringMatching(/^ignore\[0\]/),
      ]),
    );
    expect(parseDiscoveryConfigYaml('docker: [').ok).toBe(false);
    const off = parseDiscoveryConfigYaml('ignore_defaults: false\nignore: [tmp-*]\n');
    expect(off.ok && ignoreRulesOf(off.value)).toEqual([{ pattern: 'tmp-*' }]);
  });
});

describe('planScan', () => {
  it('scans every registered host for Docker, hosts with systemd services for units, and Kubernetes only when configured', () => {
    const plan = planScan(registry(), defaultDiscoveryConfig(), {});
    expect(plan.docker.map((h) => h.name)).toEqual(['edge-188', 'db-110']);
    expect(plan.systemd.map((s) => [s.host.name, s.units])).toEqual([
      ['db-110', ['prometheus-node-exporter']],
      ['edge-188', ['backup.timer']],
    ]);
    expect(plan.kubernetes).toBeNull();
    expect(plan.targets.find((t) => t.source === 'kubernetes')?.skipped).toContain('no kubeconfig');
    const withKube = planScan(registry(), defaultDiscoveryConfig(), { KUBECONFIG: '/tmp/kc' });
    expect(withKube.targets.filter((t) => t.source === 'kubernetes')).toEqual([{ source: 'kubernetes', target: '*' }]);
  });

  it('reports a configured host that is not in the registry as a failed target', () => {
    const config = parseDiscoveryConfig({ docker: { hosts: ['edge-188', 'ghost'] }, kubernetes: { enabled: false } });
    const plan = planScan(registry(), config.ok ? config.value : defaultDiscoveryConfig(), {});
    expect(plan.docker.map((h) => h.name)).toEqual(['edge-188']);
    expect(plan.targets.find((t) => t.target === 'ghost')?.error).toContain('not in the registry');
    expect(plan.targets.some((t) => t.source === 'kubernetes')).toBe(false);
  });
});
