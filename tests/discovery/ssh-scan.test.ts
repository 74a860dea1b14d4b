// Docker and systemd discovery against a real OpenSSH server on loopback (tests/helpers/sshd.ts): good hosts,
// and every way a host fails, in ONE scan, to prove a failing host never fails or hides the others.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveKeyReference, runOnHost } from '@/lib/discovery/ssh';
import { scanDockerHosts, scanSystemdUnits } from '@/lib/discovery/ssh-scan';
import type { TargetResult } from '@/lib/discovery/types';
import { container, freeClosedPort, startHangingServer, startSshd, type SshdFixture } from '../helpers/sshd';

// Generous: ten SSH handshakes at once on a loaded two-core CI machine can take more than a second or two.
const TIMEOUT_MS = 10_000;
const DAEMON_DOWN = 'Cannot connect to the Docker daemon at unix:///var/run/docker.sock. Is the docker daemon running?';

let alpha: SshdFixture;
let beta: SshdFixture;
let broken: SshdFixture;
let hanging: Awaited<ReturnType<typeof startHangingServer>>;
let closedPort: number;

beforeAll(async () => {
  [alpha, beta, broken, hanging, closedPort] = await Promise.all([
    startSshd({
      containers: [container('awoooi-db'), container('awoooi-api', { Image: 'ghcr.io/org/awoooi-api:1.2', Ports: '0.0.0.0:8080->8080/tcp' })],
      units: {
        'nginx.service': { ActiveState: 'active', SubState: 'running', Description: 'nginx web server' },
        'backup.service': { ActiveState: 'failed', SubState: 'failed' },
      },
    }),
    startSshd({ containers: [container('redis', { Image: 'redis:7', State: 'exited', Status: 'Exited (1) 5 minutes ago', Ports: '' })] }),
    startSshd({ dockerFailure: DAEMON_DOWN, systemctlFailure: 'System has not been booted with systemd as init system (PID 1). Can\'t operate.' }),
    startHangingServer(),
    freeClosedPort(),
  ]);
});

afterAll(async () => {
  await Promise.all([alpha?.stop(), beta?.stop(), broken?.stop(), hanging?.close()]);
});

const byTarget = (results: TargetResult[]) => Object.fromEntries(results.map((r) => [r.target, r]));

describe('scanDockerHosts', () => {
  it('scans good and failing hosts together; each failure has its own reason', async () => {
    const hosts = [
      alpha.host('alpha'),
      alpha.host('refused', { ssh_port: closedPort }),
      alpha.host('hanging', { ssh_port: hanging.port }),
      beta.host('beta'),
      alpha.host('wrong-key', { ssh_key: `file:${alpha.wrongKeyPath}` }),
      broken.host('no-daemon'),
      alpha.host('env-key', { ssh_key: 'env:AWOOOI_TEST_SSH_KEY' }),
      alpha.host('missing-env', { ssh_key: 'env:AWOOOI_TEST_NO_SUCH_KEY' }),
      alpha.host('missing-file', { ssh_key: 'file:/nonexistent/key' }),
      alpha.host('bad-reference', { ssh_key: '/nope' }),
    ];
    const events: string[] = [];
    const results = await scanDockerHosts(hosts, {
      timeoutMs: TIMEOUT_MS,
      env: { AWOOOI_TEST_SSH_KEY: alpha.clientKey },
      onProgress: (e) => events.push(`${e.phase} ${e.target}${e.result ? ` ${e.result.status}` : ''}`),
    });

    expect(results.map((r) => r.target)).toEqual(hosts.map((h) => h.name)); // the input's order
    const r = byTarget(results);

    expect(r.alpha!.status, r.alpha!.error).toBe('ok');
    expect(r.alpha!.workloads.map((w) => [w.source, w.location, w.name, w.image, w.healthy])).toEqual([
      ['docker', 'alpha', 'awoooi-db', 'postgres:16', true],
      ['docker', 'alpha', 'awoooi-api', 'ghcr.io/org/awoooi-api:1.2', true],
    ]);
    expect(r.alpha!.workloads[0]!.labels).toEqual({ 'com.docker.compose.project': 'awoooi', 'com.docker.compose.service': 'awoooi-db' });
    expect(r.beta!.status, r.beta!.error).toBe('ok');
    expect(r.beta!.workloads.map((w) => [w.name, w.status, w.healthy])).toEqual([['redis', 'Exited (1) 5 minutes ago', false]]);
    expect(r['env-key']!.status, r['env-key']!.error).toBe('ok');
    expect(r['env-key']!.workloads.map((w) => w.name)).toEqual(['awoooi-db', 'awoooi-api']);

    const failures = Object.fromEntries(results.filter((x) => x.status === 'failed').map((x) => [x.target, x.error]));
    expect(failures).toEqual({
      refused: `connection refused (127.0.0.1:${closedPort})`,
      hanging: 'timed out after 10 s',
      'wrong-key': `authentication failed for user ${alpha.host('x').ssh_user} (check ssh_key)`,
      'no-daemon': `${DAEMON_DOWN} (docker ps exited 1)`,
      'missing-env': 'ssh_key env:AWOOOI_TEST_NO_SUCH_KEY: the environment variable AWOOOI_TEST_NO_SUCH_KEY is not set (or empty)',
      'missing-file': 'ssh_key file:/nonexistent/key: cannot read the key file /nonexistent/key (no such file)',
      'bad-reference': 'ssh_key "/nope" is neither env:NAME nor file:/path',
    });
    for (const f of results.filter((x) => x.status === 'failed')) expect(f.workloads).toEqual([]);

    // every host started and finished exactly once, each finish after its start
    for (const h of hosts) {
      const started = events.indexOf(`started ${h.name}`);
      const finished = events.findIndex((e) => e.startsWith(`finished ${h.name} `));
      expect(started, h.name).toBeGreaterThanOrEqual(0);
      expect(finished, h.name).toBeGreaterThan(started);
    }
    expect(events).toHaveLength(hosts.length * 2);
    expect(events).toContain('finished hanging failed');
  });

  it('keeps at most `concurrency` hosts in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    const hosts = Array.from({ length: 6 }, (_, i) => alpha.host(`a${i}`));
    const results = await scanDockerHosts(hosts, {
      timeoutMs: 10_000,
      concurrency: 2,
      onProgress: (e) => {
        inFlight += e.phase === 'started' ? 1 : -1;
        peak = Math.max(peak, inFlight);
      },
    });
    expect(results.map((r) => r.status)).toEqual(Array(6).fill('ok'));
    expect(peak).toBe(2);
  });
});

describe('scanSystemdUnits', () => {
  it('loaded units become workloads (active and failed); not-found units do not', async () => {
    const results = await scanSystemdUnits(
      [
        { host: alpha.host('alpha'), units: ['nginx.service', 'backup', 'gone.service'] },
        { host: alpha.host('bad-names'), units: ['nginx.service', "x';reboot;'"] },
        { host: broken.host('no-systemd'), units: ['nginx.service'] },
        { host: alpha.host('refused', { ssh_port: closedPort }), units: ['nginx.service'] },
      ],
      { timeoutMs: 15_000 },
    );
    const r = byTarget(results);
    expect(r.alpha!.status, r.alpha!.error).toBe('ok');
    expect(r.alpha!.workloads).toEqual([
      { source: 'systemd', location: 'alpha', name: 'nginx.service', kind: 'unit', status: 'active (running)', healthy: true, labels: {}, annotations: {} },
      { source: 'systemd', location: 'alpha', name: 'backup', kind: 'unit', status: 'failed (failed)', healthy: false, labels: {}, annotations: {} },
    ]);
    // the valid unit is still checked; the bad name is reported and never reaches the remote shell
    expect(r['bad-names']!.status).toBe('failed');
    expect(r['bad-names']!.error).toMatch(/^invalid unit name\(s\) not checked: "x';reboot;'"/);
    expect(r['bad-names']!.workloads.map((w) => w.name)).toEqual(['nginx.service']);
    expect(r['no-systemd']!.error).toMatch(/^System has not been booted with systemd.*\(systemctl show exited 1\)$/);
    expect(r.refused!.error).toBe(`connection refused (127.0.0.1:${closedPort})`);
  });
});

describe('runOnHost and key references', () => {
  it('returns each command\'s output and exit code', async () => {
    const result = await runOnHost(alpha.host('alpha'), ['echo hello', 'echo oops >&2; exit 3'], { timeoutMs: 15_000 });
    expect(result).toEqual({ ok: true, outputs: [{ stdout: 'hello', stderr: '', code: 0 }, { stdout: '', stderr: 'oops', code: 3 }] });
  });

  it('bounds the whole operation, not just the connect: a slow command times out too', async () => {
    const result = await runOnHost(alpha.host('alpha'), ['sleep 5'], { timeoutMs: 1_000 });
    expect(result).toEqual({ ok: false, error: 'timed out after 1 s' });
  });

  it('resolves env: and file: references with errors that name the variable or path', async () => {
    expect(await resolveKeyReference('env:K', { K: 'KEY TEXT' })).toEqual({ ok: true, privateKey: 'KEY TEXT' });
    expect(await resolveKeyReference(`file:${alpha.clientKeyPath}`)).toEqual({ ok: true, privateKey: alpha.clientKey });
    expect(await resolveKeyReference(undefined)).toEqual({ ok: true });
    expect(await resolveKeyReference('env:K', {})).toEqual({ ok: false, error: 'ssh_key env:K: the environment variable K is not set (or empty)' });
    expect(await resolveKeyReference('file:/nonexistent/key')).toEqual({
      ok: false,
      error: 'ssh_key file:/nonexistent/key: cannot read the key file /nonexistent/key (no such file)',
    });
  });

  it('without a key and without an SSH agent, says so instead of trying', async () => {
    const result = await runOnHost(alpha.host('alpha', { ssh_key: undefined }), ['true'], { timeoutMs: 15_000, env: {} });
    expect(result).toEqual({ ok: false, error: 'no ssh_key for this host and no SSH agent (SSH_AUTH_SOCK is not set)' });
  });
});
