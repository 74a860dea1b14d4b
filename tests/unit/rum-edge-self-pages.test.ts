// Self-monitoring: this app's own page list stays in step with app/, and the reporter proxy.ts uses reports this
// app's unknown paths without ever reporting (or fetching) its own monitor endpoints.
import { readdirSync } from 'node:fs';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { pageMatcher } from '../../lib/rum/page-match';
import { parseBeacon } from '../../lib/rum/beacon';
import { createSelfReporter, SELF_APP_NAME, selfMonitoringEnabled, selfMonitorUrl } from '../../lib/rum/self-monitoring';
import { SELF_PAGE_PATTERNS } from '../../lib/rum/self-pages';
import { startMonitorStandIn, type MonitorStandIn } from '../helpers/monitor-stand-in';

/** app/ folders -> the URL patterns Next serves for them (route groups and parallel-route slots take no segment). */
function appRoutePatterns(dir = 'app', segments: string[] = []): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const name = entry.name;
      // private folders and intercepting routes are not addresses of their own
      if (name.startsWith('_') || name.startsWith('(.')) continue;
      const skip = (name.startsWith('(') && name.endsWith(')')) || name.startsWith('@');
      found.push(...appRoutePatterns(path.join(dir, name), skip ? segments : [...segments, name]));
    } else if (/^(page|route)\.(tsx?|jsx?|mdx)$/.test(entry.name)) {
      found.push(`/${segments.join('/')}`);
    }
  }
  return found;
}

describe('SELF_PAGE_PATTERNS', () => {
  it('lists every page and non-API route of app/, and nothing else', () => {
    const derived = [...new Set(appRoutePatterns().filter((p) => p !== '/api' && !p.startsWith('/api/')))].sort();
    expect([...SELF_PAGE_PATTERNS].sort(), 'add the new page to lib/rum/self-pages.ts').toEqual(derived);
  });

  it('knows the app\'s real addresses', () => {
    const known = pageMatcher(SELF_PAGE_PATTERNS);
    for (const p of ['/', '/services', '/services/edit', '/audit/42', '/sign-in', '/metrics']) expect(known(p), p).not.toBeNull();
    for (const p of ['/service', '/audit/42/raw', '/admin']) expect(known(p), p).toBeNull();
  });
});

describe('configuration', () => {
  it('is on unless RUM_SELF_MONITORING turns it off', () => {
    expect(selfMonitoringEnabled({})).toBe(true);
    expect(selfMonitoringEnabled({ RUM_SELF_MONITORING: '1' })).toBe(true);
    for (const off of ['0', 'false', 'OFF', ' no ']) expect(selfMonitoringEnabled({ RUM_SELF_MONITORING: off }), off).toBe(false);
    expect(createSelfReporter({ RUM_SELF_MONITORING: '0' })).toBeNull();
  });

  it('sends to RUM_SELF_URL, else to loopback on the port Next listens on', () => {
    expect(selfMonitorUrl({ RUM_SELF_URL: 'http://127.0.0.1:4000/' })).toBe('http://127.0.0.1:4000/');
    expect(selfMonitorUrl({ PORT: '3100' })).toBe('http://127.0.0.1:3100');
    expect(selfMonitorUrl({})).toBe('http://127.0.0.1:3000');
  });
});

describe('the reporter proxy.ts uses', () => {
  let monitor: MonitorStandIn | undefined;
  afterEach(async () => {
    await monitor?.close();
  });

  it('reports this app\'s unknown pages as awoooi-monitor, and never its own API calls', async () => {
    monitor = await startMonitorStandIn();
    const reporter = createSelfReporter({ RUM_SELF_URL: monitor.url })!;
    const html = { accept: 'text/html' };
    const own = (p: string, init: RequestInit = {}) => new Request(`${monitor!.url}${p}`, init);
    reporter.report(own('/services', { headers: html }));
    reporter.report(own('/no-such-page', { headers: html }));
    // what the helper itself sends through this app's proxy
    reporter.report(own('/api/v1/beacons', { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' }));
    reporter.report(own('/api/v1/registry/pages', { headers: { accept: 'application/json' } }));
    reporter.report(own('/api/v1/registry/pages', { headers: html }));
    await reporter.flush();

    expect(monitor.requests.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /api/v1/beacons']);
    const parsed = parseBeacon(monitor.beaconBodies()[0]!);
    if (!parsed.ok) throw new Error(parsed.problems.join('; '));
    expect(parsed.beacon.app).toBe(SELF_APP_NAME);
    expect(parsed.beacon.events.map((e) => e.path)).toEqual(['/no-such-page']);
  });
});
