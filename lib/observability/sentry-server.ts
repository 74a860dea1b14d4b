// Sentry on the Node.js server, loaded by instrumentation.ts only when SENTRY_DSN is set.
import * as Sentry from '@sentry/nextjs';
import { sentryOptions } from './sentry';

export function startServerSentry(dsn: string, env: NodeJS.ProcessEnv = process.env): void {
  Sentry.init({
    ...sentryOptions(dsn, { environment: env.SENTRY_ENVIRONMENT, release: env.SENTRY_RELEASE }),
    // Its module-loader hooks exist to trace dependencies (pg, http, ...); errors need none of that.
    enableRuntimeChannelInjection: false,
  });
}

/** Next's onRequestError: an error a page, route handler, server action or proxy.ts threw. */
export const captureRequestError = Sentry.captureRequestError;

/** An error caught outside Next's request handling (server.mjs's beacon fast path). */
export const captureException = Sentry.captureException;
