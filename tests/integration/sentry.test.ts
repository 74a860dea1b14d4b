// Sentry wiring of the server, in process, against a loopback stand-in for Sentry's ingest: instrumentation.ts's
// register() starts the SDK when SENTRY_DSN is set, onRequestError reports what Next hands it, credentials and query
// strings never leave, and the request metering keeps working on top of Sentry's OpenTelemetry provider. Without
// SENTRY_DSN the SDK is never even loaded (checked in a child process, since Sentry's state is process-global).
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { SpanKind } from '@opentelemetry/api';
import * as Sentry from '@sentry/nextjs';
import { BaseServerSpan } from 'next/dist/server/lib/trace/constants';
import { getTracer } from 'next/dist/server/lib/trace/tracer';
import { register as promRegister } from 'prom-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { onRequestError, register } from '@/instrumentation';
import { startSentryReceiver, type SentryReceiver } from '../helpers/sentry-receiver';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let sentry: SentryReceiver;
let t: TestDatabase;
const saved = { ...process.env };

beforeAll(async () => {
  [sentry, t] = await Promise.all([startSentryReceiver({ project: '7' }), createTestDatabase()]);
  Object.assign(process.env, { NEXT_RUNTIME: 'nodejs', SENTRY_DSN: sentry.dsn, SENTRY_ENVIRONMENT: 'vitest', DATABASE_URL: t.url, DISCOVERY_INTERVAL_MINUTES: '0' });
  await register();
});

afterAll(async () => {
  await Sentry.close(2000);
  process.env = saved;
  await Promise.all([sentry?.close(), t?.drop()]);
});

// Made at run time: a literal would be in this file's source, which Sentry quotes around each stack frame.
const secrets = { token: `awo_${randomUUID()}`, session: randomUUID(), share: randomUUID() };
const requestError = (message: string) =>
  onRequestError(
    new Error(message),
    { path: `/audit/12?share=${secrets.share}`, method: 'GET', headers: { host: 'monitor.test', authorization: `Bearer ${secrets.token}`, cookie: `better-auth.session_token=${secrets.session}` } },
    { routerKind: 'App Router', routePath: '/audit/[id]', routeType: 'render', renderSource: 'react-server-components', revalidateReason: undefined },
  );

describe('Sentry on the server (SENTRY_DSN set)', () => {
  it('reports an error Next hands to onRequestError, with the route it happened on', async () => {
    await requestError('render failed for the audit entry');
    await Sentry.flush(5000);
    const event = await sentry.waitForEvent((e) => e.exception?.values?.[0]?.value === 'render failed for the audit entry');
    expect(event.exception!.values![0]!.mechanism).toMatchObject({ type: 'auto.function.nextjs.on_request_error', handled: false });
    expect(event.contexts!.nextjs).toMatchObject({ router_path: '/audit/[id]', route_type: 'render', request_path: '/audit/12' });
    expect(event.environment).toBe('vitest');
    const envelope = sentry.envelopes.find((e) => e.raw.includes('render failed for the audit entry'))!;
    expect(envelope.project).toBe('7');
    expect(envelope.auth.sentry_key).toBe('publickey');
  });

  it('sends no credentials and no query strings', async () => {
    await requestError('leak check');
    await Sentry.flush(5000);
    await sentry.waitForEvent((e) => e.exception?.values?.[0]?.value === 'leak check');
    const raw = sentry.envelopes.map((e) => e.raw).join('\n');
    for (const secret of Object.values(secrets)) expect(raw).not.toContain(secret);
  });

  it('keeps metering page requests on top of Sentry’s OpenTelemetry provider, and errors inside them still report', async () => {
    const tracer = getTracer();
    await tracer.trace(BaseServerSpan.handleRequest, { spanName: 'GET', kind: SpanKind.SERVER, attributes: { 'http.method': 'GET', 'http.target': '/hosts' } }, async (span) => {
      tracer.setRootSpanAttribute('next.route', '/hosts');
      Sentry.captureException(new Error('inside a request span'));
      span.setAttributes({ 'http.status_code': 200, 'next.route': tracer.getRootSpanAttributes()?.get('next.route') as string });
    });
    await Sentry.flush(5000);
    await sentry.waitForEvent((e) => e.exception?.values?.[0]?.value === 'inside a request span');
    expect(await promRegister.metrics()).toContain('http_requests_total{method="GET",path="/hosts",status="200"} 1');
  });
});

describe('without SENTRY_DSN', () => {
  it('never loads the SDK: register() and onRequestError do nothing Sentry', () => {
    const script = `
      const m = await import('./instrumentation.ts');
      await m.register();
      await m.onRequestError(new Error('x'), { path: '/', method: 'GET', headers: {} }, { routerKind: 'App Router', routePath: '/', routeType: 'render', revalidateReason: undefined });
      console.log(JSON.stringify({ sentryLoaded: '__SENTRY__' in globalThis }));
    `;
    const env: NodeJS.ProcessEnv = { ...saved, NEXT_RUNTIME: 'nodejs', DATABASE_URL: t.url, DISCOVERY_INTERVAL_MINUTES: '0' };
    delete env.SENTRY_DSN;
    const child = spawnSync(process.execPath, ['--import', 'tsx', '--input-type=module', '-e', script], { env, encoding: 'utf8', timeout: 60_000 });
    expect(child.status, child.stderr).toBe(0);
    expect(JSON.parse(child.stdout.trim().split('\n').at(-1)!)).toEqual({ sentryLoaded: false });
  });
});
