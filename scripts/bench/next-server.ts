// The production build served for a benchmark: builds when sources changed (as `npm start` does), then runs
// server.mjs (what `npm start` runs) on a free loopback port against the given database. stop() ends it.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkBuild } from '../build-stamp.mjs';
import { log } from './stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const NEXT = path.join(ROOT, 'node_modules/next/dist/bin/next');

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer().once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function startNextServer(
  databaseUrl: string,
  extraEnv: Record<string, string> = {},
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const env = {
    ...process.env,
    ...extraEnv,
    DATABASE_URL: databaseUrl,
    NEXT_TELEMETRY_DISABLED: '1',
    BETTER_AUTH_SECRET: process.env.BETTER_AUTH_SECRET ?? 'bench-only-secret-0123456789abcdef0123456789',
    DISCOVERY_INTERVAL_MINUTES: '0',
  };
  const build = checkBuild(ROOT);
  if (build.state !== 'current') {
    log(`next build (${build.state}) ...`);
    const r = spawnSync(process.execPath, [NEXT, 'build'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
    if (r.status !== 0) throw new Error(`next build failed (exit ${r.status})`);
    build.record();
  }
  const port = await freePort();
  const child = spawn(process.execPath, ['server.mjs', '-p', String(port), '-H', '127.0.0.1'], { cwd: ROOT, env, stdio: ['ignore', 'ignore', 'inherit'] });
  const url = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 120; i++) {
    if (child.exitCode !== null) throw new Error(`server.mjs exited with ${child.exitCode}`);
    const ok = await fetch(`${url}/api/v1/health`).then((r) => r.ok, () => false);
    if (ok) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  return {
    url,
    pid: child.pid!,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}
