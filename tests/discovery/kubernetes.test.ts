// Kubernetes discovery against a local stand-in for the API server (tests/helpers/kube-apiserver.ts), through the
// real @kubernetes/client-node, plus the pure mapping from API objects to Workloads.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { ApiException, type V1DaemonSet, type V1Deployment, type V1StatefulSet } from '@kubernetes/client-node';
import { afterEach, describe, expect, it } from 'vitest';
import {
  daemonSetToWorkload,
  deploymentToWorkload,
  describeKubeError,
  loadKubeConfig,
  scanKubernetes,
  statefulSetToWorkload,
} from '@/lib/discovery/kubernetes';
import type { TargetResult } from '@/lib/discovery/types';
import {
  closedPort,
  daemonSet,
  deployment,
  startKubeApiServer,
  statefulSet,
  type KubeApiFixtures,
  type KubeApiServer,
} from '../helpers/kube-apiserver';

let api: KubeApiServer | undefined;
afterEach(async () => {
  await api?.close();
  api = undefined;
});

async function serve(fixtures: KubeApiFixtures): Promise<KubeApiServer> {
  api = await startKubeApiServer(fixtures);
  return api;
}

function kubeConfigFor(file: string) {
  const loaded = loadKubeConfig({ kubeconfig: file, env: {} });
  if (!loaded.ok) throw new Error(loaded.error);
  return loaded.kubeConfig;
}

const names = (r: TargetResult | undefined) => (r?.workloads ?? []).map((w) => `${w.kind} ${w.location}/${w.name}`).sort();

describe('scanKubernetes', () => {
  it('follows continue tokens across pages until every item has arrived', async () => {
    const objects = Array.from({ length: 7 }, (_, i) => deployment(`shop/web-${i}`));
    const server = await serve({ objects: [...objects, statefulSet('db/postgres'), daemonSet('monitoring/node-exporter')] });
    const [result, ...more] = await scanKubernetes(kubeConfigFor(server.kubeconfigPath), { pageSize: 3, timeoutMs: 10_000 });
    expect(more).toEqual([]);
    expect(result).toMatchObject({ source: 'kubernetes', target: '*', status: 'ok' });
    expect(result?.workloads).toHaveLength(9);
    expect(names(result)).toContain('Deployment shop/web-6');

    const deploymentCalls = server.requests.filter((r) => r.path === '/apis/apps/v1/deployments');
    expect(deploymentCalls.map((r) => r.query.limit)).toEqual(['3', '3', '3']);
    expect(deploymentCalls[0]?.query.continue).toBeUndefined();
    expect(deploymentCalls[1]?.query.continue).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(deploymentCalls[2]?.query.continue).not.toBe(deploymentCalls[1]?.query.continue);
    expect(server.requests.filter((r) => r.path === '/apis/apps/v1/statefulsets')).toHaveLength(1);
    expect(server.requests.every((r) => r.status === 200)).toBe(true);
  });

  it('maps what the client deserialized: kind, image, labels, annotations, ISO creation time', async () => {
    const server = await serve({
      objects: [deployment('shop/api', { replicas: 3, ready: 2, image: 'ghcr.io/acme/api:2.1.0', labels: { 'awoooi.io/service': 'shop-api' }, created: '2025-01-02T03:04:05Z' })],
    });
    const [result] = await scanKubernetes(kubeConfigFor(server.kubeconfigPath), { timeoutMs: 10_000 });
    expect(result?.workloads).toEqual([
      {
        source: 'kubernetes',
        location: 'shop',
        name: 'api',
        kind: 'Deployment',
        image: 'ghcr.io/acme/api:2.1.0',
        status: '2/3 ready',
        healthy: false,
        labels: { 'awoooi.io/service': 'shop-api' },
        annotations: { 'deployment.kubernetes.io/revision': '1' },
        created: '2025-01-02T03:04:05.000Z',
      },
    ]);
    expect(server.requests[0]?.query.limit).toBe('500');
  });

  it('scans a namespace list as one target each, with namespaced list calls only', async () => {
    const server = await serve({ objects: [deployment('shop/api'), statefulSet('shop/redis'), deployment('billing/invoices'), deployment('other/ignored')] });
    const events: string[] = [];
    const results = await scanKubernetes(kubeConfigFor(server.kubeconfigPath), {
      namespaces: ['shop', 'billing', 'empty'],
      timeoutMs: 10_000,
      onProgress: (e) => events.push(`${e.phase} ${e.target}${e.result ? ` ${e.result.status}` : ''}`),
    });
    expect(results.map((r) => [r.target, r.status])).toEqual([['shop', 'ok'], ['billing', 'ok'], ['empty', 'ok']]);
    expect(names(results[0])).toEqual(['Deployment shop/api', 'StatefulSet shop/redis']);
    expect(names(results[1])).toEqual(['Deployment billing/invoices']);
    expect(results[2]?.workloads).toEqual([]);
    expect(server.requests.every((r) => r.path.startsWith('/apis/apps/v1/namespaces/'))).toBe(true);
    expect(server.requests).toHaveLength(9);
    expect(events.filter((e) => e.startsWith('started'))).toHaveLength(3);
    expect(events).toContain('finished billing ok');
  });

  it('fails a forbidden namespace alone, with the API server message', async () => {
    const server = await serve({ objects: [deployment('shop/api'), deployment('secret-ns/vault')], forbiddenNamespaces: ['secret-ns'] });
    const [shop, secret] = await scanKubernetes(kubeConfigFor(server.kubeconfigPath), { namespaces: ['shop', 'secret-ns'], timeoutMs: 10_000 });
    expect(shop).toMatchObject({ target: 'shop', status: 'ok' });
    expect(names(shop)).toEqual(['Deployment shop/api']);
    expect(secret).toMatchObject({ target: 'secret-ns', status: 'failed', workloads: [] });
    expect(secret?.error).toBe('forbidden (403): deployments.apps is forbidden: User "system:serviceaccount:monitoring:awoooi" cannot list resource "deployments" in API group "apps" in the namespace "secret-ns"');
  });

  it('says unauthorized for a wrong token', async () => {
    const server = await serve({ objects: [deployment('shop/api')] });
    const results = await scanKubernetes(kubeConfigFor(server.writeKubeconfig({ token: 'stale-token' })), { timeoutMs: 10_000 });
    expect(results).toMatchObject([{ target: '*', status: 'failed', error: 'unauthorized (401): check the token', workloads: [] }]);
    expect(server.requests[0]?.status).toBe(401);
  });

  it('says connection refused with the server address', async () => {
    const server = await serve({ objects: [] });
    const dead = `http://127.0.0.1:${await closedPort()}`;
    const results = await scanKubernetes(kubeConfigFor(server.writeKubeconfig({ server: dead })), { namespaces: ['shop'], timeoutMs: 10_000 });
    expect(results).toMatchObject([{ target: 'shop', status: 'failed', error: `connection refused (${dead})` }]);
  });

  it('bounds the whole target by timeoutMs', async () => {
    const server = await serve({ objects: [deployment('shop/api')], delayMs: 5_000 });
    const started = Date.now();
    const results = await scanKubernetes(kubeConfigFor(server.kubeconfigPath), { timeoutMs: 300 });
    expect(results).toMatchObject([{ target: '*', status: 'failed', error: 'timed out after 0.3 s' }]);
    expect(Date.now() - started).toBeLessThan(3_000);
  });

  it('restarts a listing once when its continue token expires (410), then gives up', async () => {
    const objects = Array.from({ length: 4 }, (_, i) => deployment(`shop/web-${i}`));
    let server = await serve({ objects, expireContinueTokens: 1 });
    let [result] = await scanKubernetes(kubeConfigFor(server.kubeconfigPath), { namespaces: ['shop'], pageSize: 2, timeoutMs: 10_000 });
    expect(result?.status).toBe('ok');
    expect(result?.workloads).toHaveLength(4);
    const calls = server.requests.filter((r) => r.path.endsWith('/deployments'));
    expect(calls.map((r) => [r.query.continue ? 'continue' : 'first', r.status])).toEqual([['first', 200], ['continue', 410], ['first', 200], ['continue', 200]]);
    await server.close();

    server = await serve({ objects, expireContinueTokens: 2 });
    [result] = await scanKubernetes(kubeConfigFor(server.kubeconfigPath), { namespaces: ['shop'], pageSize: 2, timeoutMs: 10_000 });
    expect(result).toMatchObject({ status: 'failed' });
    expect(result?.error).toMatch(/^list expired twice while paging \(410 Gone\): The provided continue parameter is too old/);
  });
});

describe('loadKubeConfig', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'awoooi-kubeconfig-'));

  it('names a missing file', () => {
    const missing = path.join(dir, 'nope.yaml');
    expect(loadKubeConfig({ kubeconfig: missing, env: {} })).toEqual({ ok: false, error: `kubeconfig ${missing}: cannot read (ENOENT)` });
  });

  it('names a file that is not a kubeconfig', () => {
    const bad = path.join(dir, 'bad.yaml');
    writeFileSync(bad, 'clusters: [\n');
    const empty = path.join(dir, 'empty.yaml');
    writeFileSync(empty, '');
    expect(loadKubeConfig({ kubeconfig: bad, env: {} })).toMatchObject({ ok: false, error: expect.stringMatching(new RegExp(`^kubeconfig ${bad}: not a valid kubeconfig`)) });
    expect(loadKubeConfig({ kubeconfig: empty, env: {} })).toMatchObject({ ok: false, error: expect.stringContaining(`kubeconfig ${empty}: not a valid kubeconfig`) });
  });

  it('prefers the explicit file, then KUBECONFIG, and reports an unknown context', async () => {
    const server = await serve({ objects: [] });
    const other = server.writeKubeconfig({ context: 'staging' });
    const explicit = loadKubeConfig({ kubeconfig: server.kubeconfigPath, env: { KUBECONFIG: other } });
    expect(explicit).toMatchObject({ ok: true, describe: `kubeconfig ${server.kubeconfigPath} (context test), server ${server.url}` });

    const fromEnv = loadKubeConfig({ env: { KUBECONFIG: other } });
    expect(fromEnv).toMatchObject({ ok: true, describe: `KUBECONFIG ${other} (context staging), server ${server.url}` });

    const missing = path.join(dir, 'gone.yaml');
    expect(loadKubeConfig({ env: { KUBECONFIG: missing } })).toEqual({ ok: false, error: `KUBECONFIG ${missing}: cannot read (ENOENT)` });
    expect(loadKubeConfig({ kubeconfig: other, context: 'prod', env: {} })).toEqual({
      ok: false,
      error: `kubeconfig ${other}: no context "prod" (contexts: staging)`,
    });
  });

  it('merges a KUBECONFIG path list and selects a context from any file', async () => {
    const server = await serve({ objects: [deployment('shop/api')] });
    const first = server.writeKubeconfig({ context: 'a', token: 'wrong' });
    const second = server.writeKubeconfig({ context: 'b' });
    const loaded = loadKubeConfig({ context: 'b', env: { KUBECONFIG: `${first}${path.delimiter}${second}` } });
    if (!loaded.ok) throw new Error(loaded.error);
    const [result] = await scanKubernetes(loaded.kubeConfig, { timeoutMs: 10_000 });
    expect(result?.status).toBe('ok');
  });

  it('says what to configure when nothing is', () => {
    expect(loadKubeConfig({ env: {} })).toEqual({ ok: false, error: 'no Kubernetes configured (set kubernetes.kubeconfig, KUBECONFIG, or run in a cluster)' });
  });

  it('goes in-cluster when KUBERNETES_SERVICE_HOST is set, and says when the token is not mounted', () => {
    const result = loadKubeConfig({ env: { KUBERNETES_SERVICE_HOST: '10.43.0.1', KUBERNETES_SERVICE_PORT: '443' } });
    // this machine is no pod: the service account token is not there
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/^in-cluster: cannot read the service account token \/var\/run\/secrets\/kubernetes\.io\/serviceaccount\/token/) });
  });
});

describe('API object -> Workload', () => {
  // the client's deserialized shape: creationTimestamp is a Date
  const meta = { name: 'api', namespace: 'shop', creationTimestamp: new Date('2025-03-14T09:26:53Z') };

  it('counts ready replicas of Deployments and StatefulSets, absent fields as 0 ready of 1 wanted', () => {
    const d = { metadata: meta, spec: { replicas: 3, selector: {}, template: { spec: { containers: [{ name: 'api', image: 'api:1' }] } } }, status: { readyReplicas: 3 } } as V1Deployment;
    expect(deploymentToWorkload(d)).toMatchObject({ kind: 'Deployment', status: '3/3 ready', healthy: true, image: 'api:1', created: '2025-03-14T09:26:53.000Z', labels: {}, annotations: {} });
    expect(deploymentToWorkload({ metadata: meta } as V1Deployment)).toMatchObject({ status: '0/1 ready', healthy: false });
    expect(deploymentToWorkload({ metadata: meta } as V1Deployment).image).toBeUndefined();
    const s = { metadata: { ...meta, name: 'pg' }, spec: { replicas: 2, serviceName: 'pg', selector: {}, template: {} }, status: { replicas: 2, readyReplicas: 1 } } as V1StatefulSet;
    expect(statefulSetToWorkload(s)).toMatchObject({ kind: 'StatefulSet', name: 'pg', status: '1/2 ready', healthy: false });
  });

  it('calls a Deployment scaled to 0 healthy', () => {
    const d = { metadata: meta, spec: { replicas: 0, selector: {}, template: {} }, status: { observedGeneration: 4 } } as V1Deployment;
    expect(deploymentToWorkload(d)).toMatchObject({ status: 'scaled to 0', healthy: true });
  });

  it('counts a DaemonSet by pods ready of pods scheduled', () => {
    const ds = (numberReady: number, desiredNumberScheduled: number) =>
      daemonSetToWorkload({ metadata: { ...meta, name: 'node-exporter', labels: { app: 'ne' } }, status: { numberReady, desiredNumberScheduled, currentNumberScheduled: desiredNumberScheduled, numberMisscheduled: 0 } } as V1DaemonSet);
    expect(ds(2, 3)).toMatchObject({ kind: 'DaemonSet', name: 'node-exporter', status: '2/3 ready', healthy: false, labels: { app: 'ne' } });
    expect(ds(3, 3)).toMatchObject({ status: '3/3 ready', healthy: true });
  });
});

describe('describeKubeError', () => {
  const server = 'https://10.0.0.5:6443';
  const statusBody = (code: number, reason: string, message: string) => JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message, reason, code });

  it('puts the Status message of other HTTP errors after the code', () => {
    const e = new ApiException(500, 'Unknown API Status Code!', statusBody(500, 'InternalError', 'etcdserver: request timed out'), {});
    expect(describeKubeError(e, server)).toBe(`HTTP 500 from ${server}: etcdserver: request timed out`);
    expect(describeKubeError(new ApiException(401, 'Unauthorized', undefined, {}), server)).toBe('unauthorized (401): check the token');
  });

  it('names network failures with the server', () => {
    const fetchError = (code: string) => Object.assign(new Error(`request to ${server} failed, reason: x`), { name: 'FetchError', code });
    expect(describeKubeError(fetchError('ENOTFOUND'), server)).toBe(`host not found (${server})`);
    expect(describeKubeError(fetchError('DEPTH_ZERO_SELF_SIGNED_CERT'), server)).toMatch(/^TLS error talking to https:\/\/10\.0\.0\.5:6443: /);
  });
});
