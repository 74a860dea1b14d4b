// POST /api/v1/beacons and its preflight, as functions of a Request: what the route calls. The order is cheapest
// refusal first: origin (403), rate limit (429), media type (415), size (413), format (400); then the rows go to the
// buffer and the answer is 202 without waiting for the database.
import { ownOrigin } from '../../auth/origins';
import { BodyNotTextError, BodyTooLargeError, readTextBody } from '../../http/body';
import { observeRumEvents } from '../../observability/rum-metrics';
import { SELF_APP, matcherForApp } from '../app-pages';
import { BEACON_LIMITS, beaconRows, parseBeacon } from '../beacon';
import { clientKey } from './client-key';
import { corsHeaders, originDecision, preflightHeaders } from './cors';
import type { RumIngest } from './ingest';

export interface BeaconRequestOptions {
  /**
   * The host's waitUntil (Next's `after`): handed the buffer's "drained" promise once per busy spell, so a
   * graceful shutdown of `next start` waits for the final flush before the process exits.
   */
  waitUntil?: (promise: Promise<unknown>) => void;
}

/** The media types a beacon may come as: what navigator.sendBeacon sends for a string, and JSON. */
export function acceptedContentType(header: string | null): boolean {
  const type = header?.split(';')[0]?.trim().toLowerCase();
  return type === 'text/plain' || type === 'application/json';
}

const NO_STORE = { 'cache-control': 'no-store' };
const MAX_PROBLEMS_SHOWN = 20;

function decide(request: Request, ingest: RumIngest) {
  return originDecision(request.headers.get('origin'), ownOrigin(request.url, request.headers), ingest.config.allowedOrigins);
}

export async function handleBeaconRequest(request: Request, ingest: RumIngest, options: BeaconRequestOptions = {}): Promise<Response> {
  const decision = decide(request, ingest);
  if (!decision.allowed) {
    ingest.count('rejected', 1);
    // No Access-Control-Allow-Origin: the browser keeps the answer from that page.
    return Response.json({ error: decision.reason }, { status: 403, headers: NO_STORE });
  }
  const headers = { ...corsHeaders(decision), ...NO_STORE };
  const refuse = (status: number, body: Record<string, unknown>, extra: Record<string, string> = {}) => {
    ingest.count('rejected', 1);
    return Response.json(body, { status, headers: { ...headers, ...extra } });
  };

  const allowed = await ingest.allow(clientKey(request.headers, ingest.config.trustProxyHops));
  if (!allowed.ok) {
    ingest.count('rate_limited', 1);
    return Response.json(
      { error: `too many beacons from this address: at most ${ingest.config.ratePerMinute} a minute; retry in ${allowed.retryAfterSeconds} s` },
      { status: 429, headers: { ...headers, 'retry-after': String(allowed.retryAfterSeconds) } },
    );
  }

  const contentType = request.headers.get('content-type');
  if (!acceptedContentType(contentType)) {
    return refuse(415, { error: `content-type: must be text/plain or application/json, got ${contentType === null ? 'none' : JSON.stringify(contentType)}` });
  }

  let text: string;
  try {
    text = await readTextBody(request, BEACON_LIMITS.bodyBytes);
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
  const drained = ingest.buffer.drainedOnce();
  if (drained && options.waitUntil) options.waitUntil(drained);

  // 202 even when the full buffer dropped some: sendBeacon cannot read the answer or retry, a 503 would only add
  // server errors to this app's own dashboards, and dropped events are counted (ingestStats, /metrics).
  return Response.json(
    { accepted: rows.length, ...(dropped > 0 ? { dropped } : {}), ...(tooOld > 0 ? { tooOld } : {}) },
    { status: 202, headers },
  );
}

export function handleBeaconPreflight(request: Request, ingest: RumIngest): Response {
  const decision = decide(request, ingest);
  if (!decision.allowed) return Response.json({ error: decision.reason }, { status: 403, headers: NO_STORE });
  return new Response(null, { status: 204, headers: { ...preflightHeaders(decision), ...NO_STORE } });
}
