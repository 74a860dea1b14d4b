// `npm run bench`: runs every benchmark module and prints one table of measures against their targets, each
// beside its ceiling or peer measured in the same run (these machines are noisy: a ratio to something measured
// next to it drifts less than an absolute time), and writes bench/results.json.
// Benchmarks report, they do not gate: a missed target still exits 0. A broken correctness check (e.g. a
// registry round trip) or a benchmark that crashes exits 1.
//
//   npm run bench                          all benchmarks
//   npm run bench -- --only registry       some of them (repeatable)
//   npm run bench -- --json FILE           write the results there instead of bench/results.json
//
// To add a benchmark: write scripts/bench/<name>-bench.ts exporting a Benchmark and list it in BENCHMARKS.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { beaconsBenchmark } from './beacons-bench';
import { clientBench } from './client-bench';
import { coverageBench } from './coverage-bench';
import { discoveryBenchmark } from './discovery-bench';
import { editBench } from './edit-bench';
import { generateBench } from './generate-bench';
import { registryBench } from './registry-bench';
import { vitalsBench } from './vitals-bench';

export type Unit = 'ms' | 'bytes' | 'count' | 'rps';

export interface Measure {
  name: string;
  value: number;
  unit: Unit;
  /** target or ceiling: the value passes when it is at or below this */
  max?: number;
  /** floor (throughputs): the value passes when it is at or above this */
  min?: number;
  /** a short note shown after the value (e.g. what a diff contained) */
  note?: string;
  /** the name of the measure of the same benchmark it is compared with (its ceiling or peer): shown as a ratio */
  vs?: string;
}

/** A correctness check: failing one is a bug, not a slow machine, and makes the run exit 1. */
export interface Check {
  name: string;
  ok: boolean;
  detail?: string;
}

export interface BenchResult {
  measures: Measure[];
  checks: Check[];
  /** facts about what was measured against (server versions, data sizes) */
  environment?: Record<string, string>;
}

export interface Benchmark {
  name: string;
  description: string;
  run(): Promise<BenchResult>;
}

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const BENCHMARKS: Benchmark[] = [registryBench, generateBench, editBench, discoveryBenchmark, coverageBench, vitalsBench, clientBench, beaconsBenchmark];

// --- formatting -------------------------------------------------------------------------------------------

function formatValue(value: number, unit: Unit): string {
  switch (unit) {
    case 'ms':
      return value >= 100 ? `${Math.round(value).toLocaleString('en-US')} ms` : `${value.toFixed(1)} ms`;
    case 'bytes':
      return value >= 1024 * 1024
        ? `${(value / 1024 / 1024).toFixed(2)} MiB`
        : value >= 1024
          ? `${(value / 1024).toFixed(1)} KiB`
          : `${value} B`;
    case 'count':
      return value.toLocaleString('en-US');
    case 'rps':
      return `${Math.round(value).toLocaleString('en-US')} req/s`;
  }
}

type Row = [measure: string, value: string, target: string, mark: string, ratio: string, note: string];

function table(rows: Row[]): string {
  const header: Row = ['measure', 'value', 'target', 'result', 'beside its ceiling / peer', 'note'];
  const all = [header, ...rows];
  const widths = header.map((_, c) => Math.max(...all.map((r) => r[c]!.length)));
  const line = (r: Row) =>
    r.map((cell, c) => (c === 1 || c === 2 ? cell.padStart(widths[c]!) : cell.padEnd(widths[c]!))).join('  ').trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('  '), ...rows.map(line)].join('\n');
}

/** value / the peer's value, when the peer is in the same result and not zero. */
export function ratioOf(m: Measure, all: readonly Measure[]): { vs: string; ratio: number } | undefined {
  if (!m.vs) return undefined;
  const peer = all.find((p) => p.name === m.vs);
  if (!peer || peer.value === 0) return undefined;
  return { vs: peer.name, ratio: m.value / peer.value };
}

const formatRatio = (r: number) => (r >= 100 ? `${Math.round(r).toLocaleString('en-US')}×` : r >= 10 ? `${r.toFixed(1)}×` : `${r.toFixed(2)}×`);

function measureRow(m: Measure, all: readonly Measure[]): Row {
  const value = formatValue(m.value, m.unit);
  const r = ratioOf(m, all);
  const ratio = r ? `${formatRatio(r.ratio)} ${r.vs}` : '';
  if (m.max === undefined && m.min === undefined) return [m.name, value, '', '', ratio, m.note ?? ''];
  const target = m.max !== undefined ? `<= ${formatValue(m.max, m.unit)}` : `>= ${formatValue(m.min!, m.unit)}`;
  return [m.name, value, target, meetsTarget(m) ? 'PASS ✓' : 'MISS ✗', ratio, m.note ?? ''];
}

function meetsTarget(m: Measure): boolean {
  return (m.max === undefined || m.value <= m.max) && (m.min === undefined || m.value >= m.min);
}

const checkRow = (c: Check): Row => [c.name, c.ok ? 'ok' : 'BROKEN', '', c.ok ? 'OK ✓' : 'BROKEN ✗', '', ''];

// --- main -------------------------------------------------------------------------------------------------

interface Outcome {
  name: string;
  description: string;
  seconds: number;
  result?: BenchResult;
  error?: string;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      json: { type: 'string' },
      only: { type: 'string', multiple: true },
      help: { type: 'boolean', short: 'h' },
    },
  });
  if (values.help) {
    console.log(`usage: npm run bench -- [--only NAME]... [--json FILE]\nbenchmarks: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 0;
  }
  const selected = values.only?.length ? BENCHMARKS.filter((b) => values.only!.includes(b.name)) : BENCHMARKS;
  const unknown = (values.only ?? []).filter((n) => !BENCHMARKS.some((b) => b.name === n));
  if (unknown.length) {
    console.error(`unknown benchmark(s): ${unknown.join(', ')}; known: ${BENCHMARKS.map((b) => b.name).join(', ')}`);
    return 2;
  }

  const cpus = os.cpus();
  const machine = {
    cores: String(cpus.length),
    cpu: cpus[0]?.model.trim() ?? 'unknown',
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    os: `${os.type()} ${os.release()} ${os.arch()}`,
    node: process.version,
  };
  console.log(`machine: ${machine.cores} cores (${machine.cpu}), ${machine.memory} RAM, ${machine.os}, node ${machine.node}`);

  const outcomes: Outcome[] = [];
  for (const bench of selected) {
    console.log(`\n== ${bench.name}: ${bench.description}`);
    const started = performance.now();
    try {
      const result = await bench.run();
      outcomes.push({ ...bench, seconds: (performance.now() - started) / 1000, result });
    } catch (error) {
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      console.error(`\n!! benchmark ${bench.name} FAILED to run:\n${message}`);
      outcomes.push({ ...bench, seconds: (performance.now() - started) / 1000, error: message });
    }
  }

  let missed = 0;
  let met = 0;
  let broken = 0;
  let checked = 0;
  for (const o of outcomes) {
    console.log(`\n## ${o.name} (${o.seconds.toFixed(1)} s)`);
    if (!o.result) {
      console.log(`   did not complete: ${o.error?.split('\n')[0]}`);
      continue;
    }
    for (const [k, v] of Object.entries(o.result.environment ?? {})) console.log(`   ${k}: ${v}`);
    console.log('');
    const measures = o.result.measures;
    console.log(table([...measures.map((m) => measureRow(m, measures)), ...o.result.checks.map(checkRow)]));
    for (const m of o.result.measures) if (m.max !== undefined || m.min !== undefined) meetsTarget(m) ? met++ : missed++;
    for (const c of o.result.checks) {
      checked++;
      if (c.ok) continue;
      broken++;
      console.log(`\n!! ${c.name}: BROKEN\n${c.detail ?? ''}`);
    }
  }

  const crashed = outcomes.filter((o) => o.error).length;
  console.log('');
  console.log(
    `targets: ${met} met, ${missed} missed${missed ? ' (MISSED targets are reported, not enforced)' : ''}` +
      `; correctness checks: ${broken ? `${broken} of ${checked} BROKEN` : `${checked} ok`}${crashed ? `; ${crashed} benchmark(s) CRASHED` : ''}`,
  );

  const file = path.resolve(values.json ?? path.join(ROOT, 'bench/results.json'));
  mkdirSync(path.dirname(file), { recursive: true });
  const date = new Date().toISOString();
  // A run of some benchmarks (--only) replaces theirs and keeps the others' latest results, each with its date.
  let earlier: { name: string }[] = [];
  try {
    earlier = (JSON.parse(readFileSync(file, 'utf8')) as { benchmarks?: { name: string }[] }).benchmarks ?? [];
  } catch {} // no file yet, or not ours: start afresh
  const fresh = outcomes.map((o) => ({
      date,
      machine,
      ...o,
      result: o.result && {
        ...o.result,
        measures: o.result.measures.map((m) => ({
          ...m,
          ...(m.max !== undefined || m.min !== undefined ? { meetsTarget: meetsTarget(m) } : {}),
          ...ratioOf(m, o.result!.measures),
        })),
      },
    }));
  const report = {
    date,
    benchmarks: BENCHMARKS.map((b) => fresh.find((f) => f.name === b.name) ?? earlier.find((e) => e.name === b.name)).filter((e) => e !== undefined),
  };
  writeFileSync(file, `${JSON.stringify(report, null, 2)}\n`);
  console.log(`results written to ${path.relative(process.cwd(), file) || file}`);
  return broken || crashed ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
