// Next.js calls register() once when a server process starts, and onRequestError for every error a page, route
// handler, server action or proxy.ts throws.
import type { Instrumentation } from 'next';
import { sentryDsn } from './lib/observability/sentry';

export async function register() {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return;
  // Sentry before the request metering: Sentry only registers an OpenTelemetry provider of its own, which the
  // metering then wraps (lib/observability/next-request-metrics.ts). Without SENTRY_DSN, Sentry is never loaded.
  const dsn = sentryDsn(process.env.SENTRY_DSN);
  if (dsn) (await import('./lib/observability/sentry-server')).startServerSentry(dsn);
  const { meterNextRequests } = await import('./lib/observability/next-request-metrics');
  if (!meterNextRequests()) console.warn('[awoooi-monitor] pages are not counted in http_requests_total: another OpenTelemetry tracer provider is registered');
  // Loads the registered pages before the first beacon and installs the flush-on-SIGTERM of acknowledged beacons.
  const { startRumIngest } = await import('./lib/rum/ingest/instance');
  console.log(`[awoooi-monitor] ${startRumIngest()}`);
  const { startRumMaintenanceSchedule } = await import('./lib/rum/maintenance');
  console.log(`[awoooi-monitor] ${startRumMaintenanceSchedule()}`);
  const { startDiscoverySchedule } = await import('./lib/discovery/schedule');
  console.log(`[awoooi-monitor] ${await startDiscoverySchedule()}`);
  // A push left `running` by a replica that died is marked abandoned (a live one on another replica holds the lock).
  const { abandonOrphanedPushesAtStart } = await import('./lib/deploy/push');
  const { db } = await import('./lib/db/client');
  console.log(`[awoooi-monitor] ${await abandonOrphanedPushesAtStart(db())}`);
}

export const onRequestError: Instrumentation.onRequestError = async (...args) => {
  if (process.env.NEXT_RUNTIME !== 'nodejs' || !sentryDsn(process.env.SENTRY_DSN)) return;
  (await import('./lib/observability/sentry-server')).captureRequestError(...args);
};
