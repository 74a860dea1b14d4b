// The process's one beacon intake, made on first use (so the app pays nothing for RUM until a beacon arrives),
// with its settings from the environment and the final flush on shutdown installed.
import { db } from '../../db/client';
import { sentryDsn } from '../../observability/sentry';
import { ingestConfig } from './config';
import { RumIngest, type IngestStats } from './ingest';
import { publishBeaconFastPath } from './node-intake';
import { installShutdownFlush } from './shutdown';

// On globalThis: `next dev` re-evaluates modules on change, and a second buffer would strand the first one's rows.
const holder = globalThis as unknown as { __awoooiRumIngest?: RumIngest };

export function rumIngest(): RumIngest {
  if (!holder.__awoooiRumIngest) {
    const { config, problems } = ingestConfig(process.env);
    for (const problem of problems) console.warn(`[awoooi-monitor] ${problem}`);
    const ingest = new RumIngest({ config, database: db });
    installShutdownFlush(ingest.buffer, config.shutdownFlushMs);
    holder.__awoooiRumIngest = ingest;
  }
  return holder.__awoooiRumIngest;
}

/** An error the fast path could not answer (a bug): logged, and sent to Sentry when it is configured. */
function reportFastPathError(error: unknown): void {
  console.error('[awoooi-monitor] beacon fast path:', error);
  if (sentryDsn(process.env.SENTRY_DSN)) void import('../../observability/sentry-server').then((s) => s.captureException(error));
}

/**
 * For instrumentation.ts register(): makes the intake at server start rather than on the first beacon, so the
 * registered pages are loaded before beacons arrive and the shutdown flush is installed from the start; and
 * publishes it for server.mjs to answer beacons ahead of Next (node-intake.ts).
 */
export function startRumIngest(): string {
  const ingest = rumIngest();
  ingest.warmUp();
  publishBeaconFastPath(ingest, reportFastPathError);
  const { allowedOrigins, ratePerMinute, bufferMaxEvents } = ingest.config;
  const origins = allowedOrigins.length > 0 ? allowedOrigins.join(', ') : 'none besides its own';
  return `beacon intake ready (other origins: ${origins}; ${ratePerMinute || 'no'} beacons/min per client; buffer ${bufferMaxEvents} events)`;
}

const NOTHING_YET: IngestStats = {
  buffered: 0,
  accepted: 0,
  stored: 0,
  dropped: 0,
  rejected: 0,
  rateLimited: 0,
  lastFlushError: null,
  lastFlushAt: null,
};

/** The intake's counts for /metrics; all zero until the first beacon (without creating anything). */
export function ingestStats(): IngestStats {
  return holder.__awoooiRumIngest?.stats() ?? { ...NOTHING_YET };
}
