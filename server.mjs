// The production server: Next's request handler on a Node HTTP server of our own, so that one endpoint can be
// answered ahead of Next. POST /api/v1/beacons arrives at the rate of the monitored apps' page views, and through
// Next (routing, proxy.ts, a Web Request and Response, tracing) each costs ~2.5 ms of CPU; served here it costs
// what the intake itself costs (lib/rum/ingest/node-intake.ts). Everything else, and beacons that arrive before
// instrumentation.ts register() has published the fast path, go to Next unchanged: its route gives the same answers.
//
//   node server.mjs [--hostname 0.0.0.0] [--port 3000]      (what `npm start` runs after `next build`)
//
// SIGTERM / SIGINT: stop accepting, let Next finish (it awaits what `after()` was handed), store the buffered
// beacons (at most RUM_SHUTDOWN_FLUSH_MS), exit 143 / 130 as `next start` does.
import http from 'node:http';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

process.env.NODE_ENV = 'production';
const { default: next } = await import('next');

const FAST_PATH = Symbol.for('awoooi.beacon-fast-path');
const root = path.dirname(fileURLToPath(import.meta.url));

let options;
try {
  ({ values: options } = parseArgs({
    options: { hostname: { type: 'string', short: 'H', default: '0.0.0.0' }, port: { type: 'string', short: 'p', default: process.env.PORT ?? '3000' } },
  }));
} catch (error) {
  console.error(`server.mjs: ${error.message}\nusage: node server.mjs [--hostname <address>] [--port <number>]`);
  process.exit(2);
}
const port = Number(options.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`server.mjs: --port must be a whole number from 0 to 65535, got ${JSON.stringify(options.port)}`);
  process.exit(2);
}

const server = http.createServer((request, response) => {
  const fastPath = globalThis[FAST_PATH];
  if (fastPath?.matches(request.url)) void fastPath.serve(request, response);
  else void handle(request, response);
});
const app = next({ dev: false, dir: root, hostname: options.hostname, port, httpServer: server });
const handle = app.getRequestHandler();
await app.prepare();

server.on('error', (error) => {
  console.error(`server.mjs: cannot listen on ${options.hostname}:${port}: ${error.message}`);
  process.exit(1);
});
server.listen(port, options.hostname, () => {
  const { port: bound } = server.address();
  // Where this app's own RUM sends its beacons (lib/rum/self-monitoring.ts), as `next start` leaves it.
  process.env.PORT = String(bound);
  console.log(`[awoooi-monitor] listening on http://${options.hostname}:${bound}`);
});

let stopping = false;
async function stop(signal) {
  if (stopping) return;
  stopping = true;
  // First stop taking requests and let those in flight finish: they may still buffer beacons or hand `after()` work.
  await new Promise((resolve) => server.close(() => resolve()));
  await app.close().catch((error) => console.error(error));
  await globalThis[FAST_PATH]?.close().catch((error) => console.error(error));
  process.exit(signal === 'SIGINT' ? 130 : 143);
}
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
