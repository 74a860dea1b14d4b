// The beacon endpoint served straight from Node's HTTP server, ahead of Next (server.mjs). Beacons are the one
// request this app gets at the rate of its users' page views: through Next (routing, proxy.ts, a Web Request
// and Response, tracing) one costs ~2.5 ms of CPU, which capped it near 400 beacons/s; here it costs what
// answerBeacon costs. The answers are the route's own (handler.ts), so the route stays a correct fallback where
// the fast path is not installed (`next dev`, plain `next start`).
//
// instrumentation.ts register() publishes the handler on globalThis (publishBeaconFastPath); server.mjs looks it
// up per request, so requests that come before register() has run go through Next's route, as they would anyway.
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { TLSSocket } from 'node:tls';
import { ownOrigin } from '../../auth/origins';
import { readNodeTextBody } from '../../http/body';
import { routeMetrics } from '../../observability/route-metrics';
import { clientKey } from './client-key';
import { answerBeacon, answerPreflight, type BeaconAnswer } from './handler';
import type { RumIngest } from './ingest';

export const BEACONS_PATH = '/api/v1/beacons';
const FAST_PATH = Symbol.for('awoooi.beacon-fast-path');

/** What server.mjs finds on globalThis. */
export interface BeaconFastPath {
  /** Whether `url` (a request's path with its query) is the beacon endpoint. */
  matches(url: string | undefined): boolean;
  serve(request: IncomingMessage, response: ServerResponse): Promise<void>;
  /** Stores what is buffered (for at most RUM_SHUTDOWN_FLUSH_MS): for a graceful shutdown. */
  close(): Promise<void>;
}

/** Header lookup on a Node request, as Headers.get answers it (repeated headers joined with ", "). */
function headerGetter(request: IncomingMessage): Pick<Headers, 'get'> {
  return {
    get(name: string) {
      const value = request.headers[name.toLowerCase()];
      if (value === undefined) return null;
      return Array.isArray(value) ? value.join(', ') : value;
    },
  };
}

/**
 * The headers the route would see: `next start` fills X-Forwarded-For from the socket when it is absent (and
 * X-Forwarded-Proto/Host likewise), so the client key and own origin come out the same on both paths.
 */
function asNextSeesIt(request: IncomingMessage): Pick<Headers, 'get'> {
  const raw = headerGetter(request);
  const encrypted = Boolean((request.socket as Partial<TLSSocket>).encrypted);
  return {
    get(name: string) {
      const value = raw.get(name);
      if (value !== null) return value;
      switch (name.toLowerCase()) {
        case 'x-forwarded-for':
          return request.socket.remoteAddress ?? null;
        case 'x-forwarded-proto':
          return encrypted ? 'https' : 'http';
        default:
          return null;
      }
    },
  };
}

function send(response: ServerResponse, answer: BeaconAnswer, extra: Record<string, string> = {}): void {
  const body = answer.body === null ? undefined : JSON.stringify(answer.body);
  const headers: Record<string, string | number> = { ...answer.headers, ...extra };
  if (body !== undefined) {
    headers['content-type'] = 'application/json';
    headers['content-length'] = Buffer.byteLength(body);
  }
  response.writeHead(answer.status, headers).end(body);
}

export async function serveBeacon(request: IncomingMessage, response: ServerResponse, ingest: RumIngest): Promise<number> {
  const headers = asNextSeesIt(request);
  const url = `${headers.get('x-forwarded-proto')}://${headers.get('host') ?? 'localhost'}${request.url ?? '/'}`;
  const own = ownOrigin(url, headers);
  if (request.method === 'OPTIONS') {
    send(response, answerPreflight({ origin: headers.get('origin'), ownOrigin: own }, ingest));
    return response.statusCode;
  }
  if (request.method !== 'POST') {
    send(response, { status: 405, headers: { allow: 'POST, OPTIONS', 'cache-control': 'no-store' }, body: { error: `method ${request.method}: beacons are sent with POST` } });
    return 405;
  }
  let bodyLeftUnread = false;
  const answer = await answerBeacon(
    {
      origin: headers.get('origin'),
      ownOrigin: own,
      clientKey: clientKey(headers, ingest.config.trustProxyHops),
      contentType: headers.get('content-type'),
      readBody: (limit) => {
        bodyLeftUnread = true;
        return readNodeTextBody(request, limit).then((text) => {
          bodyLeftUnread = false;
          return text;
        });
      },
    },
    ingest,
  );
  // Refused before (or while) its body was read: close the connection rather than read the rest of the body.
  const unread = bodyLeftUnread || (!request.complete && answer.status !== 202);
  send(response, answer, unread ? { connection: 'close' } : {});
  return answer.status;
}

/** Makes `ingest` answer beacons ahead of Next in server.mjs; returns the published handler. */
export function publishBeaconFastPath(ingest: RumIngest, onError: (error: unknown) => void): BeaconFastPath {
  const metrics = routeMetrics();
  const fastPath: BeaconFastPath = {
    matches: (url) => url !== undefined && (url === BEACONS_PATH || url.startsWith(`${BEACONS_PATH}?`)),
    async serve(request, response) {
      const started = performance.now();
      let status = 500;
      try {
        status = await serveBeacon(request, response, ingest);
      } catch (error) {
        onError(error);
        if (!response.headersSent) {
          send(response, { status: 500, headers: { 'cache-control': 'no-store' }, body: { error: 'the beacon could not be taken: see the server log' } }, { connection: 'close' });
        } else response.destroy();
      } finally {
        // Counted like withRouteMetrics counts the route, so the beacon endpoint's SLO series do not change.
        metrics.observe(request.method ?? 'GET', BEACONS_PATH, status, (performance.now() - started) / 1000);
      }
    },
    close: () => ingest.buffer.close(ingest.config.shutdownFlushMs),
  };
  (globalThis as Record<symbol, BeaconFastPath | undefined>)[FAST_PATH] = fastPath;
  return fastPath;
}

/** The published fast path, if register() has run in this process (what server.mjs reads). */
export function beaconFastPath(): BeaconFastPath | undefined {
  return (globalThis as Record<symbol, BeaconFastPath | undefined>)[FAST_PATH];
}
