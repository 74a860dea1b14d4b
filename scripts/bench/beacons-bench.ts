// POST /api/v1/beacons under load: autocannon (this process) drives the production build (server.mjs, as
// `npm start` runs it, in a child process) for BENCH_BEACON_SECONDS (60 by default), then the same load against a bare Node `http` server that
// only reads the body and answers 202: the ceiling this machine allows for any Node HTTP handler.
// After the run the app gets SIGTERM (it flushes its buffer on a clean shutdown) and the rows in RumEvent are
// counted: every event acknowledged with 202 must be stored, or counted as dropped on /metrics. The accepted
// count is the server's own (awoooi_beacon_events_total): autocannon does not count the answers still in flight
// when its time is up, though the server took those beacons too.
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import autocannon from 'autocannon';
import pg from 'pg';
import { createMigratedDatabase, databaseUrlFor, dropDatabase } from '../db/databases.mjs';
import { DEFAULT_BENCH_URL } from './bench-database';
import { startNextServer } from './next-server';
import type { Benchmark, BenchResult, Check, Measure } from './run';
import { log, peakRssBytes, positiveInt } from './stats';

const SECONDS = positiveInt(process.env.BENCH_BEACON_SECONDS, 60);
const CONNECTIONS = positiveInt(process.env.BENCH_BEACON_CONNECTIONS, 16);
const TARGET_RPS = 2000;
const TARGET_P99_MS = 50;
const ORIGIN = 'https://bench.example';

/** A realistic beacon: a page view, its five Web Vitals, one error and one failed fetch. */
export function sampleBeacon(now = Date.now()): { body: string; events: number } {
  const path = '/services/42';
  const events = [
    { t: 'pageview', path, at: now, nav: 'load' },
    { t: 'vital', path, at: now, name: 'TTFB', value: 180 },
    { t: 'vital', path, at: now, name: 'FCP', value: 900 },
    { t: 'vital', path, at: now, name: 'LCP', value: 2300 },
    { t: 'vital', path, at: now, name: 'CLS', value: 0.04 },
    { t: 'vital', path, at: now, name: 'INP', value: 120 },
    { t: 'error', path, at: now, message: 'TypeError: x is undefined', stack: 'TypeError: x is undefined\n    at render (app.js:1:200)', source: 'error' },
    { t: 'fetch', path, at: now, method: 'GET', url: 'https://api.example/orders', status: 503, ms: 87 },
  ];
  const body = JSON.stringify({ v: 1, app: 'awoooi-web', view: 'benchview0001', device: 'desktop', rate: 1, sent: now, events });
  return { body, events: events.length };
}

interface LoadFigures {
  rps: number;
  p50: number;
  p99: number;
  ok: number;
  non2xx: number;
  errors: number;
  timeouts: number;
}

async function drive(url: string, body: string): Promise<LoadFigures> {
  const result = await autocannon({
    url,
    method: 'POST',
    body,
    headers: { 'content-type': 'text/plain;charset=UTF-8', origin: ORIGIN },
    connections: CONNECTIONS,
    duration: SECONDS,
  });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    ok: result['2xx'],
    non2xx: result.non2xx,
    errors: result.errors,
    timeouts: result.timeouts,
  };
}

/** The ceiling: a bare Node http server in its own process that reads the body and answers like the endpoint. */
async function startBareServer(): Promise<{ url: string; child: ChildProcess }> {
  const script = `
    const http = require('node:http');
    const server = http.createServer((req, res) => {
      const chunks = [];
      req.on('data', (c) => chunks.push(c));
      req.on('end', () => {
        const events = JSON.parse(Buffer.concat(chunks).toString('utf8')).events.length;
        res.writeHead(202, { 'content-type': 'application/json', 'access-control-allow-origin': req.headers.origin || '*' });
        res.end(JSON.stringify({ accepted: events }));
      });
    });
    server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;
  const child = spawn(process.execPath, ['-e', script], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [chunk] = (await once(child.stdout!, 'data')) as [Buffer];
  return { url: `http://127.0.0.1:${chunk.toString().trim()}/api/v1/beacons`, child };
}

async function waitForEmptyBuffer(url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    const metrics = await fetch(`${url}/metrics`).then((r) => r.text());
    const line = metrics.split('\n').find((l) => l.startsWith('awoooi_beacon_buffer_events '));
    if (line && Number(line.split(' ').at(-1)) === 0) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the beacon buffer did not drain within 20 s after the warm-up');
}

/** A sample of a counter from the Prometheus text format (0 when absent). */
function counterValue(text: string, name: string, labels: string): number {
  const line = text.split('\n').find((l) => l.startsWith(`${name}{`) && l.includes(labels));
  return line ? Number(line.split(' ').at(-1)) : 0;
}

export async function beaconsBench(): Promise<BenchResult> {
  const adminUrl = process.env.BENCH_DATABASE_URL ?? DEFAULT_BENCH_URL;
  const name = 'awoooi_bench_beacons';
  await createMigratedDatabase(adminUrl, name);
  const url = databaseUrlFor(adminUrl, name);
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(`INSERT INTO "Page" (path, name, "webVitals") VALUES ('/', 'Home', true), ('/services/[id]', 'Service', true)`);
    const { body, events } = sampleBeacon();

    const bare = await startBareServer();
    log(`bare node http: ${SECONDS} s, ${CONNECTIONS} connections ...`);
    const ceiling = await drive(bare.url, body);
    const barePeak = peakRssBytes(bare.child.pid!);
    bare.child.kill('SIGTERM');

    const server = await startNextServer(url, {
      RUM_ALLOWED_ORIGINS: ORIGIN,
      // One autocannon process is one client IP: the per-IP limit would turn the run into a 429 test.
      RUM_RATE_LIMIT_PER_MINUTE: '0',
      RUM_SELF_MONITORING: '0',
    });
    let app: LoadFigures;
    let dropped = 0;
    let accepted = 0;
    let serverPeak: number | undefined;
    try {
      log(`warm-up 5 s ...`);
      await autocannon({ url: `${server.url}/api/v1/beacons`, method: 'POST', body, headers: { 'content-type': 'text/plain', origin: ORIGIN }, connections: 4, duration: 5 });
      // The warm-up's events must be written before the table is emptied, or they would count as stored later.
      await waitForEmptyBuffer(server.url);
      await client.query(`TRUNCATE "RumEvent", "RumPath"`);
      const before = await fetch(`${server.url}/metrics`).then((r) => r.text());
      log(`server.mjs: ${SECONDS} s, ${CONNECTIONS} connections ...`);
      app = await drive(`${server.url}/api/v1/beacons`, body);
      await new Promise((r) => setTimeout(r, 500)); // the answers autocannon stopped waiting for
      const metrics = await fetch(`${server.url}/metrics`).then((r) => r.text());
      const delta = (outcome: string) => counterValue(metrics, 'awoooi_beacon_events_total', `outcome="${outcome}"`) - counterValue(before, 'awoooi_beacon_events_total', `outcome="${outcome}"`);
      dropped = delta('dropped');
      accepted = delta('accepted');
      serverPeak = peakRssBytes(server.pid);
    } finally {
      await server.stop(); // SIGTERM: the app flushes what it acknowledged
    }
    const answered = app.ok * events;
    const stored = Number((await client.query<{ n: string }>(`SELECT count(*)::text AS n FROM "RumEvent"`)).rows[0]!.n);
    // Rows from requests answered after /metrics was read would inflate `stored`; none arrive (the load had ended).
    const lost = accepted - stored - dropped;

    const measures: Measure[] = [
      { name: 'beacons: requests/s (server.mjs)', value: app.rps, unit: 'rps', min: TARGET_RPS, note: `${events} events per beacon, ${CONNECTIONS} connections`, vs: 'bare node http: requests/s (ceiling)' },
      { name: 'beacons: p50 latency', value: app.p50, unit: 'ms' },
      { name: 'beacons: p99 latency', value: app.p99, unit: 'ms', max: TARGET_P99_MS, vs: 'bare node http: p99 latency' },
      { name: 'beacons: events accepted (202)', value: accepted, unit: 'count', note: `${answered} in answers autocannon counted` },
      { name: 'beacons: events stored', value: stored, unit: 'count' },
      { name: 'beacons: events dropped (buffer full)', value: dropped, unit: 'count', max: 0 },
      { name: 'bare node http: requests/s (ceiling)', value: ceiling.rps, unit: 'rps' },
      { name: 'bare node http: p50 latency', value: ceiling.p50, unit: 'ms' },
      { name: 'bare node http: p99 latency', value: ceiling.p99, unit: 'ms' },
      ...(serverPeak === undefined
        ? []
        : [{ name: 'server: peak RSS during the run', value: serverPeak, unit: 'bytes' as const, note: 'VmHWM of server.mjs (the whole app)', ...(barePeak ? { vs: 'bare node http: peak RSS' } : {}) }]),
      ...(barePeak === undefined ? [] : [{ name: 'bare node http: peak RSS', value: barePeak, unit: 'bytes' as const }]),
    ];
    const checks: Check[] = [
      { name: 'beacons: every accepted event stored or counted dropped', ok: lost === 0, detail: `accepted ${accepted}, stored ${stored}, dropped ${dropped}: ${lost} lost` },
      {
        name: "beacons: the server's count = autocannon's + those in flight",
        ok: accepted >= answered && accepted <= answered + CONNECTIONS * events,
        detail: `server ${accepted}, autocannon ${answered}`,
      },
      {
        name: 'beacons: no errors, timeouts or non-2xx answers',
        ok: app.non2xx === 0 && app.errors === 0 && app.timeouts === 0,
        detail: `non-2xx ${app.non2xx}, errors ${app.errors}, timeouts ${app.timeouts}`,
      },
    ];
    return {
      measures,
      checks,
      environment: { load: `autocannon, ${SECONDS} s, ${CONNECTIONS} connections, one ${Buffer.byteLength(body)}-byte beacon` },
    };
  } finally {
    await client.end();
    await dropDatabase(adminUrl, name);
  }
}

export const beaconsBenchmark: Benchmark = {
  name: 'beacons',
  description: `POST /api/v1/beacons on the production build vs a bare Node http server, ${SECONDS} s each (autocannon)`,
  run: beaconsBench,
};
