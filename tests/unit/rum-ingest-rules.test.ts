// The beacon intake's pure rules: settings from the environment, the CORS decision, the rate limiter's client key,
// and the buffer policy (admission, backoff, which write errors are permanent, RumPath tallies, NUL removal).
import { describe, expect, it } from 'vitest';
import type { RumEventRow } from '../../lib/rum/beacon';
import { clientKey, normaliseAddress } from '../../lib/rum/ingest/client-key';
import { INGEST_DEFAULTS, ingestConfig, normaliseOrigin } from '../../lib/rum/ingest/config';
import { corsHeaders, originDecision, preflightHeaders } from '../../lib/rum/ingest/cors';
import { acceptedContentType } from '../../lib/rum/ingest/handler';
import { admit, isPermanentWriteError, pathTallies, retryDelayMs, sqlState, storableRow } from '../../lib/rum/ingest/policy';
import { rumRow } from '../helpers/rum-rows';

describe('ingestConfig', () => {
  it('defaults without any variable', () => {
    expect(ingestConfig({})).toEqual({ config: { allowedOrigins: [], ...INGEST_DEFAULTS }, problems: [] });
  });

  it('reads every variable', () => {
    const { config, problems } = ingestConfig({
      RUM_ALLOWED_ORIGINS: ' https://Shop.Example.com:443 , http://localhost:3000,https://shop.example.com/',
      RUM_TRUST_PROXY: '2',
      RUM_RATE_LIMIT_PER_MINUTE: '0',
      RUM_BUFFER_MAX_EVENTS: '1000',
      RUM_FLUSH_ROWS: '50',
      RUM_FLUSH_INTERVAL_MS: '100',
      RUM_SHUTDOWN_FLUSH_MS: '3000',
    });
    expect(problems).toEqual([]);
    expect(config).toEqual({
      allowedOrigins: ['https://shop.example.com', 'http://localhost:3000'],
      trustProxyHops: 2,
      ratePerMinute: 0,
      bufferMaxEvents: 1000,
      flushRows: 50,
      flushIntervalMs: 100,
      shutdownFlushMs: 3000,
    });
  });

  it('names the variable and the bad value, and falls back to the default', () => {
    const { config, problems } = ingestConfig({ RUM_ALLOWED_ORIGINS: 'shop.example.com,https://ok.example,https://x.example/path', RUM_BUFFER_MAX_EVENTS: 'lots' });
    expect(config.allowedOrigins).toEqual(['https://ok.example']);
    expect(config.bufferMaxEvents).toBe(INGEST_DEFAULTS.bufferMaxEvents);
    expect(problems).toEqual([
      expect.stringMatching(/^RUM_ALLOWED_ORIGINS: "shop.example.com" is not an origin/),
      expect.stringMatching(/^RUM_ALLOWED_ORIGINS: "https:\/\/x.example\/path" is not an origin/),
      'RUM_BUFFER_MAX_EVENTS: must be a whole number from 1 to 10000000, got "lots"; using 50000',
    ]);
  });

  it('normaliseOrigin keeps only http(s) origins', () => {
    expect(normaliseOrigin('HTTPS://A.example:443')).toBe('https://a.example');
    expect(normaliseOrigin('http://a.example:8080')).toBe('http://a.example:8080');
    expect(normaliseOrigin('ftp://a.example')).toBeNull();
    expect(normaliseOrigin('https://user:pw@a.example')).toBeNull();
    expect(normaliseOrigin('null')).toBeNull();
  });
});

describe('originDecision and the CORS headers', () => {
  const own = 'http://monitor.local:3000';
  const allowed = ['https://shop.example.com'];

  it('allows this app, configured origins, and requests without Origin', () => {
    expect(originDecision('http://monitor.local:3000', own, allowed)).toEqual({ allowed: true, origin: 'http://monitor.local:3000' });
    expect(originDecision('https://shop.example.com', own, allowed)).toEqual({ allowed: true, origin: 'https://shop.example.com' });
    expect(originDecision(null, own, allowed)).toEqual({ allowed: true, origin: null });
  });

  it('refuses other origins and Origin: null, with the reason and the fix', () => {
    const evil = originDecision('https://evil.example', own, allowed);
    expect(evil).toMatchObject({ allowed: false, reason: expect.stringContaining('RUM_ALLOWED_ORIGINS') });
    expect(originDecision('null', own, allowed).allowed).toBe(false);
    // a look-alike is not the same origin
    expect(originDecision('https://shop.example.com.evil.example', own, allowed).allowed).toBe(false);
    expect(originDecision('http://shop.example.com', own, allowed).allowed).toBe(false);
  });

  it('echoes the origin, varies on it, and never allows credentials', () => {
    const decision = { allowed: true as const, origin: 'https://shop.example.com' };
    expect(corsHeaders(decision)).toEqual({ 'access-control-allow-origin': 'https://shop.example.com', vary: 'Origin' });
    const preflight = preflightHeaders(decision);
    expect(preflight).toMatchObject({ 'access-control-allow-methods': 'POST, OPTIONS', 'access-control-allow-headers': 'content-type' });
    expect(Object.keys(preflight)).not.toContain('access-control-allow-credentials');
    expect(corsHeaders({ allowed: true, origin: null })).toEqual({ vary: 'Origin' });
  });

  it('accepts text/plain (sendBeacon) and JSON only', () => {
    expect(acceptedContentType('text/plain;charset=UTF-8')).toBe(true);
    expect(acceptedContentType('Application/JSON')).toBe(true);
    expect(acceptedContentType('application/x-www-form-urlencoded')).toBe(false);
    expect(acceptedContentType(null)).toBe(false);
  });
});

describe('clientKey', () => {
  const headers = (h: Record<string, string>) => new Headers(h);

  it('takes the last X-Forwarded-For entry (what Next or the one proxy saw), not the forgeable first', () => {
    expect(clientKey(headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }), 0)).toBe('203.0.113.7');
    expect(clientKey(headers({ 'x-forwarded-for': '6.6.6.6, 203.0.113.7' }), 1)).toBe('203.0.113.7');
  });

  it('counts N trusted proxies from the right', () => {
    expect(clientKey(headers({ 'x-forwarded-for': '6.6.6.6, 198.51.100.1, 10.0.0.5' }), 2)).toBe('198.51.100.1');
    // fewer entries than proxies: the leftmost is all there is
    expect(clientKey(headers({ 'x-forwarded-for': '198.51.100.1' }), 3)).toBe('198.51.100.1');
  });

  it('falls back to X-Real-IP, then one shared key', () => {
    expect(clientKey(headers({ 'x-real-ip': '192.0.2.9' }), 0)).toBe('192.0.2.9');
    expect(clientKey(headers({}), 0)).toBe('unknown');
  });

  it('normalises addresses: ports, brackets, IPv4-mapped, IPv6 by /64', () => {
    expect(normaliseAddress('192.0.2.1:5555')).toBe('192.0.2.1');
    expect(normaliseAddress('::ffff:192.0.2.1')).toBe('192.0.2.1');
    expect(normaliseAddress('[2001:db8:aa:bb:1:2:3:4]:443')).toBe('2001:db8:aa:bb::/64');
    expect(normaliseAddress('2001:db8:aa:bb::9')).toBe(normaliseAddress('2001:0db8:00aa:00bb:ffff::1'));
    expect(normaliseAddress('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(normaliseAddress('::1')).toBe('0:0:0:0::/64');
    expect(normaliseAddress('unknown')).toBe('unknown');
  });
});

const row = (over: Partial<RumEventRow>): RumEventRow => rumRow({ at: new Date(0), ...over });

describe('buffer policy', () => {
  it('admits what fits under the maximum and drops the rest', () => {
    expect(admit(0, 10, 100)).toEqual({ take: 10, drop: 0 });
    expect(admit(95, 10, 100)).toEqual({ take: 5, drop: 5 });
    expect(admit(100, 10, 100)).toEqual({ take: 0, drop: 10 });
    expect(admit(120, 1, 100)).toEqual({ take: 0, drop: 1 });
  });

  it('backs off by doubling up to a ceiling', () => {
    expect([0, 1, 2, 3, 4, 7, 50].map((n) => retryDelayMs(n))).toEqual([0, 250, 500, 1000, 2000, 15_000, 15_000]);
  });

  it('drops only batches the database refuses for their data', () => {
    const prismaRaw = (code: string) => new Error(`Invalid \`prisma.$executeRawUnsafe()\` invocation:\n\nRaw query failed. Code: \`${code}\`. Message: \`x\``);
    expect(sqlState(prismaRaw('22021'))).toBe('22021');
    expect(isPermanentWriteError(prismaRaw('22021'))).toBe(true); // invalid byte sequence
    expect(isPermanentWriteError(Object.assign(new Error('dup'), { code: '23505' }))).toBe(true);
    expect(isPermanentWriteError(prismaRaw('42P01'))).toBe(false); // table missing: a deploy may be migrating
    expect(isPermanentWriteError(prismaRaw('40P01'))).toBe(false); // deadlock
    expect(isPermanentWriteError(new Error("Raw query failed. Code: `N/A`. Message: `Can't reach database server`"))).toBe(false);
    expect(isPermanentWriteError(new Error('Connection terminated unexpectedly'))).toBe(false);
  });

  it('removes NUL characters, which PostgreSQL text cannot hold, and leaves clean rows as they are', () => {
    const clean = row({ message: 'fine' });
    expect(storableRow(clean)).toBe(clean);
    expect(storableRow(row({ message: 'a\u0000b', path: '/x\u0000' }))).toMatchObject({ message: 'ab', path: '/x' });
  });

  it('turns lone UTF-16 surrogates into U+FFFD, and keeps proper pairs', () => {
    expect(storableRow(row({ message: 'a\ud800b', stack: 'x\udc00' }))).toMatchObject({ message: 'a\ufffdb', stack: 'x\ufffd' });
    const emoji = row({ message: 'ok \ud83d\ude00' });
    expect(storableRow(emoji)).toBe(emoji);
    expect(storableRow(row({ message: '\u0000\ud800' })).message).toBe('\ufffd');
  });

  it('tallies a batch per (app, path): page views as hits, first and last seen, the latest page', () => {
    const t = (s: number) => new Date(s * 1000);
    const tallies = pathTallies([
      row({ path: '/a', at: t(5), page: '/[x]' }),
      row({ path: '/a', at: t(2), kind: 'vital', page: '/[x]' }),
      row({ path: '/a', at: t(9), page: '/a' }),
      row({ path: '/b', at: t(3), kind: 'error' }),
      row({ app: 'other', path: '/a', at: t(1) }),
    ]);
    expect(tallies).toEqual([
      { app: 'web', path: '/a', page: '/a', hits: 2, firstSeenAt: t(2), lastSeenAt: t(9) },
      { app: 'web', path: '/b', page: null, hits: 0, firstSeenAt: t(3), lastSeenAt: t(3) },
      { app: 'other', path: '/a', page: null, hits: 1, firstSeenAt: t(1), lastSeenAt: t(1) },
    ]);
  });
});
