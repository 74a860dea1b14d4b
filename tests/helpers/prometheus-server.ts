// A real Prometheus server on loopback whose TSDB holds known series, for tests that query it.
//
//   const prom = await startPrometheus(openMetrics([counter('http_requests_total', [...series])]));
//   const client = createPrometheusClient(prom.url);       // query with an explicit time inside the data
//   await prom.stop();
//
// The series are written as OpenMetrics text (timestamps in unix seconds), backfilled into blocks with
// `promtool tsdb create-blocks-from openmetrics`, and the server is started on that data folder. Backfilled
// blocks must not overlap the head, so tests put their data in the past (e.g. 30 days ending 3 h ago) and
// query at a fixed time. The server is .tools/bin/prometheus (installed with promtool by `npm test`'s pretest),
// env PROMETHEUS, or one on PATH; a missing binary fails the test with the install command, never skips it.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { INSTALL_COMMAND } from '@/lib/generate/check';
import { exited, freePort } from './loopback-process';
import { promtool } from './prometheus-tools';

export interface Series {
  /** the sample name; default the family's (counters: `<family>_total`; histograms: `_bucket`, `_count`, `_sum`) */
  name?: string;
  labels: Record<string, string>;
  /** [unix seconds, value], ascending in time */
  points: readonly (readonly [number, number])[];
}

export interface MetricFamily {
  name: string;
  type: 'counter' | 'gauge' | 'histogram' | 'unknown';
  series: Series[];
}

export interface PrometheusServer {
  /** http://127.0.0.1:PORT */
  url: string;
  /** the server's log so far, for failing tests */
  log(): string;
  stop(): Promise<void>;
}

function isExecutable(file: string): boolean {
  try {
    fs.accessSync(file, fs.constants.X_OK);
    return fs.statSync(file).isFile();
  } catch {
    return false;
  }
}

/** env PROMETHEUS, <repo>/.tools/bin/prometheus, PATH; throws saying how to install it. */
export function findPrometheus(): string {
  const fromEnv = process.env.PROMETHEUS;
  if (fromEnv && isExecutable(fromEnv)) return fromEnv;
  const local = fileURLToPath(new URL('../../.tools/bin/prometheus', import.meta.url));
  if (isExecutable(local)) return local;
  for (const dir of (process.env.PATH ?? '').split(path.delimiter)) {
    if (dir && isExecutable(path.join(dir, 'prometheus'))) return path.join(dir, 'prometheus');
  }
  throw new Error(`the Prometheus server binary was not found (env PROMETHEUS, .tools/bin/prometheus, PATH). Install it with: ${INSTALL_COMMAND}`);
}

const labelValue = (v: string) => v.replace(/\\/g, '\\\\').replace(/"/g, '\\"').replace(/\n/g, '\\n');

const sampleLine = (f: MetricFamily, s: Series, [t, v]: readonly [number, number]) =>
  `${s.name ?? f.name}{${Object.entries(s.labels)
    .map(([k, value]) => `${k}="${labelValue(value)}"`)
    .join(',')}} ${v} ${t}`;

/**
 * OpenMetrics text ending with `# EOF`: each family's samples together, series by series in time order. A
 * histogram's buckets, count and sum of one label set form one point per timestamp (as the format wants), so
 * they are interleaved: all of that label set's series at t, then at the next t; give its series in
 * bucket, count, sum order with the same timestamps.
 */
export function openMetrics(families: readonly MetricFamily[]): string {
  const lines: string[] = [];
  for (const f of families) {
    lines.push(`# TYPE ${f.name} ${f.type}`);
    if (f.type !== 'histogram') {
      for (const s of f.series) for (const p of s.points) lines.push(sampleLine(f, s, p));
      continue;
    }
    const groups = new Map<string, Series[]>();
    for (const s of f.series) {
      const { le: _le, ...rest } = s.labels;
      const key = JSON.stringify(rest);
      groups.set(key, [...(groups.get(key) ?? []), s]);
    }
    for (const group of groups.values()) {
      const times = group[0]!.points.length;
      if (group.some((s) => s.points.length !== times)) throw new Error(`histogram ${f.name}: every series of one label set needs the same timestamps`);
      for (let i = 0; i < times; i++) for (const s of group) lines.push(sampleLine(f, s, s.points[i]!));
    }
  }
  lines.push('# EOF');
  return `${lines.join('\n')}\n`;
}

/** Backfills `text` (OpenMetrics) into a fresh TSDB and serves it; resolves once /-/ready answers 200. */
export async function startPrometheus(text: string, options: { readyTimeoutMs?: number } = {}): Promise<PrometheusServer> {
  const binary = findPrometheus();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'awoooi-prometheus-'));
  const data = path.join(dir, 'data');
  const input = path.join(dir, 'series.om');
  const config = path.join(dir, 'prometheus.yml');
  fs.writeFileSync(input, text);
  // No scrape jobs: the TSDB holds exactly what the test wrote.
  fs.writeFileSync(config, 'global:\n  scrape_interval: 1h\n  evaluation_interval: 1h\n');
  // Blocks of up to 10 days instead of promtool's 2 h: a month of data becomes 4 blocks, not 360 (0.2 s, not 17 s).
  const backfill = promtool(['tsdb', 'create-blocks-from', 'openmetrics', '--max-block-duration=240h', input, data]);
  if (backfill.code !== 0) {
    fs.rmSync(dir, { recursive: true, force: true });
    throw new Error(`promtool could not backfill the test series (exit ${backfill.code}):\n${backfill.stderr || backfill.stdout}`);
  }
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  let log = '';
  const child = spawn(
    binary,
    [
      `--config.file=${config}`,
      `--storage.tsdb.path=${data}`,
      `--web.listen-address=127.0.0.1:${port}`,
      '--storage.tsdb.retention.time=60d',
    ],
    { cwd: dir, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  child.stdout!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (log += chunk.toString()));
  let spawnError: Error | undefined;
  child.once('error', (error) => (spawnError = error));

  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      await exited(child);
      clearTimeout(timer);
    }
    fs.rmSync(dir, { recursive: true, force: true });
  };

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    if (spawnError || child.exitCode !== null) {
      await stop();
      throw new Error(`prometheus (${binary}) did not start: ${spawnError?.message ?? `exit ${child.exitCode}`}\n${log}`);
    }
    try {
      const res = await fetch(`${url}/-/ready`, { signal: AbortSignal.timeout(1_000) });
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) {
      await stop();
      throw new Error(`prometheus on ${url} was not ready within ${(options.readyTimeoutMs ?? 30_000) / 1000} s:\n${log}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  return { url, log: () => log, stop };
}
