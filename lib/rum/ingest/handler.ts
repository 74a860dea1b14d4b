// POST /api/v1/beacons and its preflight, answered from the few facts they depend on (BeaconRequest), so the Next
// route (a Web Request) and the server's own fast path (node-intake.ts, a Node IncomingMessage) give the same
// answers from one implementation. The order is cheapest refusal first: origin (403), rate limit (429), media type
// (415), size (413), format (400); then the rows go to the buffer and the answer is 202 without waiting for the
// database.
import { ownOrigin } from '../../auth/origins';
import { BodyNotTextError, BodyTooLargeError, readTextBody } from '../../http/body';
import { observeRumEvents } from '../../observability/rum-metrics';
import { SELF_APP, matcherForApp } from '../app-pages';
import { BEACON_LIMITS, beaconRows, parseBeacon } from '../beacon';
import { clientKey } from './client-key';
import { corsHeaders, originDecision, preflightHeaders } from './cors';
import type { RumIngest } from './ingest';

/** What answering a beacon depends on, whatever the server is. */
export interface BeaconRequest {
  /** the Origin header (null when absent) */
  origin: string | null;
  /** the origin this request was addressed to (lib/auth/origins.ts ownOrigin) */
  ownOrigin: string | null;
  /** the rate limiter's key (client-key.ts) */
  clientKey: string;
  contentType: string | null;
  /** the body as UTF-8 text, refusing more than `limit` bytes (BodyTooLargeError, BodyNotTextError) */
  readBody(limit: number): Promise<string>;
}

/** The answer: a JSON body (or none), with its status and headers. */
export interface BeaconAnswer {
  status: number;
  headers: Record<string, string>;
  body: Record<string, unknown> | null;
  /**
   * Set once per busy spell of the buffer: resolves when it has drained. Hand it to the host's waitUntil (Next's
   * `after`) so a graceful shutdown waits for the final flush before the process exits.
   */
  drained?: Promise<void>;
}

/** The media types a beacon may come as: what navigator.sendBeacon sends for a string, and JSON. */
export function acceptedContentType(header: string | null): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'text/plain' || type === 'application/json';
}

const NO_STORE = { 'cache-control': 'no-store' };
const MAX_PROBLEMS_SHOWN = 20;

export async function answerBeacon(request: BeaconRequest, ingest: RumIngest): Promise<BeaconAnswer> {
  const decision = originDecision(request.origin, request.ownOrigin, ingest.config.allowedOrigins);
  if (!decision.allowed) {
    ingest.count('rejected', 1);
    // No Access-Control-Allow-Origin: the browser keeps the answer from that page.
    return { status: 403, headers: NO_STORE, body: { error: decision.reason } };
  }
  const headers = { ...corsHeaders(decision), ...NO_STORE };
  const refuse = (status: number, body: Record<string, unknown>): BeaconAnswer => {
    ingest.count('rejected', 1);
    return { status, headers, body };
  };

  const allowed = await ingest.allow(request.clientKey);
  if (!allowed.ok) {
    ingest.count('rate_limited', 1);
    return {
      status: 429,
      headers: { ...headers, 'retry-after': String(allowed.retryAfterSeconds) },
      body: { error: `too many beacons from this address: at most ${ingest.config.ratePerMinute} a minute; retry in ${allowed.retryAfterSeconds} s` },
    };
  }

  if (!acceptedContentType(request.contentType)) {
    const got = request.contentType === null ? 'none' : JSON.stringify(request.contentType);
    return refuse(415, { error: `content-type: must be text/plain or application/json, got ${got}` });
  }

  let text: string;
  try {
    text = await request.readBody(BEACON_LIMITS.bodyBytes);
  } catch (error) {
    if (error instanceof BodyTooLargeError) return refuse(413, { error: `body: larger than the beacon limit of ${error.limit} bytes` });
    if (error instanceof BodyNotTextError) return refuse(400, { error: 'body: not valid UTF-8 text', problems: ['body: not valid UTF-8 text'] });
    // The client went away mid-body (aborted stream): nothing to answer it with that it could read.
    return refuse(400, { error: `body: could not be read (${error instanceof Error ? error.message : String(error)})` });
  }

  const parsed = parseBeacon(text);
  if (!parsed.ok) {
    // 200 bad events make 200 problems: the first few say enough.
    const shown = parsed.problems.slice(0, MAX_PROBLEMS_SHOWN);
    const more = parsed.problems.length - shown.length;
    const problems = more > 0 ? [...shown, `... and ${more} more problems`] : shown;
    return refuse(400, { error: `invalid beacon: ${problems.join('; ')}`, problems });
  }

  const { app } = parsed.beacon;
  const { rows, tooOld } = beaconRows(parsed.beacon, ingest.now(), matcherForApp(app, await ingest.pageMatcher()));
  ingest.count('rejected', tooOld);
  const { dropped } = ingest.accept(rows);
  // The per-page series carry no app label (the page alert templates match on `page` alone): only the monitored
  // apps' pages feed them, never this app's own.
  if (app !== SELF_APP) observeRumEvents(rows);

  // 202 even when the full buffer dropped some: sendBeacon cannot read the answer or retry, a 503 would only add
  // server errors to this app's own dashboards, and dropped events are counted (ingestStats, /metrics).
  return {
    status: 202,
    headers,
    body: { accepted: rows.length, ...(dropped > 0 ? { dropped } : {}), ...(tooOld > 0 ? { tooOld } : {}) },
    drained: ingest.buffer.drainedOnce() ?? undefined,
  };
}

export function answerPreflight(request: Pick<BeaconRequest, 'origin' | 'ownOrigin'>, ingest: RumIngest): BeaconAnswer {
  const decision = originDecision(request.origin, request.ownOrigin, ingest.config.allowedOrigins);
  if (!decision.allowed) return { status: 403, headers: NO_STORE, body: { error: decision.reason } };
  return { status: 204, headers: { ...preflightHeaders(decision), ...NO_STORE }, body: null };
}

// ---- The Next route's side: Web Request in, Response out.

export interface BeaconRequestOptions {
  /** The host's waitUntil (Next's `after`): handed the buffer's "drained" promise once per busy spell. */
  waitUntil?: (promise: Promise<unknown>) => void;
}

function fromWebRequest(request: Request, ingest: RumIngest): BeaconRequest {
  return {
    origin: request.headers.get('origin'),
    ownOrigin: ownOrigin(request.url, request.headers),
    clientKey: clientKey(request.headers, ingest.config.trustProxyHops),
    contentType: request.headers.get('content-type'),
    readBody: (limit) => readTextBody(request, limit),
  };
}

function toResponse(answer: BeaconAnswer): Response {
  return answer.body === null
    ? new Response(null, { status: answer.status, headers: answer.headers })
    : Response.json(answer.body, { status: answer.status, headers: answer.headers });
}

export async function handleBeaconRequest(request: Request, ingest: RumIngest, options: BeaconRequestOptions = {}): Promise<Response> {
  const answer = await answerBeacon(fromWebRequest(request, ingest), ingest);
  if (answer.drained && options.waitUntil) options.waitUntil(answer.drained);
  return toResponse(answer);
}

export function handleBeaconPreflight(request: Request, ingest: RumIngest): Response {
  return toResponse(answerPreflight({ origin: request.headers.get('origin'), ownOrigin: ownOrigin(request.url, request.headers) }, ingest));
}
