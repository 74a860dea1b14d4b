// Sentry error reporting, off unless a DSN is configured: the server reads SENTRY_DSN at start (instrumentation.ts),
// the browser NEXT_PUBLIC_SENTRY_DSN, inlined at build time (instrumentation-client.ts; `npm start` rebuilds when a
// NEXT_PUBLIC_ value changes). Errors only: no tracing, replays, logs or profiles. Pure: shared by both sides.
import type { ErrorEvent } from '@sentry/nextjs';

/** The DSN if one is set (blank counts as unset). */
export function sentryDsn(value: string | undefined): string | undefined {
  const dsn = value?.trim();
  return dsn ? dsn : undefined;
}

// Credentials that reach a request here: API tokens and session/share-link cookies. Query strings can carry a share
// link's token (proxy.ts) and personal data, so they go too.
const SECRET_HEADERS = new Set(['authorization', 'cookie', 'set-cookie', 'proxy-authorization', 'x-api-key']);

function withoutQuery(url: string): string {
  const cut = url.search(/[?#]/);
  return cut === -1 ? url : url.slice(0, cut);
}

/** Drops credentials and query strings from an event before it leaves the process (beforeSend). */
export function scrubSentryEvent<E extends ErrorEvent>(event: E): E {
  const request = event.request;
  if (request) {
    delete request.cookies;
    delete request.query_string;
    if (request.url) request.url = withoutQuery(request.url);
    if (request.headers) {
      for (const name of Object.keys(request.headers)) if (SECRET_HEADERS.has(name.toLowerCase())) delete request.headers[name];
    }
  }
  // @sentry/nextjs's onRequestError puts the request's path, query included, in contexts.nextjs.
  const nextjs = event.contexts?.nextjs as Record<string, unknown> | undefined;
  if (nextjs && typeof nextjs.request_path === 'string') nextjs.request_path = withoutQuery(nextjs.request_path);
  for (const crumb of event.breadcrumbs ?? []) {
    const data = crumb.data as Record<string, unknown> | undefined;
    if (data && typeof data.url === 'string') data.url = withoutQuery(data.url);
    if (data && typeof data.to === 'string') data.to = withoutQuery(data.to);
    if (data && typeof data.from === 'string') data.from = withoutQuery(data.from);
  }
  return event;
}

/** Options for Sentry.init on either side. `environment` / `release` are optional labels for the Sentry UI. */
export function sentryOptions(dsn: string, labels: { environment?: string; release?: string } = {}) {
  return {
    dsn,
    environment: labels.environment || undefined,
    release: labels.release || undefined,
    sendDefaultPii: false,
    // No tracesSampleRate: tracing stays off (spans would be sent to Sentry otherwise).
    beforeSend: scrubSentryEvent,
  };
}
