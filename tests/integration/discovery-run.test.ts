// A discovery run end to end against the real PostgreSQL: a real sshd on loopback (Docker and systemd), the
// Kubernetes stand-in API, a local webhook receiver; then the stored run, first/last seen, one notification per
// scan, the cross-replica lock (a second process holding it), the API's auth and the overview after registering.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '@/lib/auth/tokens';
import { SYSTEM_ACTOR } from '@/lib/auth/roles';
import { parseDiscoveryConfig, type DiscoveryConfig } from '@/lib/discovery/config';
import { tryDiscoveryLock } from '@/lib/discovery/lock';
import { discoveryOverview, findingsJson } from '@/lib/discovery/overview';
import { startDiscovery, waitForDiscovery } from '@/lib/discovery/runner';
import { getRun } from '@/lib/discovery/store';
import { applyRegistry } from '@/lib/registry/store';
import { emptyRegistry, type Registry, type Service } from '@/lib/registry/model';
import { deployment, startKubeApiServer, type KubeApiServer } from '../helpers/kube-apiserver';
import { container, freeClosedPort, startSshd, type SshdFixture } from '../helpers/sshd';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const monitoring = { prometheus: true, sentry: false, otel: false, langfuse: false };
const svc = (s: Partial<Service> & Pick<Service, 'name' | 'type'>): Service => ({ monitoring, alerts: [], owner: 'ops', ...s });

let t: TestDatabase;
let sshd: SshdFixture;
let kube: KubeApiServer;
let hook: { url: string; bodies: unknown[]; close(): Promise<void> };
let config: DiscoveryConfig;
let registry: Registry;

async function startReceiver() {
  const bodies: unknown[] = [];
  const server = http.createServer((req, res) => {
    let text = '';
    req.on('data', (c) => (text += c));
    req.on('end', () => {
      bodies.push(JSON.parse(text));
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}/hook`, bodies, close: () => new Promise<void>((resolve) => server.close(() => resolve())) };
}

beforeAll(async () => {
  [t, sshd, kube, hook] = await Promise.all([
    createTestDatabase(),
    startSshd({
      containers: [container('postgres', { Image: 'postgres:16' }), container('grafana', { Image: 'docker.io/grafana/grafana:11.2.0' }), container('k3s-pause')],
      units: { 'nginx.service': { ActiveState: 'active', SubState: 'running' } },
    }),
    startKubeApiServer({ objects: [deployment('awoooi/awoooi-api', { replicas: 2, ready: 2 }), deployment('awoooi/awoooi-web'), deployment('kube-system/coredns')] }),
    startReceiver(),
  ]);
  const closed = await freeClosedPort();
  registry = {
    ...emptyRegistry(),
    owners: [{ name: 'ops' }],
    hosts: [sshd.host('edge'), { name: 'dead', address: '127.0.0.1', ssh_port: closed, ssh_key: `file:${sshd.clientKeyPath}` }],
    services: [
      svc({ name: 'postgres', type: 'docker', host: 'edge' }),
      svc({ name: 'redis', type: 'docker', host: 'edge' }),
      svc({ name: 'minio', type: 'docker', host: 'dead' }),
      svc({ name: 'nginx', type: 'systemd', host: 'edge', service_name: 'nginx.service' }),
      svc({ name: 'cron-backup', type: 'systemd', host: 'edge', service_name: 'backup.timer' }),
      svc({ name: 'awoooi-api', type: 'k8s-deployment', namespace: 'awoooi' }),
    ],
  };
  await applyRegistry(t.db, registry);
  const parsed = parseDiscoveryConfig({ docker: { timeout_seconds: 10 }, kubernetes: { kubeconfig: kube.kubeconfigPath, timeout_seconds: 10 } });
  if (!parsed.ok) throw new Error(parsed.problems.join('\n'));
  config = parsed.value;
});
afterAll(async () => {
  await waitForDiscovery();
  await Promise.all([t?.drop(), sshd?.stop(), kube?.close(), hook?.close()]);
});

const notify = () => ({ webhook: { url: hook.url }, baseDelayMs: 10 });

describe('a discovery run', () => {
  it('scans every source, stores the run and the workloads, and announces what is new once', async () => {
    const started = await startDiscovery(t.db, { trigger: 'manual', actorName: 'tester', config, notify: notify(), env: {} });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    const outcome = await started.done;
    expect(outcome.status).toBe('partial'); // the dead host
    const run = await getRun(t.db, started.runId);
    expect(run?.status).toBe('partial');
    const states = Object.fromEntries(run!.targets.map((x) => [`${x.source}/${x.target}`, x.state]));
    expect(states).toEqual({ 'docker/edge': 'ok', 'docker/dead': 'failed', 'systemd/edge': 'ok', 'kubernetes/*': 'ok' });
    expect(run!.targets.find((x) => x.target === 'dead')?.error).toMatch(/connection refused/);

    const r = outcome.reconciliation;
    expect(r.unregistered.map((u) => u.key).sort()).toEqual(['docker/edge/grafana', 'kubernetes/awoooi/awoooi-web']);
    expect(r.stale.map((s) => s.service).sort()).toEqual(['cron-backup', 'redis']);
    expect(r.matched.map((m) => m.service).sort()).toEqual(['awoooi-api', 'nginx', 'postgres']);
    expect(r.unchecked.map((u) => u.service)).toEqual(['minio']);
    expect(run).toMatchObject({ unregistered: 2, newUnregistered: 2, stale: 2, matched: 3 });

    expect(hook.bodies).toHaveLength(1);
    expect(hook.bodies[0]).toMatchObject({ event: 'discovery.unregistered', count: 2 });
    expect(run!.notifications).toEqual([{ channel: 'webhook', ok: true, attempts: 1 }]);
    const stored = await t.db.discoveredWorkload.findMany({ orderBy: { key: 'asc' } });
    expect(stored.map((w) => w.key)).toContain('docker/edge/k3s-pause'); // stored even when ignored: it was seen
    expect(stored.filter((w) => w.notifiedAt).map((w) => w.key).sort()).toEqual(['docker/edge/grafana', 'kubernetes/awoooi/awoooi-web']);
  });

  it('keeps first seen, moves last seen, and does not announce the same workloads again', async () => {
    const before = await t.db.discoveredWorkload.findUniqueOrThrow({ where: { key: 'docker/edge/grafana' } });
    const started = await startDiscovery(t.db, { trigger: 'api', config, notify: notify(), env: {} });
    if (!started.ok) throw new Error(started.message);
    const outcome = await started.done;
    expect(outcome.newUnregistered).toEqual([]);
    const after = await t.db.discoveredWorkload.findUniqueOrThrow({ where: { key: 'docker/edge/grafana' } });
    expect(after.firstSeenAt).toEqual(before.firstSeenAt);
    expect(after.lastSeenAt.getTime()).toBeGreaterThan(before.lastSeenAt.getTime());
    expect(after.lastRunId).toBe(started.runId);
    expect(hook.bodies).toHaveLength(1);
  });

  it('refuses a second scan while one runs, in this process and from another replica holding the lock', async () => {
    const first = await startDiscovery(t.db, { trigger: 'manual', config, notify: {}, env: {} });
    const second = await startDiscovery(t.db, { trigger: 'manual', config, notify: {}, env: {} });
    expect(second).toMatchObject({ ok: false, reason: 'busy' });
    if (first.ok) await first.done;

    // Another replica: a separate process takes the advisory lock and keeps it.
    const replica: ChildProcess = spawn(
      process.execPath,
      ['-e', `const pg=require('pg');const c=new pg.Client(${JSON.stringify(t.url)});c.connect().then(()=>c.query("SELECT pg_advisory_lock('8247186418519074148'::bigint)")).then(()=>console.log('locked'));setInterval(()=>{},1000)`],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    try {
      await new Promise<void>((resolve, reject) => {
        replica.stdout!.on('data', (d) => String(d).includes('locked') && resolve());
        replica.on('exit', () => reject(new Error('the replica process exited')));
      });
      expect(await tryDiscoveryLock(t.url, {})).toBeNull();
      const refused = await startDiscovery(t.db, { trigger: 'schedule', config, notify: {}, env: {} });
      expect(refused).toMatchObject({ ok: false, reason: 'busy' });
    } finally {
      replica.kill();
    }
    // Its connection closed with it, and PostgreSQL let the lock go.
    await expect.poll(async () => {
      const lock = await tryDiscoveryLock(t.url, {});
      await lock?.release();
      return lock !== null;
    }).toBe(true);
  });

  it('shows findings against the registry as it is now: a workload registered after the scan is no longer listed', async () => {
    const beforeView = findingsJson(await discoveryOverview(t.db, config));
    expect(beforeView.unregistered.map((u) => u.name)).toContain('grafana');
    expect(beforeView.unregistered.find((u) => u.name === 'grafana')).toMatchObject({ suggestedName: 'grafana', location: 'edge', source: 'docker' });
    await applyRegistry(t.db, { ...registry, services: [...registry.services, svc({ name: 'grafana', type: 'docker', host: 'edge' })] });
    const afterView = findingsJson(await discoveryOverview(t.db, config));
    expect(afterView.unregistered.map((u) => u.name)).toEqual(['awoooi-web']);
    expect(afterView.matched.map((m) => m.service)).toContain('grafana');
  });
});

describe('Ignore on the Discovery page', () => {
  it('hides a workload, records who did it in the audit log, and can be undone (also audited)', async () => {
    const { setIgnored } = await import('@/lib/discovery/ignores');
    const actor = { kind: 'user' as const, id: null, name: 'ops@example.com', role: 'editor' as const };
    const input = { kind: 'workload' as const, key: 'kubernetes/awoooi/awoooi-web', reason: 'a canary' };
    expect(await setIgnored(t.db, actor, input, true)).toEqual({ ok: true });
    expect(findingsJson(await discoveryOverview(t.db, config)).unregistered).toEqual([]);
    expect(await setIgnored(t.db, actor, input, false)).toEqual({ ok: true });
    expect(await setIgnored(t.db, actor, input, false)).toEqual({ ok: false, formError: 'kubernetes/awoooi/awoooi-web was not ignored.' });
    expect(findingsJson(await discoveryOverview(t.db, config)).unregistered.map((u) => u.name)).toEqual(['awoooi-web']);
    const entries = await t.db.auditEntry.findMany({ where: { action: { startsWith: 'discovery.' } }, orderBy: { id: 'asc' }, include: { changes: true } });
    expect(entries.map((e) => [e.action, e.actorName, e.summary])).toEqual([
      ['discovery.ignore', 'ops@example.com', 'ignored workload kubernetes/awoooi/awoooi-web'],
      ['discovery.unignore', 'ops@example.com', 'stopped ignoring workload kubernetes/awoooi/awoooi-web'],
    ]);
    expect(entries[0]!.changes[0]).toMatchObject({ section: 'discovery', key: 'workload:kubernetes/awoooi/awoooi-web', op: 'added', after: { reason: 'a canary' } });
  });
});

describe('POST /api/v1/discovery/run', () => {
  it('needs an admin token or the cron secret, answers 409 while a scan runs, and serves findings and runs', async () => {
    const { getFindingsResponse, getRunResponse, postRunResponse } = await import('@/lib/discovery/http');
    const database = () => t.db;
    const previous = { secret: process.env.DISCOVERY_CRON_SECRET, config: process.env.DISCOVERY_CONFIG };
    process.env.DISCOVERY_CRON_SECRET = 'cron-secret-for-tests';
    // The server reads its discovery config from DISCOVERY_CONFIG: the same sources as above.
    const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'awoooi-discovery-')), 'discovery.yaml');
    writeFileSync(file, `kubernetes:\n  kubeconfig: ${kube.kubeconfigPath}\n`);
    process.env.DISCOVERY_CONFIG = file;
    try {
      const token = async (role: 'viewer' | 'admin') =>
        `Bearer ${(await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: `discovery ${role}`, role })).token}`;
      const [viewer, admin] = [await token('viewer'), await token('admin')];
      const post = (authorization: string | null, query = '') =>
        postRunResponse(new Request(`http://test/api/v1/discovery/run${query}`, { method: 'POST', headers: authorization ? { authorization } : {} }), database);
      expect((await post(null)).status).toBe(401);
      expect((await post(viewer)).status).toBe(403);
      expect((await post('Bearer wrong-secret')).status).toBe(401);

      const accepted = await post(admin);
      expect(accepted.status).toBe(202);
      const { runId, url } = await accepted.json();
      expect(url).toBe(`/api/v1/discovery/runs/${runId}`);
      expect((await post('Bearer cron-secret-for-tests')).status).toBe(409);
      await waitForDiscovery();
      const run = await getRunResponse(new Request(`http://test${url}`, { headers: { authorization: viewer } }), String(runId), database);
      expect(await run.json()).toMatchObject({ id: runId, trigger: 'api', actorName: 'token discovery admin' });
      expect((await getRunResponse(new Request('http://test/x', { headers: { authorization: viewer } }), 'abc', database)).status).toBe(400);
      expect((await getRunResponse(new Request('http://test/x', { headers: { authorization: viewer } }), '999999', database)).status).toBe(404);

      const waited = await post('Bearer cron-secret-for-tests', '?wait=1');
      expect(waited.status).toBe(200);
      const body = await waited.json();
      expect(body.run).toMatchObject({ trigger: 'api' });
      expect(body.unregistered.map((u: { key: string }) => u.key)).toEqual(['kubernetes/awoooi/awoooi-web']);
      const findings = await getFindingsResponse(new Request('http://test/api/v1/discovery', { headers: { authorization: viewer } }), database);
      expect((await findings.json()).run.id).toBe(body.run.id);
    } finally {
      await waitForDiscovery();
      for (const [name, value] of [['DISCOVERY_CRON_SECRET', previous.secret], ['DISCOVERY_CONFIG', previous.config]] as const) {
        if (value === undefined) delete process.env[name];
        else process.env[name] = value;
      }
    }
  });
});
