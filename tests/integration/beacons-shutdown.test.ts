// Nothing acknowledged is lost on a clean shutdown: a child process serving beacons (tests/helpers/rum-beacon-host.ts,
// the real intake with a flush interval far longer than the test) accepts beacons, holds them in its buffer, gets
// SIGTERM, and the rows are in PostgreSQL afterwards. Once as a plain Node host, once shutting down the way
// `next start` does (its own SIGTERM listener that awaits the after()/waitUntil promises, then process.exit).
// And when the database is gone, the shutdown gives up after RUM_SHUTDOWN_FLUSH_MS instead of hanging.
import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let t: TestDatabase;
beforeAll(async () => {
  t = await createTestDatabase();
});
afterAll(() => t.drop());

interface Host {
  child: ChildProcess;
  port: number;
  output: () => string;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

async function startHost(env: Record<string, string>): Promise<Host> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/helpers/rum-beacon-host.ts'], {
    env: {
      ...process.env,
      RUM_FLUSH_INTERVAL_MS: '600000',
      RUM_FLUSH_ROWS: '100000',
      RUM_RATE_LIMIT_PER_MINUTE: '0',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (d) => (output += d));
  child.stderr!.on('data', (d) => (output += d));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.on('exit', (code, signal) => resolve({ code, signal })));
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the beacon host did not start:\n${output}`)), 20_000);
    child.stdout!.on('data', () => {
      const m = /listening (\d+)/.exec(output);
      if (m) {
        clearTimeout(timer);
        resolve(Number(m[1]));
      }
    });
    void exited.then(() => reject(new Error(`the beacon host exited early:\n${output}`)));
  });
  return { child, port, output: () => output, exited };
}

async function sendBeacons(port: number, app: string, beacons: number): Promise<number> {
  let accepted = 0;
  for (let i = 0; i < beacons; i++) {
    const now = Date.now();
    const events = [
      { t: 'pageview', path: `/b/${i}`, at: now },
      { t: 'vital', path: `/b/${i}`, at: now, name: 'FCP', value: 900 },
      { t: 'error', path: `/b/${i}`, at: now, message: `boom ${i}` },
    ];
    const res = await fetch(`http://127.0.0.1:${port}/api/v1/beacons`, {
      method: 'POST',
      headers: { 'content-type': 'text/plain;charset=UTF-8' },
      body: JSON.stringify({ v: 1, app, view: `v${i}`, device: 'tablet', rate: 1, sent: now, events }),
    });
    expect(res.status).toBe(202);
    accepted += ((await res.json()) as { accepted: number }).accepted;
  }
  return accepted;
}

const stored = (app: string) => t.db.rumEvent.count({ where: { app } });

describe('SIGTERM flushes the buffer before the process ends', () => {
  it('as a plain Node host: the intake flushes, then ends the process by the signal', async () => {
    const host = await startHost({ DATABASE_URL: t.url, BEACON_HOST: 'plain' });
    const accepted = await sendBeacons(host.port, 'sigterm-plain', 40);
    expect(accepted).toBe(120);
    await new Promise((r) => setTimeout(r, 300));
    expect(await stored('sigterm-plain')).toBe(0); // still in the buffer: the flush interval is 10 minutes
    host.child.kill('SIGTERM');
    const exit = await host.exited;
    expect(exit.signal).toBe('SIGTERM');
    expect(host.output()).toContain('SIGTERM: storing 120 buffered beacon events before exit');
    expect(await stored('sigterm-plain')).toBe(120);
    expect(await t.db.rumPath.count({ where: { app: 'sigterm-plain' } })).toBe(40);
  });

  it("as `next start` shuts down: Next's exit waits for the flush through the after() promise", async () => {
    const host = await startHost({ DATABASE_URL: t.url, BEACON_HOST: 'next-like' });
    expect(host.output()).toMatch(/beacon intake ready \(other origins: none besides its own; no beacons\/min per client; buffer 50000 events\)/);
    const accepted = await sendBeacons(host.port, 'sigterm-next', 25);
    expect(await stored('sigterm-next')).toBe(0);
    host.child.kill('SIGTERM');
    const exit = await host.exited;
    expect(exit.code).toBe(143);
    expect(JSON.parse(/exiting (\{.*\})/.exec(host.output())![1]!)).toMatchObject({ accepted, stored: accepted, buffered: 0, dropped: 0 });
    expect(await stored('sigterm-next')).toBe(accepted);
  });

  it('gives up after RUM_SHUTDOWN_FLUSH_MS when the database is gone, counting the events as dropped', async () => {
    // a loopback port nobody listens on
    const free = await new Promise<number>((resolve) => {
      const s = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = s.address() as net.AddressInfo;
        s.close(() => resolve(port));
      });
    });
    const host = await startHost({ DATABASE_URL: `postgresql://postgres@127.0.0.1:${free}/nowhere`, BEACON_HOST: 'next-like', RUM_SHUTDOWN_FLUSH_MS: '800' });
    const accepted = await sendBeacons(host.port, 'sigterm-down', 5);
    const started = Date.now();
    host.child.kill('SIGTERM');
    const exit = await host.exited;
    expect(exit.code).toBe(143);
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(host.output()).toContain(`gave up on ${accepted} buffered events`);
    expect(JSON.parse(/exiting (\{.*\})/.exec(host.output())![1]!)).toMatchObject({ accepted, stored: 0, dropped: accepted, buffered: 0 });
  });
});
