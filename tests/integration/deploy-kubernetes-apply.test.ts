// Kubernetes deploy target against a loopback stand-in of the API server (tests/helpers/kube-apply-server.ts): the
// exact server-side apply requests, created/configured/unchanged, dry run, missing CRDs, RBAC refusals per
// namespace, invalid objects. Prune and timeouts: deploy-kubernetes-prune.test.ts.
import jsyaml from 'js-yaml';
import { afterEach, describe, expect, it } from 'vitest';
import { applyToKubernetes, type KubernetesPushProgress, type KubernetesTarget } from '@/lib/deploy/kubernetes-target';
import { generate, type GeneratedFile } from '@/lib/generate/index';
import { closedPort } from '../helpers/kube-apiserver';
import { startKubeApplyServer, type KubeApplyFixtures, type KubeApplyServer } from '../helpers/kube-apply-server';
import { registryFromYaml, seedRegistry } from '../helpers/seed';

let api: KubeApplyServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(fixtures: KubeApplyFixtures = {}): Promise<KubeApplyServer> {
  api = await startKubeApplyServer(fixtures);
  return api;
}

const target = (server: KubeApplyServer, extra: Partial<KubernetesTarget> = {}): KubernetesTarget => ({ name: 'prod', kubeconfig: server.kubeconfigPath, ...extra });
const docsOf = (files: readonly GeneratedFile[], path: string) =>
  (jsyaml.loadAll(files.find((f) => f.path === path)!.content) as (Record<string, any> | null)[]).filter((d): d is Record<string, any> => d !== null); // eslint-disable-line @typescript-eslint/no-explicit-any
const applies = (server: KubeApplyServer) => server.requests.filter((r) => r.method === 'PATCH');

/** k8s services in two namespaces, so that RBAC can refuse one of them. */
function twoNamespaceFiles(): GeneratedFile[] {
  const service = (name: string, namespace: string) =>
    `  - name: ${name}\n    type: k8s-deployment\n    namespace: ${namespace}\n    port: 8080\n    monitoring: {prometheus: true}\n    alerts: [pod_crash]\n    owner: shop-team\n`;
  const yaml = `services:\n${service('cart', 'shop')}${service('checkout', 'shop')}${service('invoices', 'billing')}`;
  return generate(registryFromYaml(yaml)).files;
}

describe('applyToKubernetes', () => {
  it('applies every PrometheusRule, ServiceMonitor and ConfigMap with one server-side apply PATCH each', async () => {
    const server = await serve();
    const { files } = generate(seedRegistry());
    const result = await applyToKubernetes(target(server), files);

    const rules = docsOf(files, 'kubernetes/prometheus-rules.yaml');
    const monitors = docsOf(files, 'kubernetes/service-monitors.yaml');
    expect(rules.length).toBeGreaterThan(0);
    expect(monitors.length).toBeGreaterThan(0);
    const configMaps = ['awoooi-monitor-prometheus', 'awoooi-monitor-prometheus-rules', 'awoooi-monitor-alertmanager', 'awoooi-monitor-blackbox'];
    expect(result).toMatchObject({ target: 'prod', status: 'ok', dryRun: false, problems: [] });
    expect(result.server).toContain(server.url);
    expect(result.counts).toEqual({ created: rules.length + monitors.length + 4, configured: 0, unchanged: 0, deleted: 0, failed: 0 });
    expect(result.objects.map((o) => `${o.kind} ${o.namespace}/${o.name} ${o.action}`)).toEqual([
      ...rules.map((d) => `PrometheusRule monitoring/${d.metadata.name} created`),
      ...monitors.map((d) => `ServiceMonitor ${d.metadata.namespace}/${d.metadata.name} created`),
      ...configMaps.map((name) => `ConfigMap monitoring/${name} created`),
    ]);

    // the exact requests: discovery once per group/version, then one apply per object with the manifest as body
    expect(server.requests.filter((r) => r.method === 'GET' && !r.query.labelSelector).map((r) => r.path).sort()).toEqual(['/api/v1', '/apis/monitoring.coreos.com/v1']);
    const byPath = new Map(applies(server).map((r) => [r.path, r]));
    expect(byPath.size).toBe(rules.length + monitors.length + 4);
    for (const [doc, plural] of [...rules.map((d) => [d, 'prometheusrules'] as const), ...monitors.map((d) => [d, 'servicemonitors'] as const)]) {
      const request = byPath.get(`/apis/monitoring.coreos.com/v1/namespaces/${doc.metadata.namespace}/${plural}/${doc.metadata.name}`);
      expect(request).toMatchObject({ contentType: 'application/apply-patch+yaml', query: { fieldManager: 'awoooi-monitor', force: 'true' }, status: 201 });
      expect(Object.keys(request!.query).sort()).toEqual(['fieldManager', 'force']); // no dryRun
      expect(JSON.parse(request!.body)).toEqual(doc);
    }
    const rulesMap = JSON.parse(byPath.get('/api/v1/namespaces/monitoring/configmaps/awoooi-monitor-prometheus-rules')!.body);
    expect(rulesMap).toMatchObject({ apiVersion: 'v1', kind: 'ConfigMap', metadata: { name: 'awoooi-monitor-prometheus-rules', namespace: 'monitoring', labels: { 'app.kubernetes.io/managed-by': 'awoooi-monitor' } } });
    expect(rulesMap.data).toEqual(Object.fromEntries(files.filter((f) => f.path.startsWith('prometheus/rules/')).map((f) => [f.path.slice('prometheus/rules/'.length), f.content])));

    // and the cluster holds them, as applied
    expect(server.stored('ServiceMonitor', monitors[0]!.metadata.namespace, monitors[0]!.metadata.name)?.spec).toEqual(monitors[0]!.spec);
    expect(server.stored('ConfigMap', 'monitoring', 'awoooi-monitor-blackbox')?.data).toEqual({
      'blackbox.yml': files.find((f) => f.path === 'blackbox/blackbox.yml')!.content,
      'targets.json': files.find((f) => f.path === 'blackbox/targets.json')!.content,
    });
  });

  it('tells created, configured and unchanged apart on the next push, and reports progress per object', async () => {
    const server = await serve();
    const { files } = generate(seedRegistry());
    await applyToKubernetes(target(server, { configMaps: [] }), files);
    const before = server.stored('ServiceMonitor', 'awoooi-prod', 'awoooi-api')!.metadata.resourceVersion;

    const again = await applyToKubernetes(target(server, { configMaps: [] }), files);
    expect(again.objects.every((o) => o.action === 'unchanged')).toBe(true);
    expect(server.stored('ServiceMonitor', 'awoooi-prod', 'awoooi-api')!.metadata.resourceVersion).toBe(before);

    // a changed port for awoooi-api, and the Alertmanager config shipped as a ConfigMap from now on
    const changed = files.map((f) => (f.path === 'kubernetes/service-monitors.yaml' ? { ...f, content: f.content.replace('targetPort: 8000', 'targetPort: 8001') } : f));
    const events: KubernetesPushProgress[] = [];
    const third = await applyToKubernetes(target(server, { configMaps: ['alertmanager'] }), changed, { onProgress: (e) => events.push(e) });
    const actions = Object.fromEntries(third.objects.map((o) => [`${o.kind} ${o.name}`, o.action]));
    expect(actions).toMatchObject({ 'ServiceMonitor awoooi-api': 'configured', 'ServiceMonitor awoooi-web': 'unchanged', 'ConfigMap awoooi-monitor-alertmanager': 'created', 'PrometheusRule awoooi-monitor-slo-000': 'unchanged' });
    expect(third.summary).toBe(`1 created, 1 configured, ${third.objects.length - 2} unchanged`);
    expect(server.stored('ServiceMonitor', 'awoooi-prod', 'awoooi-api')!.metadata.resourceVersion).not.toBe(before);

    expect(events[0]).toEqual({ target: 'prod', phase: 'started', done: 0, total: 0 });
    const perObject = events.filter((e) => e.phase === 'object');
    expect(perObject.map((e) => e.done)).toEqual(third.objects.map((_, i) => i + 1));
    expect(perObject.every((e) => e.total === third.objects.length)).toBe(true);
    expect(events.at(-1)).toMatchObject({ phase: 'finished', done: third.objects.length, result: third });
  });

  it('a dry run sends dryRun=All, stores nothing and still says what would change', async () => {
    const server = await serve();
    const { files } = generate(seedRegistry());
    await applyToKubernetes(target(server, { configMaps: ['blackbox'] }), files);
    const stored = server.keys().map((k) => [k, server.stored(...(k.replace('/', ' ').split(' ') as [string, string, string]))]);
    server.requests.length = 0;

    const changed = files.map((f) => (f.path === 'blackbox/blackbox.yml' ? { ...f, content: `${f.content}# changed\n` } : f));
    const result = await applyToKubernetes(target(server, { configMaps: ['blackbox', 'alertmanager'] }), changed, { dryRun: true });
    expect(result.dryRun).toBe(true);
    expect(applies(server).length).toBe(result.objects.length);
    expect(applies(server).every((r) => r.query.dryRun === 'All' && r.query.force === 'true')).toBe(true);
    const actions = Object.fromEntries(result.objects.map((o) => [o.name, o.action]));
    expect(actions).toMatchObject({ 'awoooi-monitor-blackbox': 'configured', 'awoooi-monitor-alertmanager': 'created', 'awoooi-api': 'unchanged', 'awoooi-monitor-services-000': 'unchanged' });
    // nothing changed in the cluster
    expect(server.keys().map((k) => [k, server.stored(...(k.replace('/', ' ').split(' ') as [string, string, string]))])).toEqual(stored);
  });

  it('reports a missing Prometheus Operator CRD once per object, sends none of them, and applies the ConfigMaps', async () => {
    const server = await serve({ crds: [] });
    const result = await applyToKubernetes(target(server, { configMaps: ['alertmanager'] }), generate(seedRegistry()).files);
    const failed = result.objects.filter((o) => o.action === 'failed');
    expect(failed.length).toBe(result.objects.length - 1);
    for (const o of failed) expect(o.error).toBe(`the cluster does not serve monitoring.coreos.com/v1, so it has no ${o.kind} kind: install the Prometheus Operator CRDs`);
    expect(result.objects.find((o) => o.kind === 'ConfigMap')).toMatchObject({ action: 'created' });
    expect(result.status).toBe('partial');
    expect(applies(server).map((r) => r.path)).toEqual(['/api/v1/namespaces/monitoring/configmaps/awoooi-monitor-alertmanager']);

    // only the PrometheusRule CRD missing: the ServiceMonitors go through
    const partial = await serve({ crds: ['ServiceMonitor'] });
    const second = await applyToKubernetes(target(partial, { configMaps: [] }), generate(seedRegistry()).files);
    expect(second.objects.filter((o) => o.kind === 'ServiceMonitor').every((o) => o.action === 'created')).toBe(true);
    expect(second.objects.find((o) => o.kind === 'PrometheusRule')?.error).toBe(
      'the cluster has no PrometheusRule kind (monitoring.coreos.com/v1 serves no prometheusrules.monitoring.coreos.com): install the Prometheus Operator CRDs',
    );
    await partial.close();
  });

  it('a 403 in one namespace fails only that namespace\'s objects, naming the verb and resource', async () => {
    const server = await serve({ forbid: [{ verb: 'patch', plural: 'servicemonitors', namespace: 'billing' }] });
    const result = await applyToKubernetes(target(server, { configMaps: [] }), twoNamespaceFiles());
    const monitors = result.objects.filter((o) => o.kind === 'ServiceMonitor');
    expect(monitors.map((o) => `${o.namespace}/${o.name} ${o.action}`)).toEqual(['shop/cart created', 'shop/checkout created', 'billing/invoices failed']);
    expect(monitors[2]!.error).toBe(
      'forbidden (403): RBAC does not allow "patch" on servicemonitors.monitoring.coreos.com in the namespace "billing": grant it to the push\'s user: ' +
        'servicemonitors.monitoring.coreos.com "invoices" is forbidden: User "system:serviceaccount:monitoring:awoooi-monitor" cannot patch resource "servicemonitors" in API group "monitoring.coreos.com" in the namespace "billing"',
    );
    expect(result.objects.filter((o) => o.kind === 'PrometheusRule').every((o) => o.action === 'created')).toBe(true);
    expect(result).toMatchObject({ status: 'partial', summary: `${result.objects.length - 1} created, 1 failed` });
  });

  it('reports a namespace that does not exist and an object the API rejects as invalid, with the API\'s message', async () => {
    const server = await serve({
      namespaces: ['monitoring', 'shop'],
      reject: (o) => (o.kind === 'PrometheusRule' ? { field: 'spec.groups[0].rules[0].expr', message: 'Invalid value: "up ==": parse error' } : undefined),
    });
    const result = await applyToKubernetes(target(server, { configMaps: ['prometheus'] }), twoNamespaceFiles());
    const byName = Object.fromEntries(result.objects.map((o) => [o.name, o]));
    expect(byName.invoices?.error).toBe('the namespace "billing" does not exist: create it first (404)');
    expect(byName['awoooi-monitor-services-000']?.error).toBe(
      'rejected as invalid (422): PrometheusRule.monitoring.coreos.com "awoooi-monitor-services-000" is invalid: spec.groups[0].rules[0].expr: Invalid value: "up ==": parse error',
    );
    expect(byName.cart?.action).toBe('created');
    expect(byName['awoooi-monitor-prometheus']?.action).toBe('created');
  });

  it('over https, trusts the kubeconfig\'s CA and presents its client certificate (what fetch would drop with the agent)', async () => {
    const server = await serve({ tls: true });
    expect(server.url).toMatch(/^https:/);
    const files = generate(seedRegistry()).files;
    const byCertificate = await applyToKubernetes(target(server, { kubeconfig: server.writeKubeconfig({ clientCertificate: true }), configMaps: [] }), files);
    expect(byCertificate.status).toBe('ok');
    expect(server.requests.every((r) => r.status !== 401)).toBe(true);

    const untrusted = await applyToKubernetes(target(server, { kubeconfig: server.writeKubeconfig({ trustCa: false }), configMaps: [] }), files);
    expect(untrusted.status).toBe('failed');
    expect(untrusted.objects[0]?.error).toMatch(/^cannot read the API's kinds \(GET .+\): TLS error talking to kubeconfig .+, server https:\/\/127\.0\.0\.1:\d+: /);
  });

  it('fails the whole target clearly without a working kubeconfig, token or server', async () => {
    const server = await serve();
    const files = generate(seedRegistry()).files;

    const none = await applyToKubernetes({ name: 'prod' }, files, { env: {} });
    expect(none).toMatchObject({ status: 'failed', objects: [], problems: ['no Kubernetes configured (set kubernetes.kubeconfig, KUBECONFIG, or run in a cluster)'] });

    const wrongToken = await applyToKubernetes({ name: 'prod', kubeconfig: server.writeKubeconfig({ token: 'stolen' }) }, files, { env: {} });
    expect(wrongToken.status).toBe('failed');
    expect(wrongToken.objects[0]?.error).toMatch(/^cannot read the API's kinds \(GET .+\): unauthorized \(401\): the API server refused the credentials/);
    expect(server.requests.filter((r) => r.method === 'PATCH')).toEqual([]);

    const port = await closedPort();
    const refused = await applyToKubernetes({ name: 'prod', kubeconfig: server.writeKubeconfig({ server: `http://127.0.0.1:${port}` }) }, files, { env: {} });
    expect(refused.status).toBe('failed');
    expect(refused.server).toMatch(new RegExp(`^kubeconfig .+ \\(context test\\), server http://127\\.0\\.0\\.1:${port}$`));
    for (const o of refused.objects) expect(o.error).toContain(`connection refused (${refused.server})`);
  });
});
