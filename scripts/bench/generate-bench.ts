// Generating every config for a 10,000-service synthetic registry (shipped alert templates): the pure
// generate() against its 1 s target, beside its floor (JSON.stringify of the same output: the least any
// serialiser of that much text costs) and the seed design's Python generator (scripts/bench/seed_generator.py,
// when python3 with PyYAML is present; it writes far less: scrape jobs, one rule per alert, Blackbox targets), then
// writing the tree to disk and checking it with promtool/amtool (reported, no target: the real tools' speed).
// BENCH_SERVICES (default 10000) and BENCH_RUNS (default 9) change the size and the repetitions.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { checkGenerated } from '../../lib/generate/check';
import { generate } from '../../lib/generate/index';
import { writeGeneratedTree } from '../../lib/generate/output-dir';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import type { Registry } from '../../lib/registry/model';
import { syntheticRegistry } from '../../lib/registry/synthetic';
import type { Benchmark, BenchResult, Check, Measure } from './run';
import { log, median, positiveInt } from './stats';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const GENERATE_TARGET_MS = 1_000;

/** The seed's Python generator on the same services, or why it could not run. */
function seedGenerator(registry: Registry, runs: number): { ms: number; note: string } | { skipped: string } {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'awoooi-bench-seed-'));
  try {
    // The sketch reads service['host'] and service['port'] of every service: Kubernetes ones get made-up values.
    const services = registry.services.map((s) => ({ ...s, host: s.host ?? `${s.name}.svc`, port: s.port ?? 80, owner: s.owner }));
    const file = path.join(dir, 'registry.json');
    writeFileSync(file, JSON.stringify({ ...registry, services }));
    const r = spawnSync('python3', [path.join(ROOT, 'scripts/bench/seed_generator.py'), file, String(runs)], { encoding: 'utf8', maxBuffer: 1 << 20 });
    if (r.error) return { skipped: `python3 not found (${r.error.message})` };
    if (r.status !== 0) return { skipped: /No module named 'yaml'/.test(r.stderr) ? 'PyYAML is not installed' : `it failed: ${r.stderr.trim().split('\n').at(-1)}` };
    const out = JSON.parse(r.stdout) as { ms: number[]; pyyaml: string; libyaml: boolean };
    return { ms: median(out.ms), note: `PyYAML ${out.pyyaml}${out.libyaml ? '' : ', pure Python'}, yaml.dump as the sketch calls it` };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}


export const generateBench: Benchmark = {
  name: 'generate',
  description: 'every monitoring config from a 10,000-service registry; then written to disk and checked by promtool/amtool',
  async run(): Promise<BenchResult> {
    const services = positiveInt(process.env.BENCH_SERVICES, 10_000);
    const runs = positiveInt(process.env.BENCH_RUNS, 9);
    const registry = syntheticRegistry({ services, templates: loadDefaultTemplates(ROOT) });

    // the first run in this process: modules' code not yet optimised, caches empty
    let started = performance.now();
    const output = generate(registry);
    const coldMs = performance.now() - started;
    log(`generate: cold ${coldMs.toFixed(0)} ms`);
    const times: number[] = [];
    for (let i = 0; i < runs; i++) {
      started = performance.now();
      generate(registry);
      times.push(performance.now() - started);
      log(`generate: run ${i + 1}/${runs} ${times.at(-1)!.toFixed(0)} ms`);
    }
    const stringifyTimes: number[] = [];
    for (let i = 0; i < runs; i++) {
      started = performance.now();
      JSON.stringify(output);
      stringifyTimes.push(performance.now() - started);
    }
    log('the seed\'s Python generator ...');
    const seed = seedGenerator(registry, Math.min(runs, 3));
    const again = generate(registry);
    const identical =
      again.files.length === output.files.length && again.files.every((f, i) => f.path === output.files[i]!.path && f.content === output.files[i]!.content);

    const bytes = output.files.reduce((sum, f) => sum + Buffer.byteLength(f.content), 0);
    const dir = mkdtempSync(path.join(os.tmpdir(), 'awoooi-bench-gen-'));
    const out = path.join(dir, 'out');
    started = performance.now();
    await writeGeneratedTree(out, output.files);
    const writeMs = performance.now() - started;
    log(`write: ${writeMs.toFixed(0)} ms`);
    started = performance.now();
    const report = await checkGenerated(output.files);
    const checkMs = performance.now() - started;
    log(`check: ${checkMs.toFixed(0)} ms`);
    rmSync(dir, { recursive: true, force: true });

    const failed = report.files.filter((f) => f.status === 'failed');
    const unchecked = report.files.filter((f) => f.status === 'not-checked');
    const skipped = output.findings.filter((f) => f.kind === 'skipped').length;
    const measures: Measure[] = [
      { name: 'generate: cold (first run in the process)', value: coldMs, unit: 'ms' },
      { name: `generate: median of ${runs}`, value: median(times), unit: 'ms', max: GENERATE_TARGET_MS, note: `${services.toLocaleString('en-US')} services`, vs: 'JSON.stringify of the output (floor)' },
      { name: 'JSON.stringify of the output (floor)', value: median(stringifyTimes), unit: 'ms' },
      'ms' in seed
        ? { name: "the seed design's Python generator (peer)", value: seed.ms, unit: 'ms', note: seed.note, vs: `generate: median of ${runs}` }
        : { name: "the seed design's Python generator (peer)", value: 0, unit: 'count', note: `not run: ${seed.skipped}` },
      { name: 'generate: files', value: output.files.length, unit: 'count' },
      { name: 'generate: total size', value: bytes, unit: 'bytes' },
      { name: 'generate: skipped entries', value: skipped, unit: 'count', note: 'templates that do not fit the synthetic entry' },
      { name: 'write tree to disk', value: writeMs, unit: 'ms' },
      { name: 'promtool + amtool checks', value: checkMs, unit: 'ms', note: `${report.files.length} files checked` },
    ];
    const checks: Check[] = [
      { name: 'generate: byte-identical on a second run', ok: identical },
      {
        name: 'generate: promtool/amtool accept every file',
        ok: failed.length === 0 && unchecked.length === 0,
        detail: [...failed, ...unchecked].map((f) => `${f.path}: ${f.status} ${f.output.slice(0, 200)}`).join('\n'),
      },
    ];
    return { measures, checks, environment: { services: String(services), ...Object.fromEntries(Object.entries(report.tools).map(([k, v]) => [k, String(v)])) } };
  },
};
