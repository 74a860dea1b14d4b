// The edge helper against a monitor on loopback whose GET /api/v1/registry/pages is the real handler over the real
// PostgreSQL, and whose POST /api/v1/beacons checks each beacon with the real parseBeacon: the patterns arrive,
// are revalidated with If-None-Match (304), pick up a newly registered page, and every beacon sent is valid.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '../../lib/auth/roles';
import { createToken } from '../../lib/auth/tokens';
import { parseBeacon, type Beacon } from '../../lib/rum/beacon';
import { createUnknownPageReporter } from '../../lib/rum/edge/unknown-pages';
import { importRegistryYaml } from '../../lib/registry/import';
import { getRegistryPagesResponse } from '../../lib/rum/pages-http';
import { startMonitorStandIn, type MonitorStandIn } from '../helpers/monitor-stand-in';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

let t: TestDatabase;
let monitor: MonitorStandIn;
let token: string;
const pageStatuses: number[] = [];
/** the statuses of the pages requests that came without a token */
const anonymousPageStatuses: number[] = [];
const beacons: Beacon[] = [];
const refused: string[][] = [];

const visit = (path: string, headers: Record<string, string> = {}) =>
  new Request(`https://awoooi-web.example${path}`, { headers: { accept: 'text/html', ...headers } });

beforeAll(async () => {
  t = await createTestDatabase();
  const imported = await importRegistryYaml(t.db, readFileSync('registry/service-registry.yaml', 'utf8'));
  if (!imported.ok) throw new Error('seed import failed');
  ({ token } = await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'edge helper', role: 'viewer' }));
  monitor = await startMonitorStandIn({
    pages: async (request) => {
      const response = await getRegistryPagesResponse(request, () => t.db);
      (request.headers.has('authorization') ? pageStatuses : anonymousPageStatuses).push(response.status);
      return response;
    },
    beacons: async (request) => {
      const parsed = parseBeacon(await request.text());
      if (!parsed.ok) {
        refused.push(parsed.problems);
        return Response.json({ problems: parsed.problems }, { status: 400 });
      }
      beacons.push(parsed.beacon);
      return new Response(null, { status: 202 });
    },
  });
});
afterAll(async () => {
  await monitor?.close();
  await t?.drop();
});

describe('the reporter against the monitor', () => {
  it('fetches the patterns, revalidates them with If-None-Match, and sends valid beacons for unknown paths only', async () => {
    // The reporter's clock moves only when the test moves it, so refreshes happen exactly where the test says.
    let now = Date.now();
    const reporter = createUnknownPageReporter({ monitorUrl: monitor.url, app: 'awoooi-web', token, refreshSeconds: 60, flushSeconds: 3600, clock: () => now });
    const seeded = await t.db.page.findMany({ select: { path: true } });

    // The first page loads arrive before any pattern list: held, then checked when it comes.
    reporter.report(visit('/'));
    reporter.report(visit('/old-reports'));
    await monitor.waitFor('/api/v1/registry/pages', 1);
    await expect.poll(() => reporter.stats().patterns).toBe(seeded.length);
    expect(pageStatuses).toEqual([200]);
    expect(monitor.requests[0]!.headers.authorization).toBe(`Bearer ${token}`);
    const etag = monitor.requests[0]!.headers['if-none-match'];
    expect(etag).toBeUndefined();

    for (const { path } of seeded) reporter.report(visit(path));
    reporter.report(visit('/old-reports/2024', { 'user-agent': 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) Mobile/15E148' }));
    await reporter.flush();
    expect(refused).toEqual([]);
    expect(beacons.map((b) => [b.device, b.events.map((e) => e.path)])).toEqual([
      ['desktop', ['/old-reports']],
      ['mobile', ['/old-reports/2024']],
    ]);
    for (const beacon of beacons) {
      expect(beacon).toMatchObject({ v: 1, app: 'awoooi-web', rate: 1 });
      expect(beacon.events.every((e) => e.t === 'pageview' && e.nav === 'load')).toBe(true);
      expect(monitor.requests.find((r) => r.path === '/api/v1/beacons')!.headers['content-type']).toBe('application/json');
    }
    expect(beacons[0]!.view).not.toBe(beacons[1]!.view);

    // A minute later the next page load revalidates: same registry, 304, same patterns.
    now += 60_000;
    reporter.report(visit('/'));
    await monitor.waitFor('/api/v1/registry/pages', 2);
    await expect.poll(() => pageStatuses.length).toBe(2);
    expect(pageStatuses).toEqual([200, 304]);
    const revalidation = monitor.requests.filter((r) => r.path === '/api/v1/registry/pages')[1]!;
    expect(revalidation.headers['if-none-match']).toBe(`"${reporter.stats().revision}"`);

    // A page registered meanwhile is known after the next refresh.
    await t.db.page.create({ data: { path: '/reports/[year]', name: 'Reports by year' } });
    now += 60_000;
    reporter.report(visit('/'));
    await expect.poll(() => reporter.stats().patterns).toBe(seeded.length + 1);
    expect(pageStatuses).toEqual([200, 304, 200]);
    reporter.report(visit('/reports/2025'));
    expect(reporter.stats().queued).toBe(0);
    expect(reporter.stats()).toMatchObject({ refreshErrors: 0, sendErrors: 0, sent: 2 });
  });

  it('without a token it gets no patterns, counts the failure and reports nothing', async () => {
    const reporter = createUnknownPageReporter({ monitorUrl: monitor.url, app: 'awoooi-web', flushSeconds: 3600 });
    reporter.report(visit('/anything'));
    await expect.poll(() => reporter.stats().refreshErrors).toBe(1);
    expect(anonymousPageStatuses).toEqual([401]);
    expect(reporter.stats()).toMatchObject({ patterns: null, held: 1, unknown: 0 });
  });
});
