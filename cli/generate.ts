// `awoooi-monitor generate --registry FILE --out DIR`: every monitoring config from a registry file, offline.
// Exit 0: written (entries that could not be generated are listed as skipped). Exit 1: the registry file
// has problems; its valid entries are still generated and the problems printed. Exit 2: bad usage.
import { generate, type Finding } from '../lib/generate/index';
import { OutputDirError, writeGeneratedTree } from '../lib/generate/output-dir';
import { formatProblem } from '../lib/registry/errors';
import { registryMaxBytes } from '../lib/registry/import';
import { parseRegistryYaml } from '../lib/registry/parse';
import { salvageRegistry } from '../lib/registry/salvage';
import { defaultTemplates, readOrComplain, readSettings } from './registry-input';

export interface GenerateOptions {
  registry: string;
  out: string;
  settings?: string;
  format: 'text' | 'json';
  strict?: boolean;
}

export function formatFinding(f: Finding): string {
  return `${f.kind === 'skipped' ? 'skipped' : 'note   '} ${f.entry}${f.item ? ` [${f.item}]` : ''}: ${f.message}`;
}

export async function generateCommand(options: GenerateOptions): Promise<number> {
  const file = options.registry;
  const settings = await readSettings(options.settings);
  if (settings === 'unreadable') return 2;
  if (settings === 'invalid') return 1;
  const text = await readOrComplain(file);
  if (text === undefined) return 2;

  const templates = defaultTemplates();
  const parsed = parseRegistryYaml(text, { defaultTemplates: templates, maxBytes: registryMaxBytes() });
  const problems = parsed.ok ? [] : parsed.problems;
  let dropped: string[] = [];
  let registry;
  if (parsed.ok) {
    registry = parsed.value;
  } else {
    const salvaged = salvageRegistry(text, templates);
    if (!salvaged) {
      for (const problem of problems) process.stdout.write(`${formatProblem(file, problem)}\n`);
      process.stderr.write(`${file}: nothing generated: the file cannot be read as a registry\n`);
      return 1;
    }
    registry = salvaged.registry;
    dropped = salvaged.dropped;
  }

  const output = generate(registry, settings);
  try {
    await writeGeneratedTree(options.out, output.files);
  } catch (error) {
    process.stderr.write(`awoooi-monitor: cannot write ${options.out}: ${(error as Error).message}\n`);
    return error instanceof OutputDirError ? 2 : 1;
  }

  const skipped = output.findings.filter((f) => f.kind === 'skipped').length;
  if (options.format === 'json') {
    const body = { valid: parsed.ok, problems, dropped, files: output.files.map((f) => f.path), findings: output.findings };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  } else {
    for (const problem of problems) process.stdout.write(`${formatProblem(file, problem)}\n`);
    for (const d of dropped) process.stdout.write(`left out ${d}: it has problems (above)\n`);
    for (const f of output.findings) process.stdout.write(`${formatFinding(f)}\n`);
    const notes = output.findings.length - skipped;
    process.stderr.write(
      `${options.out}: wrote ${output.files.length} files` +
        (skipped || notes ? ` (${skipped} skipped, ${notes} note${notes === 1 ? '' : 's'})` : '') +
        (problems.length ? `; ${file} has ${problems.length} problem${problems.length === 1 ? '' : 's'}, its valid entries were generated` : '') +
        '\n',
    );
  }
  if (!parsed.ok) return 1;
  return options.strict && skipped > 0 ? 1 : 0;
}
