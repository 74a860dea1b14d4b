// A stand-in for awoooi-monitor on 127.0.0.1 (random port) for the edge helper's tests: it records every request
// and answers GET /api/v1/registry/pages and POST /api/v1/beacons with the handlers a test gives, written as
// fetch-style (Request -> Response) functions so the app's real route logic can be plugged in unchanged.
// A handler may be 'hang': the request is read and never answered (a monitor that stopped responding).
//
//   const monitor = await startMonitorStandIn({ pages: () => Response.json({ pages: [], revision: 'r' }) });
//   ... createUnknownPageReporter({ monitorUrl: monitor.url, ... }) ...  await monitor.close();
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export type StandInHandler = ((request: Request) => Response | Promise<Response>) | 'hang';

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string>;
  body: string;
  at: number;
}

export interface MonitorStandIn {
  url: string;
  readonly requests: RecordedRequest[];
  /** the beacons' bodies, oldest first */
  beaconBodies(): string[];
  /** resolves once `count` requests to `path` have arrived */
  waitFor(path: string, count?: number, timeoutMs?: number): Promise<void>;
  close(): Promise<void>;
}

export interface StandInHandlers {
  pages?: StandInHandler;
  /** default: 202 with no body, as the real endpoint accepts */
  beacons?: StandInHandler;
}

// Connection-level headers Node has already acted on; a fetch Request must not carry them again.
const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive']);

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

async function answer(res: ServerResponse, response: Response): Promise<void> {
  res.writeHead(response.status, Object.fromEntries(response.headers));
  res.end(Buffer.from(await response.arrayBuffer()));
}

export async function startMonitorStandIn(handlers: StandInHandlers = {}): Promise<MonitorStandIn> {
  const requests: RecordedRequest[] = [];
  const sockets = new Set<Socket>();
  let url = '';
  const server = createServer(async (req, res) => {
    const body = await readBody(req);
    const path = new URL(req.url ?? '/', 'http://stand-in').pathname;
    const headers = Object.fromEntries(Object.entries(req.headers).map(([k, v]) => [k, Array.isArray(v) ? v.join(', ') : (v ?? '')]));
    requests.push({ method: req.method ?? 'GET', path, headers, body, at: Date.now() });
    const handler =
      path === '/api/v1/registry/pages' && req.method === 'GET'
        ? handlers.pages
        : path === '/api/v1/beacons' && req.method === 'POST'
          ? (handlers.beacons ?? (() => new Response(null, { status: 202 })))
          : undefined;
    if (handler === 'hang') return;
    if (!handler) return void res.writeHead(404).end();
    const request = new Request(`${url}${req.url ?? '/'}`, {
      method: req.method,
      headers: Object.entries(headers).filter(([k]) => !HOP_HEADERS.has(k)),
      body: req.method === 'GET' || req.method === 'HEAD' ? undefined : body,
    });
    await answer(res, await handler(request));
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    url,
    requests,
    beaconBodies: () => requests.filter((r) => r.path === '/api/v1/beacons').map((r) => r.body),
    async waitFor(path, count = 1, timeoutMs = 5000) {
      const deadline = Date.now() + timeoutMs;
      while (requests.filter((r) => r.path === path).length < count) {
        if (Date.now() > deadline) throw new Error(`stand-in: ${count} request(s) to ${path} did not arrive within ${timeoutMs} ms`);
        await new Promise((r) => setTimeout(r, 10));
      }
    },
    async close() {
      // Hanging requests keep their sockets open: end them, or close() would wait for ever.
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
