// A second server.mjs of the same build, for specs that need the app with other settings than e2e/serve.mjs gave
// the main one. It shares the run's database and auth secret unless told otherwise, so the signed-in browser
// states work on it too (cookies are per host, not per port).
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { expect } from '@playwright/test';
import { e2eDatabaseUrl } from './database';
import { e2eAuthSecret } from './run-names.mjs';

export interface SecondServer {
  base: string;
  child: ChildProcess;
  /** what it printed so far */
  output(): string;
  /** SIGTERM, and its exit code and signal */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

export interface SecondServerOptions {
  port: number;
  env?: Record<string, string>;
  /** polled until it answers: default /api/v1/health, with 200 */
  readyPath?: string;
  /** default: any answer at all when readyPath is given, else 200 */
  ready?: (status: number) => boolean;
}

export async function startSecondServer(options: SecondServerOptions): Promise<SecondServer> {
  const child = spawn(process.execPath, [path.resolve('server.mjs'), '--hostname', '127.0.0.1', '--port', String(options.port)], {
    env: {
      ...process.env,
      DATABASE_URL: e2eDatabaseUrl(),
      BETTER_AUTH_SECRET: e2eAuthSecret(),
      DISCOVERY_INTERVAL_MINUTES: '0',
      NEXT_TELEMETRY_DISABLED: '1',
      RUM_SELF_MONITORING: '0',
      ...options.env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const collect = (chunk: Buffer) => void (output += chunk.toString());
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const base = `http://127.0.0.1:${options.port}`;
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      await once(child, 'exit');
    }
    return { code: child.exitCode, signal: child.signalCode };
  };
  try {
    const ready = options.ready ?? (options.readyPath ? (status: number) => status > 0 : (status: number) => status === 200);
    const path = options.readyPath ?? '/api/v1/health';
    await expect
      .poll(() => fetch(`${base}${path}`).then((r) => ready(r.status), () => false), { timeout: 30_000, message: `server.mjs on ${base} did not start:\n${output}` })
      .toBe(true);
  } catch (error) {
    child.kill('SIGKILL');
    throw error;
  }
  return { base, child, output: () => output, stop };
}
