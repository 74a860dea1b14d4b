// Kubernetes deploy target, continued: prune (only managed objects that are no longer generated, anywhere in the
// cluster; never on a partial tree; not for a kind it cannot list) and timeouts (per request, per target).
import { afterEach, describe, expect, it } from 'vitest';
import { applyToKubernetes, type KubernetesTarget } from '@/lib/deploy/kubernetes-target';
import { generate } from '@/lib/generate/index';
import { startKubeApplyServer, storedObject, type KubeApplyFixtures, type KubeApplyServer } from '../helpers/kube-apply-server';
import { seedRegistry } from '../helpers/seed';

let api: KubeApplyServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(fixtures: KubeApplyFixtures = {}): Promise<KubeApplyServer> {
  api = await startKubeApplyServer(fixtures);
  return api;
}

const MANAGED = { 'app.kubernetes.io/managed-by': 'awoooi-monitor', release: 'prometheus' };
const monitor = (namespace: string, name: string, labels: Record<string, string>) => ({
  apiVersion: 'monitoring.coreos.com/v1',
  kind: 'ServiceMonitor',
  metadata: { name, namespace, labels },
  spec: { selector: { matchLabels: { 'app.kubernetes.io/name': name } }, endpoints: [{ targetPort: 8080, path: '/metrics' }] },
});
const configMap = (name: string, labels: Record<string, string>) => ({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name, namespace: 'monitoring', labels }, data: { 'a.yml': 'a: 1\n' } });

/** A cluster after earlier pushes: objects this app no longer generates, and look-alikes it never managed. */
function earlierCluster() {
  return [
    storedObject(monitor('legacy', 'old-service', MANAGED), { uid: 'uid-old-service' }), // managed, gone from the registry
    storedObject(monitor('awoooi-prod', 'awoooi-api', MANAGED), { uid: 'uid-awoooi-api' }), // managed, still generated
    storedObject(monitor('legacy', 'hand-made', { release: 'prometheus' }), { manager: 'kubectl-client-side-apply' }), // not ours
    storedObject(configMap('awoooi-monitor-grafana-dashboards', { 'app.kubernetes.io/managed-by': 'awoooi-monitor' }), { uid: 'uid-dashboards' }),
    storedObject(configMap('awoooi-monitor-blackbox', { 'app.kubernetes.io/managed-by': 'awoooi-monitor' })), // still generated
    storedObject(configMap('kube-root-ca.crt', {}), { manager: 'kube-controller-manager' }),
    storedObject({ ...configMap('awoooi-monitor-other', { 'app.kubernetes.io/managed-by': 'helm' }) }, { manager: 'helm' }),
  ];
}

const target = (server: KubeApplyServer, extra: Partial<KubernetesTarget> = {}): KubernetesTarget => ({
  name: 'prod',
  kubeconfig: server.kubeconfigPath,
  prune: true,
  configMaps: ['blackbox'],
  ...extra,
});

describe('applyToKubernetes with prune', () => {
  it('deletes only objects labelled managed-by awoooi-monitor that are no longer generated, with their uid as precondition', async () => {
    const server = await serve({ objects: earlierCluster() });
    const result = await applyToKubernetes(target(server), generate(seedRegistry()).files);

    // one cluster-wide, label-selected list per managed kind
    const lists = server.requests.filter((r) => r.method === 'GET' && r.query.labelSelector);
    expect(lists.map((r) => `${r.path}?${r.query.labelSelector}`).sort()).toEqual([
      '/api/v1/configmaps?app.kubernetes.io/managed-by=awoooi-monitor',
      '/apis/monitoring.coreos.com/v1/prometheusrules?app.kubernetes.io/managed-by=awoooi-monitor',
      '/apis/monitoring.coreos.com/v1/servicemonitors?app.kubernetes.io/managed-by=awoooi-monitor',
    ]);
    const deletes = server.requests.filter((r) => r.method === 'DELETE');
    expect(deletes.map((r) => r.path)).toEqual([
      '/api/v1/namespaces/monitoring/configmaps/awoooi-monitor-grafana-dashboards',
      '/apis/monitoring.coreos.com/v1/namespaces/legacy/servicemonitors/old-service',
    ]);
    expect(deletes.map((r) => JSON.parse(r.body))).toEqual([
      { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'uid-dashboards' } },
      { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { uid: 'uid-old-service' } },
    ]);
    expect(deletes.every((r) => r.query.dryRun === undefined && r.status === 200)).toBe(true);

    expect(result.objects.filter((o) => o.action === 'deleted').map((o) => `${o.kind} ${o.namespace}/${o.name}`)).toEqual([
      'ConfigMap monitoring/awoooi-monitor-grafana-dashboards',
      'ServiceMonitor legacy/old-service',
    ]);
    expect(result.status).toBe('ok');
    expect(server.keys()).toContain('ServiceMonitor legacy/hand-made');
    expect(server.keys()).toContain('ConfigMap monitoring/kube-root-ca.crt');
    expect(server.keys()).toContain('ConfigMap monitoring/awoooi-monitor-other');
    expect(server.keys()).not.toContain('ServiceMonitor legacy/old-service');
    // what is still generated was applied over the older versions, not deleted
    expect(result.objects.find((o) => o.name === 'awoooi-api')?.action).toBe('configured');
    expect(result.objects.find((o) => o.name === 'awoooi-monitor-blackbox')?.action).toBe('configured');
  });

  it('in a dry run, says what it would delete and deletes nothing (listing page by page)', async () => {
    const server = await serve({ objects: earlierCluster() });
    const result = await applyToKubernetes(target(server), generate(seedRegistry()).files, { dryRun: true, pageSize: 1 });
    const monitorLists = server.requests.filter((r) => r.path === '/apis/monitoring.coreos.com/v1/servicemonitors');
    expect(monitorLists.map((r) => [r.query.limit, Boolean(r.query.continue)])).toEqual([['1', false], ['1', true]]); // two managed ones
    expect(result.objects.filter((o) => o.action === 'deleted').map((o) => o.name)).toEqual(['awoooi-monitor-grafana-dashboards', 'old-service']);
    expect(server.requests.filter((r) => r.method === 'DELETE').every((r) => r.query.dryRun === 'All')).toBe(true);
    expect(server.keys()).toContain('ServiceMonitor legacy/old-service');
    expect(server.keys()).toContain('ConfigMap monitoring/awoooi-monitor-grafana-dashboards');
  });

  it('refuses to prune from a partial tree, which would delete everything missing from it', async () => {
    const server = await serve({ objects: earlierCluster() });
    const files = generate(seedRegistry()).files.filter((f) => f.path !== 'kubernetes/service-monitors.yaml');
    const result = await applyToKubernetes(target(server), files);
    expect(server.requests.filter((r) => r.method === 'DELETE')).toEqual([]);
    expect(result.problems).toEqual(['prune skipped: the generated files lack kubernetes/service-monitors.yaml']);
    expect(result.status).toBe('partial');
  });

  it('skips the prune of a kind it may not list cluster-wide, and prunes the others', async () => {
    const server = await serve({ objects: earlierCluster(), forbid: [{ verb: 'list', plural: 'configmaps', namespace: '' }] });
    const result = await applyToKubernetes(target(server), generate(seedRegistry()).files);
    expect(result.problems).toEqual([
      'prune skipped for ConfigMap: forbidden (403): RBAC does not allow "list" on configmaps at the cluster scope: grant it to the push\'s user: ' +
        'configmaps is forbidden: User "system:serviceaccount:monitoring:awoooi-monitor" cannot list resource "configmaps" in API group "" at the cluster scope',
    ]);
    expect(server.requests.filter((r) => r.method === 'DELETE').map((r) => r.path)).toEqual(['/apis/monitoring.coreos.com/v1/namespaces/legacy/servicemonitors/old-service']);
    expect(server.keys()).toContain('ConfigMap monitoring/awoooi-monitor-grafana-dashboards');
  });

  it('does not delete an object re-created under the same name since it was listed (uid precondition, 409)', async () => {
    const server = await serve({ objects: earlierCluster() });
    // the stand-in answers the DELETE after the object was replaced: simulate by changing the stored uid on the list
    const result = await applyToKubernetes(target(server, { configMaps: [] }), generate(seedRegistry()).files, {
      onProgress: (e) => {
        if (e.phase === 'object' && e.done === 1) {
          const old = server.stored('ServiceMonitor', 'legacy', 'old-service')!;
          old.metadata.uid = 'uid-someone-elses';
        }
      },
    });
    const old = result.objects.find((o) => o.name === 'old-service');
    expect(old?.action).toBe('failed');
    expect(old?.error).toBe(
      'conflict (409): Operation cannot be fulfilled on servicemonitors.monitoring.coreos.com "old-service": Precondition failed: UID in precondition: uid-old-service, UID in object meta: uid-someone-elses',
    );
    expect(server.keys()).toContain('ServiceMonitor legacy/old-service');
  });
});

describe('applyToKubernetes timeouts', () => {
  it('fails one object that gets no answer within the request timeout; the rest are applied', async () => {
    const server = await serve({ delayMs: (r) => (r.method === 'PATCH' && r.path.endsWith('/awoooi-web') ? 5_000 : 0) });
    const result = await applyToKubernetes(target(server, { prune: false, configMaps: [] }), generate(seedRegistry()).files, { requestTimeoutMs: 300 });
    const web = result.objects.find((o) => o.name === 'awoooi-web');
    expect(web).toMatchObject({
      action: 'failed',
      error: 'no answer within 0.3 s (PATCH /apis/monitoring.coreos.com/v1/namespaces/awoooi-prod/servicemonitors/awoooi-web)',
    });
    expect(result.objects.filter((o) => o.action === 'created')).toHaveLength(result.objects.length - 1);
  });

  it('stops at the target deadline: requests in flight and not yet sent fail with it', async () => {
    const server = await serve({ delayMs: (r) => (r.method === 'PATCH' ? 400 : 0) });
    const started = Date.now();
    const result = await applyToKubernetes(target(server, { prune: false, configMaps: [] }), generate(seedRegistry()).files, { timeoutMs: 250, concurrency: 2 });
    expect(Date.now() - started).toBeLessThan(2_000);
    expect(result.status).toBe('failed');
    expect(result.objects.length).toBeGreaterThan(2);
    // the first two were in flight (the server may have applied them), the rest never left
    const errors = result.objects.map((o) => `${o.action}: ${o.error}`);
    expect(errors.slice(0, 2)).toEqual(Array(2).fill("failed: the push's deadline of 0.25 s passed: sent, no answer (it may have been applied)"));
    expect(errors.slice(2)).toEqual(Array(errors.length - 2).fill("failed: the push's deadline of 0.25 s passed: not sent"));
    expect(server.requests.filter((r) => r.method === 'PATCH')).toHaveLength(2);
  });
});
