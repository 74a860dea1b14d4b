// The auto-monitoring client's size as monitored apps download it: public/monitor.js built by
// scripts/build-client.mjs (esbuild, minified), gzipped at level 9, beside web-vitals alone built the same way
// (the part of the budget that is not ours).
import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { buildClient, CLIENT_BUDGET_GZIP_BYTES } from '../build-client.mjs';
import type { Benchmark, BenchResult } from './run';

async function run(): Promise<BenchResult> {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'awoooi-bench-client-'));
  try {
    const size = await buildClient({ outfile: path.join(dir, 'monitor.js') });
    const VITALS = 'web-vitals alone, gzipped (peer)';
    return {
      measures: [
        { name: 'monitor.js, gzipped', value: size.gzipBytes, unit: 'bytes', max: CLIENT_BUDGET_GZIP_BYTES, vs: VITALS },
        { name: VITALS, value: size.webVitalsGzipBytes, unit: 'bytes' },
        { name: 'monitor.js, minified', value: size.bytes, unit: 'bytes' },
      ],
      checks: [],
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

export const clientBench: Benchmark = { name: 'client', description: 'the browser client monitor.js, gzipped, against its 5 KB budget', run };
