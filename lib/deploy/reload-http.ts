// The few HTTP calls a push makes to Prometheus and Alertmanager: POST /-/reload and the read-only APIs that
// confirm what they loaded. Every error names the URL and says what the server answered (its own words).
// Both servers answer /-/reload only after the reload is done, with 200, or 500 and the reason.

export class ReloadHttpError extends Error {}

/** `base` without a trailing slash, plus `path` (a route prefix such as /prometheus in `base` is kept). */
export function endpoint(base: string, path: string): string {
  return `${base.replace(/\/+$/, '')}${path}`;
}

function reason(error: unknown): string {
  const e = error as Error & { cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer in time';
  return e.cause?.code ?? e.cause?.message ?? e.message;
}

async function request(url: string, init: RequestInit, timeoutMs: number): Promise<{ status: number; body: string }> {
  let response: Response;
  try {
    response = await fetch(url, { ...init, redirect: 'error', signal: AbortSignal.timeout(timeoutMs) });
  } catch (error) {
    throw new ReloadHttpError(`${init.method ?? 'GET'} ${url} failed: ${reason(error)}`);
  }
  try {
    return { status: response.status, body: await response.text() };
  } catch (error) {
    throw new ReloadHttpError(`${init.method ?? 'GET'} ${url}: reading the answer failed: ${reason(error)}`);
  }
}

const excerpt = (body: string) => {
  const text = body.trim().replace(/\s+/g, ' ');
  return text.length > 2_000 ? `${text.slice(0, 2_000)}...` : text;
};

/** POST <base>/-/reload; throws with the server's answer unless it is 2xx. */
export async function postReload(base: string, timeoutMs: number): Promise<void> {
  const url = endpoint(base, '/-/reload');
  const { status, body } = await request(url, { method: 'POST' }, timeoutMs);
  if (status >= 200 && status < 300) return;
  const hint = status === 403 ? ' (start it with --web.enable-lifecycle)' : '';
  throw new ReloadHttpError(`${url} answered ${status}${hint}: ${excerpt(body) || '(no message)'}`);
}

/** GET a text resource (e.g. /metrics); throws unless 2xx. */
export async function getText(base: string, path: string, timeoutMs: number): Promise<string> {
  const url = endpoint(base, path);
  const { status, body } = await request(url, {}, timeoutMs);
  if (status < 200 || status >= 300) throw new ReloadHttpError(`GET ${url} answered ${status}: ${excerpt(body) || '(no message)'}`);
  return body;
}

/** GET a JSON resource; throws unless 2xx and JSON. */
export async function getJson(base: string, path: string, timeoutMs: number): Promise<unknown> {
  const url = endpoint(base, path);
  const body = await getText(base, path, timeoutMs);
  try {
    return JSON.parse(body);
  } catch {
    throw new ReloadHttpError(`GET ${url} did not answer JSON: ${excerpt(body).slice(0, 200)}`);
  }
}

/** The `data` of a Prometheus API answer (`{status: "success", data}`); throws with its error otherwise. */
export async function getPrometheusData(base: string, path: string, timeoutMs: number): Promise<unknown> {
  const answer = (await getJson(base, path, timeoutMs)) as { status?: unknown; data?: unknown; error?: unknown } | null;
  if (answer?.status !== 'success') {
    throw new ReloadHttpError(`GET ${endpoint(base, path)}: ${String(answer?.error ?? 'not a Prometheus API answer')}`);
  }
  return answer.data;
}
