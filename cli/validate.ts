// `awoooi-monitor validate --registry FILE`: the same checks as the app's import, on a file, offline.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { formatProblem } from '../lib/registry/errors';
import { loadDefaultTemplates } from '../lib/registry/default-templates';
import { parseRegistryYaml } from '../lib/registry/parse';
import { registryMaxBytes } from '../lib/registry/import';

/** This package's folder, where the shipped default templates live, wherever the CLI is called from. */
const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function validateCommand(options: { registry: string; format: 'text' | 'json' }): Promise<number> {
  const file = options.registry;
  let text: string;
  try {
    text = await readInput(file);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
    process.stderr.write(`awoooi-monitor: cannot read ${file}: ${reason}\n`);
    return 2;
  }
  const result = parseRegistryYaml(text, {
    defaultTemplates: loadDefaultTemplates(PACKAGE_ROOT),
    maxBytes: registryMaxBytes(),
  });
  if (options.format === 'json') {
    const body = result.ok ? { valid: true, problems: [] } : { valid: false, problems: result.problems };
    process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
    return result.ok ? 0 : 1;
  }
  if (!result.ok) {
    for (const problem of result.problems) process.stdout.write(`${formatProblem(file, problem)}\n`);
    const n = result.problems.length;
    process.stderr.write(`${file}: ${n} problem${n === 1 ? '' : 's'}\n`);
    return 1;
  }
  const r = result.value;
  process.stdout.write(
    `${file}: valid (${r.services.length} services, ${r.pages.length} pages, ${r.api_endpoints.length} API endpoints, ` +
      `${r.alert_templates.length} alert templates, ${r.owners.length} owners)\n`,
  );
  return 0;
}
