// `awoooi-monitor coverage --registry FILE`: the registry's monitoring coverage as Markdown (a CI job summary)
// or JSON. The math lives in lib/coverage/report.ts; this only reads the file and formats.
import { InvalidArgumentError } from 'commander';
import { coverageMarkdown, coverageReport } from '../lib/coverage/report';
import { formatProblem } from '../lib/registry/errors';
import { registryMaxBytes } from '../lib/registry/import';
import type { Registry } from '../lib/registry/model';
import { parseRegistryYaml } from '../lib/registry/parse';
import { defaultTemplates, readOrComplain } from './registry-input';

export interface CoverageOptions {
  registry: string;
  format: 'md' | 'json';
  /** percent, 0..100: exit 1 when the overall coverage is below */
  failUnder?: number;
  timestamp?: boolean;
}

/** Reads and checks a registry file as `validate` does; on failure prints why and gives the exit code. */
export async function loadRegistryFile(file: string): Promise<{ registry: Registry } | { exitCode: number }> {
  const text = await readOrComplain(file);
  if (text === undefined) return { exitCode: 2 };
  const result = parseRegistryYaml(text, { defaultTemplates: defaultTemplates(), maxBytes: registryMaxBytes() });
  if (!result.ok) {
    // stderr: stdout is the report, often appended to a CI summary file
    for (const problem of result.problems) process.stderr.write(`${formatProblem(file, problem)}\n`);
    const n = result.problems.length;
    process.stderr.write(`${file}: ${n} problem${n === 1 ? '' : 's'}\n`);
    return { exitCode: 1 };
  }
  return { registry: result.value };
}

/** commander argument parser for `--fail-under`; throws commander's own error type on bad input. */
export function parsePercent(value: string): number {
  const n = Number(value.trim().replace(/%$/, ''));
  if (value.trim() === '' || !Number.isFinite(n) || n < 0 || n > 100) {
    throw new InvalidArgumentError(`expected a percentage from 0 to 100, got "${value}"`);
  }
  return n;
}

export async function coverageCommand(options: CoverageOptions): Promise<number> {
  const loaded = await loadRegistryFile(options.registry);
  if ('exitCode' in loaded) return loaded.exitCode;
  const report = coverageReport(loaded.registry);

  if (options.format === 'json') {
    process.stdout.write(`${JSON.stringify(report, null, 2)}\n`);
  } else {
    const timestamp = options.timestamp ? new Date().toISOString() : undefined;
    process.stdout.write(coverageMarkdown(report, { timestamp }));
  }

  if (options.failUnder === undefined) return 0;
  const overall = report.overall.ratio;
  if (overall === null) {
    // Nothing to cover is not a gap; an empty registry is validate's business.
    process.stderr.write('awoooi-monitor: overall coverage is n/a (no services, pages or API endpoints); --fail-under not applied\n');
    return 0;
  }
  const shown = Math.round(overall * 10_000) / 100;
  // the epsilon keeps float noise (0.29 * 100 = 28.999…) from failing a 29 % bar
  if (overall * 100 + 1e-9 < options.failUnder) {
    process.stderr.write(`awoooi-monitor: overall coverage ${shown}% is under ${options.failUnder}%\n`);
    return 1;
  }
  return 0;
}
