// The beacon endpoint's settings from the environment. Pure: a bad value is reported as a problem naming the
// variable and what is wrong with it, and the default is used, so one typo never takes beacon intake down.
export interface IngestConfig {
  /** origins (besides this app's own) whose pages may post beacons: RUM_ALLOWED_ORIGINS */
  allowedOrigins: string[];
  /** how many reverse proxies in front of the app append to X-Forwarded-For: RUM_TRUST_PROXY */
  trustProxyHops: number;
  /** beacons per minute per client address; 0 turns the limit off: RUM_RATE_LIMIT_PER_MINUTE */
  ratePerMinute: number;
  /** events held in memory at most (waiting for PostgreSQL); beyond it new events are dropped: RUM_BUFFER_MAX_EVENTS */
  bufferMaxEvents: number;
  /** a flush starts once this many events are waiting: RUM_FLUSH_ROWS */
  flushRows: number;
  /** ... or this long after the first event arrived: RUM_FLUSH_INTERVAL_MS */
  flushIntervalMs: number;
  /** how long a shutdown (SIGTERM/SIGINT) keeps trying to store what is buffered: RUM_SHUTDOWN_FLUSH_MS */
  shutdownFlushMs: number;
}

export const INGEST_DEFAULTS: Omit<IngestConfig, 'allowedOrigins'> = {
  trustProxyHops: 0,
  ratePerMinute: 600,
  bufferMaxEvents: 50_000,
  flushRows: 500,
  flushIntervalMs: 250,
  shutdownFlushMs: 10_000,
};

type Env = Record<string, string | undefined>;

/** `https://Shop.Example.com:443/` -> `https://shop.example.com`; null when it is not an http(s) origin. */
export function normaliseOrigin(value: string): string | null {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return null;
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') return null;
  // An origin is scheme://host[:port] and nothing else: a path, query or credentials mean a typo.
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash || url.username || url.password) return null;
  return url.origin;
}

function wholeNumber(env: Env, name: string, fallback: number, min: number, max: number, problems: string[]): number {
  const raw = env[name]?.trim();
  if (!raw) return fallback;
  const n = Number(raw);
  if (Number.isInteger(n) && n >= min && n <= max) return n;
  problems.push(`${name}: must be a whole number from ${min} to ${max}, got ${JSON.stringify(raw)}; using ${fallback}`);
  return fallback;
}

export function ingestConfig(env: Env = process.env): { config: IngestConfig; problems: string[] } {
  const problems: string[] = [];
  const allowedOrigins: string[] = [];
  for (const entry of (env.RUM_ALLOWED_ORIGINS ?? '').split(',').map((s) => s.trim()).filter(Boolean)) {
    const origin = normaliseOrigin(entry);
    if (origin) allowedOrigins.push(origin);
    else problems.push(`RUM_ALLOWED_ORIGINS: ${JSON.stringify(entry)} is not an origin (want scheme://host[:port], e.g. https://shop.example.com); ignored`);
  }
  const d = INGEST_DEFAULTS;
  const config: IngestConfig = {
    allowedOrigins: [...new Set(allowedOrigins)],
    trustProxyHops: wholeNumber(env, 'RUM_TRUST_PROXY', d.trustProxyHops, 0, 10, problems),
    ratePerMinute: wholeNumber(env, 'RUM_RATE_LIMIT_PER_MINUTE', d.ratePerMinute, 0, 1_000_000, problems),
    bufferMaxEvents: wholeNumber(env, 'RUM_BUFFER_MAX_EVENTS', d.bufferMaxEvents, 1, 10_000_000, problems),
    flushRows: wholeNumber(env, 'RUM_FLUSH_ROWS', d.flushRows, 1, 100_000, problems),
    flushIntervalMs: wholeNumber(env, 'RUM_FLUSH_INTERVAL_MS', d.flushIntervalMs, 1, 3_600_000, problems),
    shutdownFlushMs: wholeNumber(env, 'RUM_SHUTDOWN_FLUSH_MS', d.shutdownFlushMs, 0, 600_000, problems),
  };
  return { config, problems };
}
