// Coverage history against the real PostgreSQL: a snapshot per registry change (in its transaction), one per
// discovery run, the daily trend, the change over 7 days, GET /api/v1/coverage (JSON and Markdown) and /metrics.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/auth/roles';
import { createToken } from '@/lib/auth/tokens';
import { getCoverageBoard } from '@/lib/coverage/board';
import { getCoverageResponse } from '@/lib/coverage/http';
import { coverageMarkdown, coverageReport } from '@/lib/coverage/report';
import { recordCoverageSnapshot } from '@/lib/coverage/snapshots';
import { metricsResponse } from '@/lib/observability/metrics';
import { emptyRegistry, type Registry, type Service } from '@/lib/registry/model';
import { applyRegistry, loadRegistry } from '@/lib/registry/store';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const monitoring = { prometheus: false, sentry: false, otel: false, langfuse: false };
const svc = (name: string, prometheus: boolean): Service => ({ name, type: 'k8s-deployment', namespace: 'ns', monitoring: { ...monitoring, prometheus }, alerts: [], owner: 'ops' });
const registryWith = (services: Service[]): Registry => ({ ...emptyRegistry(), owners: [{ name: 'ops' }], services });

let t: TestDatabase;
let viewer: string;
beforeAll(async () => {
  t = await createTestDatabase();
  viewer = `Bearer ${(await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'coverage viewer', role: 'viewer' })).token}`;
});
afterAll(() => t.drop());

const prometheusOf = async () => (await getCoverageBoard(t.db)).dimensions.find((d) => d.key === 'services.prometheus')!;

describe('coverage snapshots', () => {
  it('stores one per registry change, and none for a change that changes nothing', async () => {
    await applyRegistry(t.db, registryWith([svc('a', true), svc('b', false)]));
    expect(await t.db.coverageSnapshot.count()).toBe(1);
    await applyRegistry(t.db, registryWith([svc('a', true), svc('b', false)]));
    expect(await t.db.coverageSnapshot.count()).toBe(1);
    await applyRegistry(t.db, registryWith([svc('a', true), svc('b', true)]));
    expect(await t.db.coverageSnapshot.count()).toBe(2);
    expect(await prometheusOf()).toMatchObject({ covered: 2, total: 2, ratio: 1, gapCount: 0 });
    // only the newest keeps its gap lists
    expect(await t.db.coverageSnapshot.count({ where: { NOT: { gaps: { equals: null as never } } } })).toBeLessThanOrEqual(1);
  });

  it('rolls the snapshot back with a change that fails', async () => {
    const before = await t.db.coverageSnapshot.count();
    await expect(applyRegistry(t.db, registryWith([svc('a', true)]), { expectedRevision: 'not-the-revision' })).rejects.toThrow();
    expect(await t.db.coverageSnapshot.count()).toBe(before);
  });

  it('gives one trend point per day and the change over 7 days from real history', async () => {
    const now = new Date();
    const daysAgo = (n: number, hour = 12) => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() - n, hour));
    await t.db.coverageSnapshot.deleteMany();
    // 10 days ago: 1 of 4 scraped; 8 days ago: two snapshots, the day's last one (3 of 4) counts; today: 4 of 4
    await recordCoverageSnapshot(t.db, registryWith([svc('a', true), svc('b', false), svc('c', false), svc('d', false)]), 'registry', daysAgo(10));
    await recordCoverageSnapshot(t.db, registryWith([svc('a', true), svc('b', true), svc('c', false), svc('d', false)]), 'registry', daysAgo(8, 9));
    await recordCoverageSnapshot(t.db, registryWith([svc('a', true), svc('b', true), svc('c', true), svc('d', false)]), 'registry', daysAgo(8, 18));
    await recordCoverageSnapshot(t.db, registryWith([svc('a', true), svc('b', true), svc('c', true), svc('d', true)]), 'registry', now);
    const board = await getCoverageBoard(t.db, { trendDays: 30, now });
    const prom = board.dimensions.find((d) => d.key === 'services.prometheus')!;
    expect(prom.ratio).toBe(1);
    expect(prom.change7d).toBeCloseTo(1 - 0.75); // the newest snapshot at or before 7 days ago is 8 days ago, 18:00
    expect(board.trend.map((p) => [p.day, p.values['services.prometheus']])).toEqual([
      [daysAgo(10).toISOString().slice(0, 10), 0.25],
      [daysAgo(8).toISOString().slice(0, 10), 0.75],
      [now.toISOString().slice(0, 10), 1],
    ]);
    await applyRegistry(t.db, await loadRegistry(t.db)); // nothing changes: no new snapshot
    expect((await getCoverageBoard(t.db, { now })).trend).toHaveLength(3);
  });
});

describe('GET /api/v1/coverage', () => {
  const get = (query = '', authorization: string | null = viewer) =>
    getCoverageResponse(new Request(`http://test/api/v1/coverage${query}`, { headers: authorization ? { authorization } : {} }), () => t.db);

  it('answers JSON for viewers, the seed Markdown with ?format=md, and says what is wrong with a bad query', async () => {
    expect((await get('', null)).status).toBe(401);
    const body = await (await get()).json();
    expect(body.dimensions.map((d: { key: string }) => d.key)).toContain('discovery');
    const md = await (await get('?format=md')).text();
    const expected = coverageMarkdown(coverageReport(await loadRegistry(t.db)));
    expect(md.replace(/^Generated: .*\n\n/m, '')).toBe(expected);
    expect(await (await get('?format=xml')).json()).toEqual({ error: 'format must be json or md, got "xml"' });
    expect((await get('?days=0')).status).toBe(400);
  });
});

describe('GET /metrics', () => {
  it('exports the latest coverage as gauges', async () => {
    const text = await (await metricsResponse(new Request('http://test/metrics'), () => t.db)).text();
    expect(text).toContain('awoooi_coverage_ratio{dimension="services.prometheus"} 1');
    expect(text).toContain('awoooi_coverage_total{dimension="services.prometheus"} 4');
    expect(text).not.toMatch(/awoooi_coverage_ratio\{dimension="pages\.web_vitals"\}/); // n/a: absent, not 0
  });

  it('asks for the token when METRICS_TOKEN is set', async () => {
    process.env.METRICS_TOKEN = 'scrape-secret';
    try {
      expect((await metricsResponse(new Request('http://test/metrics'), () => t.db)).status).toBe(401);
      expect((await metricsResponse(new Request('http://test/metrics', { headers: { authorization: 'Bearer scrape-secret' } }), () => t.db)).status).toBe(200);
    } finally {
      delete process.env.METRICS_TOKEN;
    }
  });
});
