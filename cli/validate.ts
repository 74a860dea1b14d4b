// `awoooi-monitor validate --registry FILE`: the same checks as the app's import, on a file, offline.
import { formatProblem } from '../lib/registry/errors';
import { parseRegistryYaml } from '../lib/registry/parse';
import { registryMaxBytes } from '../lib/registry/import';
import { defaultTemplates, readOrComplain } from './registry-input';
import { discoverFromServer, discoverLocally } from './discover';

export interface ValidateOptions {
  registry?: string;
  format: 'text' | 'json';
  discover?: string;
  server?: string;
  token?: string;
  scan?: boolean;
  failOnStale?: boolean;
  failOnError?: boolean;
}

export async function validateCommand(options: ValidateOptions): Promise<number> {
  const gate = { format: options.format, failOnStale: options.failOnStale, failOnError: options.failOnError };
  if (options.server) return discoverFromServer(options.server, options.token ?? process.env.AWOOOI_TOKEN, options.scan === true, gate);
  if (!options.registry) {
    process.stderr.write('awoooi-monitor validate: give --registry FILE (and --discover CONFIG to scan), or --server URL\n');
    return 2;
  }
  const file = options.registry;
  const text = await readOrComplain(file);
  if (text === undefined) return 2;
  const result = parseRegistryYaml(text, {
    defaultTemplates: defaultTemplates(),
    maxBytes: registryMaxBytes(),
  });
  if (options.discover && result.ok) return discoverLocally(result.value, options.discover, gate);
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
