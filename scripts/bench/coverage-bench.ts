// The coverage board at scale: 10,000 services stored and 90 days of snapshots (one an hour), then
// GET /api/v1/coverage through its route handler (role check included), the board's data as the dashboard reads
// it, and, over HTTP from the production build (server.mjs), the API and the dashboard's server render, beside the
// health check over the same HTTP (the floor of any request there).
// Target: under 200 ms each.
//
// Same database conventions as registry-bench: BENCH_DATABASE_URL's server gets a fresh awoooi_bench_coverage,
// dropped at the end; BENCH_SERVICES and BENCH_RUNS change the size and the repetitions.
import { SYSTEM_ACTOR } from '../../lib/auth/roles';
import { SHARE_COOKIE } from '../../lib/auth/token-format';
import { createToken } from '../../lib/auth/tokens';
import { getCoverageBoard } from '../../lib/coverage/board';
import { getCoverageResponse } from '../../lib/coverage/http';
import { benchDatabaseWithRegistry } from './bench-database';
import type { Benchmark, BenchResult, Check, Measure } from './run';
import { startNextServer } from './next-server';
import { coldAndMedian, log, median, positiveInt, timed } from './stats';

const BENCH_DB = 'awoooi_bench_coverage';
const TARGET_MS = 200;
const DAYS = 90;

async function run(): Promise<BenchResult> {
  const services = positiveInt(process.env.BENCH_SERVICES, 10_000);
  const runs = positiveInt(process.env.BENCH_RUNS, 10);
  const measures: Measure[] = [];
  const checks: Check[] = [];
  const stored = await benchDatabaseWithRegistry(BENCH_DB, services);
  try {
    const bench = stored.db;

    // 90 days of hourly history with the real figures' shape, older than the import's own snapshot.
    const latest = await bench.coverageSnapshot.findFirstOrThrow({ orderBy: { id: 'desc' } });
    await bench.$executeRaw`
      INSERT INTO "CoverageSnapshot" (at, trigger, "values", teams)
      SELECT now() - make_interval(hours => i), 'registry', ${JSON.stringify(latest.values)}::jsonb, ${JSON.stringify(latest.teams)}::jsonb
      FROM generate_series(1, ${DAYS * 24}) AS i`;
    const snapshots = await bench.coverageSnapshot.count();
    log(`${snapshots} snapshots stored`);

    const { token } = await createToken(bench, SYSTEM_ACTOR, { kind: 'api', name: 'coverage bench', role: 'viewer' });
    const request = () => new Request('http://bench/api/v1/coverage', { headers: { authorization: `Bearer ${token}` } });
    const api = await timed('GET /api/v1/coverage', runs, async () => {
      const response = await getCoverageResponse(request(), () => bench);
      if (response.status !== 200) throw new Error(`GET /api/v1/coverage answered ${response.status}`);
      return response.json() as Promise<{ trend: unknown[]; dimensions: { key: string; total: number }[] }>;
    });
    measures.push(...coldAndMedian('GET /api/v1/coverage (handler, token check, JSON)', api.times, TARGET_MS, `${services.toLocaleString('en-US')} services, ${snapshots} snapshots`));
    const board = await timed('dashboard data (90-day trend)', runs, () => getCoverageBoard(bench, { trendDays: DAYS }));
    measures.push(...coldAndMedian('dashboard data: getCoverageBoard, 90-day trend', board.times, TARGET_MS));

    // Over HTTP from the production build: what a browser (signed in by a share link) and an API client wait for.
    const server = await startNextServer(stored.url);
    try {
      const share = (await createToken(bench, SYSTEM_ACTOR, { kind: 'share', name: 'coverage bench', role: 'viewer' })).token;
      const get = async (pathName: string, headers: Record<string, string>) => {
        const response = await fetch(`${server.url}${pathName}`, { headers, redirect: 'manual' });
        const text = await response.text();
        if (response.status !== 200) throw new Error(`GET ${pathName} answered ${response.status}`);
        return text;
      };
      // The floor of any request to this server: the health check (one SELECT 1) over the same HTTP.
      const health = await timed('GET /api/v1/health over HTTP', runs, () => get('/api/v1/health', {}));
      const FLOOR = `GET /api/v1/health over HTTP (floor): median of ${runs}`;
      const page = await timed('GET /coverage (server render)', runs, () => get('/coverage', { cookie: `${SHARE_COOKIE}=${share}` }));
      measures.push(...coldAndMedian('dashboard server render: GET /coverage over HTTP', page.times, TARGET_MS, 'server.mjs, share-link viewer'));
      measures.at(-1)!.vs = FLOOR;
      checks.push({ name: 'the rendered dashboard shows the Prometheus tile', ok: page.last.includes('tile-services.prometheus'), detail: `${page.last.length} bytes of HTML` });
      const http = await timed('GET /api/v1/coverage over HTTP', runs, () => get('/api/v1/coverage', { authorization: `Bearer ${token}` }));
      measures.push(...coldAndMedian('GET /api/v1/coverage over HTTP', http.times, TARGET_MS, 'server.mjs, API token'));
      measures.at(-1)!.vs = FLOOR;
      measures.push({ name: FLOOR, value: median(health.times), unit: 'ms' });
    } finally {
      await server.stop();
    }

    const body = api.last;
    checks.push({ name: 'the API answers a 30-day trend with a point per day', ok: body.trend.length >= 30 && body.trend.length <= 31, detail: `${body.trend.length} points` });
    const prom = body.dimensions.find((d) => d.key === 'services.prometheus');
    checks.push({ name: 'the figures count every service', ok: prom?.total === services, detail: `total ${prom?.total}` });
    return { measures, checks, environment: { registry: `${services} services`, snapshots: `${snapshots} (${DAYS} days, hourly)`, runs: `${runs} (the 1st is cold)` } };
  } finally {
    await stored.drop();
  }
}

export const coverageBench: Benchmark = {
  name: 'coverage',
  description: 'the coverage board at 10,000 services and 90 days of snapshots: API and dashboard data',
  run,
};
