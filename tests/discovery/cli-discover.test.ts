// The CI gate as another repository runs it: the real CLI binary scanning a real loopback sshd (--discover), and
// asking a server (--server) whose discovery route handlers are served over real HTTP from a test database.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createToken } from '@/lib/auth/tokens';
import { SYSTEM_ACTOR } from '@/lib/auth/roles';
import { getFindingsResponse, postRunResponse } from '@/lib/discovery/http';
import { waitForDiscovery } from '@/lib/discovery/runner';
import { parseRegistryYaml } from '@/lib/registry/parse';
import { applyRegistry } from '@/lib/registry/store';
import { container, startSshd, type SshdFixture } from '../helpers/sshd';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';
import { defaultTemplates } from '../helpers/seed';

const BIN = path.resolve('cli/awoooi-monitor.mjs');
const dir = mkdtempSync(path.join(os.tmpdir(), 'awoooi-cli-discover-'));
let sshd: SshdFixture;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [BIN, ...args], { cwd: dir, env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

function file(name: string, text: string): string {
  const p = path.join(dir, name);
  writeFileSync(p, text);
  return p;
}

function registryYaml(services: string): string {
  return `owners:
  - name: ops
hosts:
  - name: edge
    address: 127.0.0.1
    ssh_port: ${sshd.port}
    ssh_user: ${os.userInfo().username}
    ssh_key: file:${sshd.clientKeyPath}
services:
${services}`;
}
const service = (name: string) => `  - name: ${name}\n    type: docker\n    host: edge\n    owner: ops\n    monitoring: { prometheus: true }\n`;

beforeAll(async () => {
  sshd = await startSshd({ containers: [container('postgres'), container('grafana', { Image: 'grafana/grafana:11.2.0' }), container('k3s-pause')] });
});
afterAll(async () => {
  await sshd?.stop();
});

describe('awoooi-monitor validate --discover', () => {
  const config = () => file('discovery.yaml', 'kubernetes:\n  enabled: false\n');

  it('exits 1 and lists what runs unregistered; the seed ignore rules leave k3s out', async () => {
    const r = await run(['validate', '--registry', file('one.yaml', registryYaml(service('postgres'))), '--discover', config()]);
    expect(r.code, r.err).toBe(1);
    expect(r.out.trim().split('\n')).toEqual(['UNREGISTERED docker edge/grafana (image grafana/grafana:11.2.0): not in the registry; register it as "grafana"']);
    expect(r.err).toMatch(/1 running workload is not in the registry/);
  });

  it('exits 0 when everything running is registered; --fail-on-stale turns a missing service into a failure', async () => {
    const all = file('all.yaml', registryYaml(service('postgres') + service('grafana')));
    expect((await run(['validate', '--registry', all, '--discover', config()])).code).toBe(0);
    const withStale = file('stale.yaml', registryYaml(service('postgres') + service('grafana') + service('minio')));
    const lenient = await run(['validate', '--registry', withStale, '--discover', config()]);
    expect(lenient.code).toBe(0);
    expect(lenient.out).toContain('STALE minio: registered, but not found on docker edge');
    expect((await run(['validate', '--registry', withStale, '--discover', config(), '--fail-on-stale'])).code).toBe(1);
  });

  it('reports a host it cannot reach, and --fail-on-error makes that fail the gate; --format json for tools', async () => {
    const broken = file('broken.yaml', registryYaml(service('postgres') + service('grafana')).replace(`ssh_port: ${sshd.port}`, 'ssh_port: 1'));
    const r = await run(['validate', '--registry', broken, '--discover', config(), '--format', 'json']);
    expect(r.code).toBe(0);
    const body = JSON.parse(r.out);
    expect(body.failedTargets).toEqual([{ source: 'docker', target: 'edge', error: expect.stringMatching(/connection refused/) }]);
    expect(body.unchecked.map((u: { service: string }) => u.service).sort()).toEqual(['grafana', 'postgres']);
    expect((await run(['validate', '--registry', broken, '--discover', config(), '--fail-on-error'])).code).toBe(1);
  });

  it('says what is wrong with a bad discovery config or bad flags (exit 2)', async () => {
    const bad = await run(['validate', '--registry', file('ok.yaml', registryYaml(service('postgres'))), '--discover', file('bad.yaml', 'docker:\n  timeout_seconds: soon\n')]);
    expect(bad.code).toBe(2);
    expect(bad.err).toMatch(/bad\.yaml: docker\.timeout_seconds: /);
    expect((await run(['validate', '--registry', 'x.yaml', '--discover', path.join(dir, 'missing.yaml')])).code).toBe(2);
    expect((await run(['validate', '--server', 'http://127.0.0.1:1'], { AWOOOI_TOKEN: '' })).err).toMatch(/needs an API token/);
  });
});

describe('awoooi-monitor validate --server', () => {
  let t: TestDatabase;
  let server: http.Server;
  let base: string;
  let viewer: string;
  let admin: string;

  beforeAll(async () => {
    t = await createTestDatabase();
    const parsed = parseRegistryYaml(registryYaml(service('postgres')), { defaultTemplates: defaultTemplates() });
    if (!parsed.ok) throw new Error(JSON.stringify(parsed.problems));
    await applyRegistry(t.db, parsed.value);
    viewer = (await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'ci viewer', role: 'viewer' })).token;
    admin = (await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'ci admin', role: 'admin' })).token;
    process.env.DISCOVERY_CONFIG = file('server-discovery.yaml', 'kubernetes:\n  enabled: false\n');
    // The app's route handlers, over real HTTP, on the test database.
    server = http.createServer(async (req, res) => {
      const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string> });
      const database = () => t.db;
      const response = req.url!.startsWith('/api/v1/discovery/run') ? await postRunResponse(request, database) : await getFindingsResponse(request, database);
      res.writeHead(response.status, Object.fromEntries(response.headers));
      res.end(Buffer.from(await response.arrayBuffer()));
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    delete process.env.DISCOVERY_CONFIG;
    await waitForDiscovery();
    await new Promise<void>((resolve) => server?.close(() => resolve()));
    await t?.drop();
  });

  it('exits 2 before any scan, 1 after a --scan finds grafana, and reads the same findings with a viewer token', async () => {
    const before = await run(['validate', '--server', base], { AWOOOI_TOKEN: viewer });
    expect(before.code).toBe(2);
    expect(before.err).toMatch(/has not finished a discovery scan yet/);
    expect((await run(['validate', '--server', base, '--scan', '--token', viewer])).err).toMatch(/answered 403: this needs the admin role/);

    const scanned = await run(['validate', '--server', base, '--scan', '--token', admin]);
    expect(scanned.code, scanned.err).toBe(1);
    expect(scanned.out).toContain('UNREGISTERED docker edge/grafana');
    const read = await run(['validate', '--server', `${base}/`, '--format', 'json'], { AWOOOI_TOKEN: viewer });
    expect(read.code).toBe(1);
    expect(JSON.parse(read.out).unregistered.map((u: { name: string }) => u.name)).toEqual(['grafana']);
  });
});
