// The seed registry with the shipped default templates, parsed as the CLI and the app parse it.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import type { Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';

const ROOT = path.resolve(import.meta.dirname, '../..');

export function defaultTemplates() {
  return loadDefaultTemplates(ROOT);
}

export function registryFromYaml(text: string): Registry {
  const result = parseRegistryYaml(text, { defaultTemplates: defaultTemplates() });
  if (!result.ok) throw new Error(`invalid test registry:\n${result.problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`).join('\n')}`);
  return result.value;
}

export function seedRegistry(): Registry {
  return registryFromYaml(readFileSync(path.join(ROOT, 'registry/service-registry.yaml'), 'utf8'));
}

/** The example registry with its hosts on loopback (servers under test contact nothing else); `without` leaves services out. */
export function loopbackSeed(without: string[] = []): Registry {
  const seed = seedRegistry();
  return {
    ...seed,
    hosts: seed.hosts.map((h) => ({ ...h, address: '127.0.0.1' })),
    services: seed.services.filter((s) => !without.includes(s.name)).map((s) => (s.host === undefined ? s : { ...s, host: '127.0.0.1' })),
  };
}
