// The app's own Prometheus metrics (prom-client), served at GET /metrics. Coverage figures are exported as gauges,
// read from the latest snapshot at scrape time, so a drop in coverage can alert like anything else. Beside them,
// whatever is on prom-client's global register: request metrics by route pattern (route-metrics.ts,
// next-request-metrics.ts) and real-user monitoring (rum-metrics.ts).
// Optional METRICS_TOKEN: when set, scrapes must send `Authorization: Bearer <token>`.
import { createHash, timingSafeEqual } from 'node:crypto';
import { Gauge, register, Registry } from 'prom-client';
import { DIMENSION_KEYS } from '../coverage/board-types';
import { ratioFromCounts } from '../coverage/figures';
import { latestSnapshot } from '../coverage/snapshots';
import { db, type Db } from '../db/client';
import { latestFinishedRun } from '../discovery/store';

export function buildMetrics(database: () => Db): Registry {
  const registry = new Registry();
  // Every gauge's collect awaits the same refresh (prom-client collects metrics concurrently): a scrape reads the
  // database once, and no gauge is read before it is set.
  const collect = () => refresh();
  const gauge = (name: string, help: string, labelNames: string[] = []) => new Gauge({ name, help, labelNames, registers: [registry], collect });
  const ratio = gauge('awoooi_coverage_ratio', 'Monitoring coverage per dimension, 0..1 (absent when there is nothing to count)', ['dimension']);
  const covered = gauge('awoooi_coverage_covered', 'Entries (or running workloads) that have the dimension', ['dimension']);
  const total = gauge('awoooi_coverage_total', 'Entries (or running workloads) counted for the dimension', ['dimension']);
  const lastRun = gauge('awoooi_discovery_last_run_timestamp_seconds', 'When the latest finished discovery run started (Unix seconds)');
  const unregistered = gauge('awoooi_discovery_unregistered_workloads', 'Unregistered workloads found by the latest finished discovery run');

  let pending: Promise<void> | null = null;
  const refresh = () =>
    (pending ??= (async () => {
      const [snapshot, run] = await Promise.all([latestSnapshot(database()), latestFinishedRun(database())]);
      ratio.reset();
      covered.reset();
      total.reset();
      if (snapshot) {
        for (const key of DIMENSION_KEYS) {
          const counts = snapshot.values[key];
          if (!counts) continue;
          covered.set({ dimension: key }, counts.covered);
          total.set({ dimension: key }, counts.total);
          const r = ratioFromCounts(counts);
          if (r !== null) ratio.set({ dimension: key }, r);
        }
      }
      lastRun.reset();
      unregistered.reset();
      if (run) {
        lastRun.set(run.startedAt.getTime() / 1000);
        unregistered.set(run.unregistered);
      }
    })().finally(() => {
      pending = null;
    }));
  return registry;
}

const holder = globalThis as unknown as { __awoooiMetrics?: Registry };

function tokenOk(request: Request): boolean {
  const expected = process.env.METRICS_TOKEN;
  if (!expected) return true;
  const header = request.headers.get('authorization') ?? '';
  const given = header.toLowerCase().startsWith('bearer ') ? header.slice(7).trim() : '';
  const digest = (s: string) => createHash('sha256').update(s).digest();
  return timingSafeEqual(digest(given), digest(expected));
}

export async function metricsResponse(request: Request, database: () => Db = db): Promise<Response> {
  if (!tokenOk(request)) return new Response('send Authorization: Bearer <METRICS_TOKEN>\n', { status: 401, headers: { 'www-authenticate': 'Bearer realm="metrics"' } });
  const registry = database === db ? (holder.__awoooiMetrics ??= buildMetrics(db)) : buildMetrics(database);
  try {
    // Merged per scrape (it only copies references): metrics registered later still show up.
    const merged = Registry.merge([registry, register]);
    const body = await merged.metrics();
    return new Response(body, { headers: { 'content-type': merged.contentType, 'cache-control': 'no-store' } });
  } catch (error) {
    console.error('GET /metrics failed:', error);
    return new Response('metrics unavailable: the database did not answer\n', { status: 503 });
  }
}
