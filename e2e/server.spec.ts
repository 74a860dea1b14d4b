// server.mjs, the production server, as `npm start` runs it: a second one of the same build on its own port and
// the e2e database. Once Next has run instrumentation's register(), beacons are answered ahead of Next (the fast
// path's own 405 body shows which one answered); a SIGTERM then stores what is still buffered before the exit.
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import path from 'node:path';
import { expect, test } from '@playwright/test';
import { query } from './database';
import { startSecondServer } from './second-server';

const PORT = Number(process.env.E2E_SERVER_PORT ?? 3196);
const VIEW = `e2e-server-${Date.now().toString(36)}`;

test('beacons go ahead of Next once it has started, and a SIGTERM stores the buffered ones before exiting', async () => {
  // Nothing is written until the shutdown: the rows found afterwards were stored by the shutdown flush.
  const server = await startSecondServer({ port: PORT, env: { RUM_FLUSH_INTERVAL_MS: '3600000', RUM_FLUSH_ROWS: '100000' } });
  try {
    expect(server.output()).toContain(`[awoooi-monitor] listening on ${server.base}`);

    const wrongMethod = await fetch(`${server.base}/api/v1/beacons`);
    expect(wrongMethod.status).toBe(405);
    expect(await wrongMethod.json()).toEqual({ error: 'method GET: beacons are sent with POST' });

    const body = JSON.stringify({ v: 1, app: 'e2e-server', view: VIEW, device: 'desktop', rate: 1, sent: Date.now(), events: [{ t: 'pageview', path: '/', at: Date.now() }] });
    const answers = await Promise.all(
      Array.from({ length: 20 }, () => fetch(`${server.base}/api/v1/beacons`, { method: 'POST', headers: { 'content-type': 'text/plain' }, body }).then((r) => r.status)),
    );
    expect(answers).toEqual(Array(20).fill(202));
    // Pages still go through Next.
    expect((await fetch(`${server.base}/sign-in`)).status).toBe(200);
    expect(await query('SELECT 1 FROM "RumEvent" WHERE view = $1', [VIEW])).toHaveLength(0);

    expect(await server.stop()).toEqual({ code: 143, signal: null });
    expect(server.output()).toContain('SIGTERM: storing 20 buffered beacon events before exit');
    expect(await query('SELECT 1 FROM "RumEvent" WHERE view = $1', [VIEW])).toHaveLength(20);
  } finally {
    await server.stop();
  }
});

test('refuses a bad --port with the usage, before it starts anything', async () => {
  const server = spawn(process.execPath, [path.resolve('server.mjs'), '--port', 'eighty'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  server.stderr!.on('data', (chunk: Buffer) => (errors += chunk.toString()));
  const [code] = (await once(server, 'exit')) as [number | null];
  expect(code).toBe(2);
  expect(errors).toContain('server.mjs: --port must be a whole number from 0 to 65535, got "eighty"');
});
