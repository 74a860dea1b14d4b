// A real OpenSSH server on loopback for discovery tests and the discovery benchmark.
//
//   const sshd = await startSshd({ containers: [container('awoooi-db')], units: { 'nginx.service': RUNNING } });
//   const results = await scanDockerHosts([sshd.host('edge-1')], { timeoutMs: 5_000 });
//   await sshd.stop();
//
// The sshd is /usr/sbin/sshd (apt: openssh-server) with its own config, host key and authorized_keys in a temp
// dir. Its sessions get PATH=<fakebin>:/usr/bin:/bin, where shell scripts stand in for `docker` (prints the
// configured `docker ps --format '{{json .}}'` lines, can sleep or fail like a dead daemon) and `systemctl`
// (prints `systemctl show` blocks; unknown units are not-found, as real systemd says).
import { spawn, execFile, type ChildProcess } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import type { Host } from '@/lib/registry/model';

const SSHD = '/usr/sbin/sshd';
const run = promisify(execFile);

export interface UnitState {
  ActiveState: string;
  SubState: string;
  Description?: string;
  /** default 'loaded' */
  LoadState?: string;
}

export interface SshdOptions {
  /** `docker ps` rows: objects are printed as JSON (see container()), strings as they are */
  containers?: (Record<string, string> | string)[];
  /** the fake docker sleeps this long first (seconds) */
  dockerDelaySeconds?: number;
  /** the fake docker prints this on stderr and exits 1 (e.g. "Cannot connect to the Docker daemon ...") */
  dockerFailure?: string;
  /** units `systemctl show` knows, by full name ("nginx.service"); any other unit is not-found */
  units?: Record<string, UnitState>;
  /** the fake systemctl prints this on stderr and exits 1 */
  systemctlFailure?: string;
}

export interface SshdFixture {
  port: number;
  /** a registry host pointing at this sshd with the authorized client key */
  host(name: string, overrides?: Partial<Host>): Host;
  clientKeyPath: string;
  /** the authorized key's text, for env: key references */
  clientKey: string;
  /** a valid ed25519 key that is NOT in authorized_keys */
  wrongKeyPath: string;
  /** sshd's log so far (-e: to stderr), for failing tests */
  log(): string;
  stop(): Promise<void>;
}

/** One `docker ps --format '{{json .}}'` row with real docker's field shapes; override any field. */
export function container(name: string, overrides: Record<string, string> = {}): Record<string, string> {
  return {
    Command: '"docker-entrypoint.s…"',
    CreatedAt: '2026-11-30 10:01:02 +0000 UTC',
    ID: `${Buffer.from(name).toString('hex').padEnd(64, '0').slice(0, 64)}`,
    Image: 'postgres:16',
    Labels: `com.docker.compose.project=awoooi,com.docker.compose.service=${name}`,
    LocalVolumes: '1',
    Mounts: 'awoooi_pgdata',
    Names: name,
    Networks: 'awoooi_default',
    Ports: '127.0.0.1:5432->5432/tcp',
    RunningFor: '2 days ago',
    Size: '0B',
    State: 'running',
    Status: 'Up 2 days',
    ...overrides,
  };
}

const q = (word: string) => `'${word.replaceAll("'", `'\\''`)}'`;

function writeExecutable(file: string, text: string) {
  writeFileSync(file, text);
  chmodSync(file, 0o755);
}

function writeFakeTools(dir: string, options: SshdOptions): string {
  const bin = path.join(dir, 'fakebin');
  const unitsDir = path.join(dir, 'units');
  mkdirSync(bin);
  mkdirSync(unitsDir);
  const rows = (options.containers ?? []).map((c) => (typeof c === 'string' ? c : JSON.stringify(c)));
  writeFileSync(path.join(dir, 'docker-ps.out'), rows.map((r) => `${r}\n`).join(''));
  writeFileSync(path.join(dir, 'docker.err'), `${options.dockerFailure ?? ''}\n`);
  writeFileSync(path.join(dir, 'systemctl.err'), `${options.systemctlFailure ?? ''}\n`);
  for (const [id, u] of Object.entries(options.units ?? {})) {
    const lines = [`Id=${id}`, `Description=${u.Description ?? id}`, `LoadState=${u.LoadState ?? 'loaded'}`, `ActiveState=${u.ActiveState}`, `SubState=${u.SubState}`];
    writeFileSync(path.join(unitsDir, id), `${lines.join('\n')}\n`);
  }
  // Checks its arguments, so a test also proves the remote command line arrived quoted as intended.
  writeExecutable(
    path.join(bin, 'docker'),
    `#!/bin/sh
if [ "$1" != ps ] || [ "$2" != --no-trunc ] || [ "$3" != --format ] || [ "$4" != '{{json .}}' ]; then
  echo "fake docker: unexpected arguments: $*" >&2; exit 64
fi
${options.dockerDelaySeconds ? `sleep ${options.dockerDelaySeconds}` : ''}
${options.dockerFailure !== undefined ? `cat ${q(path.join(dir, 'docker.err'))} >&2; exit 1` : ''}
cat ${q(path.join(dir, 'docker-ps.out'))}
`,
  );
  writeExecutable(
    path.join(bin, 'systemctl'),
    `#!/bin/sh
${options.systemctlFailure !== undefined ? `cat ${q(path.join(dir, 'systemctl.err'))} >&2; exit 1` : ''}
[ "$1" = show ] || { echo "fake systemctl: only show is faked" >&2; exit 64; }
shift
while [ $# -gt 0 ] && [ "$1" != -- ]; do shift; done
[ "$1" = -- ] && shift
first=1
for u in "$@"; do
  case "$u" in *.*) id="$u" ;; *) id="$u.service" ;; esac
  [ $first = 1 ] || echo
  first=0
  if [ -f ${q(unitsDir)}/"$id" ]; then cat ${q(unitsDir)}/"$id"
  else printf 'Id=%s\\nDescription=%s\\nLoadState=not-found\\nActiveState=inactive\\nSubState=dead\\n' "$id" "$id"; fi
done
`,
  );
  return bin;
}

/** A port that was free a moment ago (the OS picks it); nothing listens on it after this returns. */
export async function freeClosedPort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A TCP server that accepts connections and never says a word (an SSH client waits for a banner forever). */
export async function startHangingServer(): Promise<{ port: number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  const server = net.createServer((socket) => {
    sockets.add(socket);
    socket.on('error', () => {});
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => server.once('error', reject).listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as net.AddressInfo).port,
    close: () =>
      new Promise<void>((resolve) => {
        for (const s of sockets) s.destroy();
        server.close(() => resolve());
      }),
  };
}

/** Generates an ed25519 key pair without a passphrase at `file` (+ .pub). */
export async function generateKey(file: string): Promise<string> {
  await run('ssh-keygen', ['-t', 'ed25519', '-N', '', '-q', '-C', 'awoooi-test', '-f', file]);
  return file;
}

/** Resolves once the server sends its SSH banner (TCP accept alone can precede sshd being ready to serve). */
async function waitForBanner(port: number, child: ChildProcess, deadlineMs: number): Promise<void> {
  const until = Date.now() + deadlineMs;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error('sshd exited');
    const ok = await new Promise<boolean>((resolve) => {
      const socket = net.connect(port, '127.0.0.1');
      socket.setTimeout(1_000, () => (socket.destroy(), resolve(false)));
      socket.once('data', (data) => (socket.destroy(), resolve(data.toString().startsWith('SSH-'))));
      socket.once('error', () => resolve(false));
    });
    if (ok) return;
    if (Date.now() > until) throw new Error(`sshd did not answer on 127.0.0.1:${port} within ${deadlineMs} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

const running = new Set<ChildProcess>();
// A test that crashes before stop() must not leave sshd listening after the test process is gone.
process.once('exit', () => {
  for (const child of running) child.kill('SIGKILL');
});

export async function startSshd(options: SshdOptions = {}): Promise<SshdFixture> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'awoooi-sshd-'));
  try {
    const [hostKey, clientKeyPath, wrongKeyPath] = await Promise.all(
      ['host_key', 'client_key', 'wrong_key'].map((name) => generateKey(path.join(dir, name))),
    );
    const authorized = path.join(dir, 'authorized_keys');
    writeFileSync(authorized, readFileSync(`${clientKeyPath}.pub`));
    const bin = writeFakeTools(dir, options);
    const config = path.join(dir, 'sshd_config');
    writeFileSync(config, '# empty: everything is on the command line; keeps /etc/ssh/sshd_config out of tests\n');
    mkdirSync('/run/sshd', { recursive: true }); // sshd's privilege separation directory

    for (let attempt = 1; ; attempt++) {
      const port = await freeClosedPort();
      let log = '';
      const child = spawn(
        SSHD,
        [
          '-D', '-e', '-f', config, '-p', String(port), '-h', hostKey!,
          '-o', 'ListenAddress=127.0.0.1',
          '-o', `PidFile=${path.join(dir, 'sshd.pid')}`,
          '-o', `AuthorizedKeysFile=${authorized}`,
          '-o', 'StrictModes=no',
          '-o', 'PasswordAuthentication=no',
          '-o', 'KbdInteractiveAuthentication=no',
          '-o', 'MaxStartups=500',
          '-o', 'MaxSessions=50',
          // SHLVL=1: bash then counts itself a nested shell and skips ~/.bashrc, which Debian's bash otherwise
          // sources for every ssh command; a machine whose root .bashrc runs `pyenv init` spent ~0.55 s of CPU per login.
          '-o', `SetEnv=PATH=${bin}:/usr/bin:/bin SHLVL=1`,
        ],
        { stdio: ['ignore', 'ignore', 'pipe'] },
      );
      running.add(child);
      // always drained: a full stderr pipe would block sshd; the tail is kept for failure messages
      child.stderr!.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-20_000)));
      const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
      try {
        await waitForBanner(port, child, 10_000);
      } catch (e) {
        child.kill('SIGKILL');
        await exited;
        running.delete(child);
        // the port was taken between freeClosedPort() and sshd's bind: try another
        if (/Address already in use/i.test(log) && attempt < 5) continue;
        throw new Error(`could not start ${SSHD} (${(e as Error).message}):\n${log}`);
      }
      const user = os.userInfo().username;
      return {
        port,
        clientKeyPath: clientKeyPath!,
        clientKey: readFileSync(clientKeyPath!, 'utf8'),
        wrongKeyPath: wrongKeyPath!,
        host: (name, overrides = {}) => ({ name, address: '127.0.0.1', ssh_port: port, ssh_user: user, ssh_key: `file:${clientKeyPath}`, ...overrides }),
        log: () => log,
        stop: async () => {
          if (child.exitCode === null && child.signalCode === null) {
            child.kill('SIGTERM');
            const timer = setTimeout(() => child.kill('SIGKILL'), 2_000);
            await exited;
            clearTimeout(timer);
          }
          running.delete(child);
          rmSync(dir, { recursive: true, force: true });
        },
      };
    }
  } catch (e) {
    rmSync(dir, { recursive: true, force: true });
    throw e;
  }
}
