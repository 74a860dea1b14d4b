// Starts a server binary on loopback for a test and stops it: the shared part of the Prometheus and
// Alertmanager helpers. Resolves once `readyPath` answers 200; a process that exits or never gets ready
// fails with its log. The child's environment has no Kubernetes service variables, so a config with
// kubernetes_sd_configs finds no in-cluster API and contacts nothing.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';

export interface LoopbackProcess {
  /** http://127.0.0.1:PORT */
  url: string;
  /** the process's output so far, for failing tests */
  log(): string;
  stop(): Promise<void>;
}

export function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** The first of `names` found as env `envName`, under <repo>/.tools/bin, or on PATH. */
export function findBinary(envName: string, names: readonly string[]): string | undefined {
  const fromEnv = process.env[envName];
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  const dirs = [path.resolve(import.meta.dirname, '../../.tools/bin'), ...(process.env.PATH ?? '').split(path.delimiter).filter(Boolean)];
  for (const dir of dirs) for (const name of names) if (isExecutable(path.join(dir, name))) return path.join(dir, name);
  return undefined;
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export function exited(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null) resolve();
    else child.once('exit', () => resolve());
  });
}

export async function startLoopbackProcess(options: {
  name: string;
  binary: string;
  args: string[];
  port: number;
  cwd: string;
  readyPath: string;
  readyTimeoutMs?: number;
}): Promise<LoopbackProcess> {
  const { name, binary, port } = options;
  const url = `http://127.0.0.1:${port}`;
  const env = { ...process.env };
  for (const key of ['KUBERNETES_SERVICE_HOST', 'KUBERNETES_SERVICE_PORT']) delete env[key];
  let log = '';
  const child = spawn(binary, options.args, { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
  };

  const timeoutMs = options.readyTimeoutMs ?? 30_000;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      await stop();
      throw new Error(`${name} (${binary}) did not start: ${spawnError?.message ?? `exit ${child.exitCode}`}\n${log}`);
    }
    try {
      const res = await fetch(`${url}${options.readyPath}`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`${name} on ${url} was not ready within ${timeoutMs / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, log: () => log, stop };
}
