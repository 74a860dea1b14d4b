// A stand-in for Sentry's ingest on loopback: accepts envelopes at POST /api/<project>/envelope/ (what the SDKs
// send to for a DSN http://<key>@127.0.0.1:<port>/<project>) and keeps them, parsed, for assertions.
//
//   const sentry = await startSentryReceiver();      // sentry.dsn -> SENTRY_DSN / NEXT_PUBLIC_SENTRY_DSN
//   ... make the app fail ...
//   const event = await sentry.waitForEvent((e) => e.exception?.values?.[0]?.value === 'boom');
//   await sentry.close();
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { gunzipSync, inflateSync } from 'node:zlib';

export interface EnvelopeItem {
  header: Record<string, unknown>;
  payload: unknown;
}

export interface Envelope {
  project: string;
  /** query string parameters the SDK sent (sentry_key, sentry_version, ...) */
  auth: Record<string, string>;
  header: Record<string, unknown>;
  items: EnvelopeItem[];
  /** the envelope as received (decompressed), to check what it must not contain */
  raw: string;
}

/** The parts of an error event the tests look at. */
export interface SentryEvent {
  event_id?: string;
  level?: string;
  transaction?: string;
  exception?: { values?: { type?: string; value?: string; mechanism?: { type?: string; handled?: boolean } }[] };
  request?: { url?: string; method?: string; headers?: Record<string, string>; query_string?: unknown; cookies?: unknown };
  contexts?: Record<string, Record<string, unknown>>;
  [key: string]: unknown;
}

export interface SentryReceiver {
  /** a DSN pointing here; `project` in its path */
  dsn: string;
  port: number;
  envelopes: Envelope[];
  /** error events of every envelope so far */
  events(): SentryEvent[];
  waitForEvent(match: (event: SentryEvent) => boolean, timeoutMs?: number): Promise<SentryEvent>;
  close(): Promise<void>;
}

function parseJson(line: string): unknown {
  try {
    return JSON.parse(line);
  } catch {
    return line;
  }
}

/** Envelope format: a header line, then per item a header line and a payload (`length` bytes, or one line). */
export function parseEnvelope(body: Buffer): Omit<Envelope, 'project' | 'auth'> {
  const raw = body.toString('utf8');
  let offset = body.indexOf(0x0a);
  const header = parseJson(body.subarray(0, offset === -1 ? body.length : offset).toString('utf8')) as Record<string, unknown>;
  const items: EnvelopeItem[] = [];
  while (offset !== -1 && offset + 1 < body.length) {
    const start = offset + 1;
    const headerEnd = body.indexOf(0x0a, start);
    const itemHeader = parseJson(body.subarray(start, headerEnd === -1 ? body.length : headerEnd).toString('utf8')) as Record<string, unknown>;
    if (headerEnd === -1) break;
    const length = typeof itemHeader.length === 'number' ? itemHeader.length : undefined;
    const payloadEnd = length !== undefined ? headerEnd + 1 + length : body.indexOf(0x0a, headerEnd + 1) === -1 ? body.length : body.indexOf(0x0a, headerEnd + 1);
    items.push({ header: itemHeader, payload: parseJson(body.subarray(headerEnd + 1, payloadEnd).toString('utf8')) });
    offset = payloadEnd < body.length ? payloadEnd : -1;
  }
  return { raw, header, items };
}

export async function startSentryReceiver(options: { project?: string; publicKey?: string; port?: number } = {}): Promise<SentryReceiver> {
  const project = options.project ?? '42';
  const publicKey = options.publicKey ?? 'publickey';
  const envelopes: Envelope[] = [];
  const waiters = new Set<() => void>();

  const server = http.createServer((req, res) => {
    // Browsers send envelopes cross-origin (the app's origin -> this port) as simple requests; answer CORS anyway.
    res.setHeader('access-control-allow-origin', '*');
    res.setHeader('access-control-allow-headers', '*');
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const match = /^\/api\/([^/]+)\/envelope\/?$/.exec(url.pathname);
    if (req.method === 'OPTIONS') return void res.writeHead(204).end();
    if (req.method !== 'POST' || !match) return void res.writeHead(404).end();
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      let body = Buffer.concat(chunks);
      const encoding = req.headers['content-encoding'];
      if (encoding === 'gzip') body = gunzipSync(body);
      else if (encoding === 'deflate') body = inflateSync(body);
      envelopes.push({ project: match[1]!, auth: Object.fromEntries(url.searchParams), ...parseEnvelope(body) });
      for (const wake of waiters) wake();
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(options.port ?? 0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;

  const events = () =>
    envelopes.flatMap((e) => e.items.filter((i) => i.header.type === 'event' && typeof i.payload === 'object').map((i) => i.payload as SentryEvent));

  return {
    dsn: `http://${publicKey}@127.0.0.1:${port}/${project}`,
    port,
    envelopes,
    events,
    waitForEvent(match, timeoutMs = 10_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events().find(match);
          if (!found) return false;
          clearTimeout(timer);
          waiters.delete(wake);
          resolve(found);
          return true;
        };
        const wake = () => void check();
        const timer = setTimeout(() => {
          waiters.delete(wake);
          reject(new Error(`no matching Sentry event within ${timeoutMs} ms; received ${envelopes.length} envelope(s): ${envelopes.map((e) => e.items.map((i) => i.header.type).join('+')).join(', ')}`));
        }, timeoutMs);
        if (!check()) waiters.add(wake);
      });
    },
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
