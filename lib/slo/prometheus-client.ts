// A small client for Prometheus's HTTP query API (/api/v1/query, /api/v1/query_range): the I/O edge of lib/slo.
// Every failure becomes a PrometheusError whose message an operator can act on (which address, what went
// wrong, what to check), never a bare "fetch failed". Queries go as POST forms: PromQL for many endpoints is
// longer than a URL may be.

export const PROMETHEUS_URL_ENV = 'PROMETHEUS_URL';
/** Per request; a page waiting longer than this for numbers is worse than one that says Prometheus is slow. */
export const DEFAULT_TIMEOUT_MS = 10_000;

export type PrometheusErrorKind = 'config' | 'unreachable' | 'timeout' | 'http' | 'query' | 'bad-response';

export class PrometheusError extends Error {
  constructor(
    readonly kind: PrometheusErrorKind,
    message: string,
  ) {
    super(message);
    this.name = 'PrometheusError';
  }
}

/** One series of an instant vector: its labels and value (NaN and ±Inf as numbers). */
export interface Sample {
  labels: Record<string, string>;
  value: number;
}

/** One series of a range query: [unix seconds, value] pairs in time order. */
export interface RangeSeries {
  labels: Record<string, string>;
  points: [number, number][];
}

export interface RangeOptions {
  start: Date;
  end: Date;
  stepSeconds: number;
}

export interface PrometheusClient {
  /** the base address as given, without credentials (for messages and the page) */
  readonly url: string;
  /** an instant query evaluated at `at` (default: Prometheus's now) */
  query(expr: string, at?: Date): Promise<Sample[]>;
  queryRange(expr: string, range: RangeOptions): Promise<RangeSeries[]>;
}

export interface ClientOptions {
  timeoutMs?: number;
}

interface Base {
  /** no trailing slash; may carry a path prefix (a Prometheus behind a reverse proxy at /prometheus) */
  api: string;
  display: string;
  authorization?: string;
}

/** Checks the address; throws a 'config' PrometheusError naming the variable if it is not an http(s) URL. */
function parseBase(raw: string): Base {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw new PrometheusError('config', `${PROMETHEUS_URL_ENV} is not a URL: "${raw}" (expected e.g. http://prometheus:9090)`);
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    throw new PrometheusError('config', `${PROMETHEUS_URL_ENV} must be an http:// or https:// URL, not ${url.protocol}//...`);
  }
  if (url.search || url.hash) {
    throw new PrometheusError('config', `${PROMETHEUS_URL_ENV} must be the server's base address, without ?query or #fragment`);
  }
  // fetch refuses URLs with credentials: send them as Basic auth instead, and never show the password.
  let authorization: string | undefined;
  if (url.username || url.password) {
    const user = decodeURIComponent(url.username);
    const password = decodeURIComponent(url.password);
    authorization = `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;
    url.username = '';
    url.password = '';
  }
  const api = url.toString().replace(/\/+$/, '');
  return { api, display: api, authorization };
}

/** Prometheus writes NaN and infinities as strings Number() does not read ("+Inf"). */
export function parseValue(text: unknown): number {
  if (text === '+Inf' || text === 'Inf') return Infinity;
  if (text === '-Inf') return -Infinity;
  if (typeof text !== 'string') return NaN;
  return Number(text);
}

function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } }).cause;
  const code = cause?.code;
  const words: Record<string, string> = {
    ECONNREFUSED: 'connection refused (nothing listens on that port)',
    ENOTFOUND: 'the host name does not resolve',
    EAI_AGAIN: 'the host name could not be resolved (DNS did not answer)',
    ECONNRESET: 'the connection was reset',
    EHOSTUNREACH: 'no route to the host',
    ENETUNREACH: 'the network is unreachable',
    UND_ERR_SOCKET: 'the connection closed unexpectedly',
  };
  if (code && words[code]) return `${words[code]} (${code})`;
  return cause?.message ?? (error as Error).message;
}

/** Prometheus's JSON envelope: {status, data} or {status:"error", errorType, error}. */
interface Envelope {
  status?: string;
  data?: { resultType?: string; result?: unknown };
  errorType?: string;
  error?: string;
}

export function createPrometheusClient(address: string, options: ClientOptions = {}): PrometheusClient {
  const base = parseBase(address);
  const timeoutMs = options.timeoutMs ?? DEFAULT_TIMEOUT_MS;

  async function call(endpoint: string, form: Record<string, string>): Promise<Envelope['data']> {
    const target = `${base.display}${endpoint}`;
    let response: Response;
    try {
      response = await fetch(`${base.api}${endpoint}`, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-www-form-urlencoded',
          accept: 'application/json',
          ...(base.authorization ? { authorization: base.authorization } : {}),
        },
        body: new URLSearchParams(form),
        signal: AbortSignal.timeout(timeoutMs),
        cache: 'no-store',
      });
    } catch (error) {
      if ((error as Error).name === 'TimeoutError') {
        throw new PrometheusError('timeout', `Prometheus at ${base.display} did not answer within ${timeoutMs / 1000} s`);
      }
      throw new PrometheusError('unreachable', `cannot reach Prometheus at ${base.display}: ${networkReason(error)}`);
    }
    let text: string;
    try {
      text = await response.text();
    } catch (error) {
      const timedOut = (error as Error).name === 'TimeoutError';
      throw new PrometheusError(
        timedOut ? 'timeout' : 'unreachable',
        timedOut
          ? `Prometheus at ${base.display} did not finish answering within ${timeoutMs / 1000} s`
          : `Prometheus at ${base.display} broke off its answer: ${networkReason(error)}`,
      );
    }
    let body: Envelope | undefined;
    try {
      body = JSON.parse(text) as Envelope;
    } catch {
      body = undefined;
    }
    if (body?.status === 'error') {
      // 400/422: the query; 503: overloaded or shutting down. Prometheus's own words say which.
      throw new PrometheusError('query', `Prometheus at ${base.display} refused the query (${body.errorType ?? `HTTP ${response.status}`}): ${body.error ?? 'no reason given'}`);
    }
    if (!response.ok) {
      const hint =
        response.status === 404
          ? `: no Prometheus API at ${target}; ${PROMETHEUS_URL_ENV} must be the server's base address (e.g. http://prometheus:9090)`
          : response.status === 401 || response.status === 403
            ? ': it wants credentials (put them in the URL as http://user:password@host:9090)'
            : '';
      throw new PrometheusError('http', `Prometheus at ${base.display} answered HTTP ${response.status} ${response.statusText}${hint}`);
    }
    if (body?.status !== 'success' || !body.data) {
      const type = response.headers.get('content-type') ?? 'no content type';
      throw new PrometheusError('bad-response', `${target} did not answer like Prometheus's API (got ${type}, not its JSON); is ${PROMETHEUS_URL_ENV} the right address?`);
    }
    return body.data;
  }

  function results(data: Envelope['data'], expected: string): Record<string, unknown>[] {
    if (data?.resultType !== expected || !Array.isArray(data.result)) {
      throw new PrometheusError('bad-response', `Prometheus at ${base.display} answered a ${data?.resultType ?? 'shapeless'} result where a ${expected} was expected`);
    }
    return data.result as Record<string, unknown>[];
  }

  const seconds = (d: Date): string => {
    if (Number.isNaN(d.getTime())) throw new PrometheusError('config', 'the evaluation time is not a valid date');
    return (d.getTime() / 1000).toFixed(3);
  };

  return {
    url: base.display,
    async query(expr, at) {
      const data = await call('/api/v1/query', { query: expr, ...(at ? { time: seconds(at) } : {}) });
      // scalar results (e.g. `vector(1)` is a vector, but `1` is a scalar) are turned into one unlabelled sample
      if (data?.resultType === 'scalar' && Array.isArray(data.result)) return [{ labels: {}, value: parseValue(data.result[1]) }];
      return results(data, 'vector').map((r) => ({
        labels: (r.metric ?? {}) as Record<string, string>,
        value: parseValue((r.value as unknown[] | undefined)?.[1]),
      }));
    },
    async queryRange(expr, { start, end, stepSeconds }) {
      if (!(stepSeconds > 0)) throw new PrometheusError('config', `the range query step must be positive, got ${stepSeconds}`);
      if (end.getTime() < start.getTime()) throw new PrometheusError('config', 'the range query ends before it starts');
      const data = await call('/api/v1/query_range', { query: expr, start: seconds(start), end: seconds(end), step: String(stepSeconds) });
      return results(data, 'matrix').map((r) => ({
        labels: (r.metric ?? {}) as Record<string, string>,
        points: ((r.values ?? []) as [number, string][]).map(([t, v]) => [Number(t), parseValue(v)] as [number, number]),
      }));
    },
  };
}
