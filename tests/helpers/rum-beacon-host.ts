// A small server process for tests/integration/beacons-shutdown.test.ts: POST /api/v1/beacons served by the real
// intake (rumIngest(): the process's one buffer, settings from the environment, the shutdown flush installed),
// on 127.0.0.1 and a free port, which it prints as `listening <port>`.
//
// BEACON_HOST=plain      nothing else listens for SIGTERM: the intake's own listener flushes, then ends the process
// BEACON_HOST=next-like  shuts down the way `next start` does (node_modules/next/dist/server/lib/start-server.js):
//                        its own SIGTERM listener closes the server, awaits every promise handed to waitUntil (what
//                        `after()` feeds), then process.exit(143); the intake is made at start, as
//                        instrumentation.ts does with startRumIngest()
// Run with: node --import tsx tests/helpers/rum-beacon-host.ts
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { handleBeaconRequest } from '../../lib/rum/ingest/handler';
import { ingestStats, rumIngest, startRumIngest } from '../../lib/rum/ingest/instance';

const mode = process.env.BEACON_HOST ?? 'plain';
const pending = new Set<Promise<unknown>>();
const waitUntil = mode === 'next-like' ? (p: Promise<unknown>) => void pending.add(p) : undefined;

const server = http.createServer(async (req, res) => {
  if (req.method === 'GET' && req.url === '/stats') {
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(ingestStats()));
    return;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers.set(name, value);
  const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers, body: Buffer.concat(chunks) });
  const response = await handleBeaconRequest(request, rumIngest(), { waitUntil });
  res.writeHead(response.status, Object.fromEntries(response.headers)).end(await response.text());
});

if (mode === 'next-like') {
  // Installed first, like Next's (start-server.js installs it before instrumentation's register() runs).
  process.on('SIGTERM', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    while (pending.size > 0) {
      const all = [...pending];
      pending.clear();
      await Promise.allSettled(all);
    }
    console.log(`exiting ${JSON.stringify(ingestStats())}`);
    process.exit(143);
  });
  // What instrumentation.ts register() does, after Next has installed its listener.
  console.log(startRumIngest());
}

server.listen(0, '127.0.0.1', () => {
  console.log(`listening ${(server.address() as AddressInfo).port}`);
});
