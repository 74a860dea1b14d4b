// The alert templates the project ships (registry/alert-templates.yaml), read once per process.
// Files without an alert_templates section use them.
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { formatProblem } from './errors';
import type { AlertTemplate } from './model';
import { parseRegistryYaml } from './parse';

export const DEFAULT_TEMPLATES_FILE = 'registry/alert-templates.yaml';

const cache = new Map<string, AlertTemplate[]>();

/** `root` is the app's folder (the CLI passes its own package folder; the server runs from it). */
export function loadDefaultTemplates(root = process.env.AWOOOI_ROOT ?? process.cwd()): AlertTemplate[] {
  const file = path.join(root, DEFAULT_TEMPLATES_FILE);
  const cached = cache.get(file);
  if (cached) return cached;
  const parsed = parseRegistryYaml(readFileSync(file, 'utf8'));
  if (!parsed.ok) {
    // A broken shipped file is a bug in this app, never the user's input: fail loudly.
    throw new Error(`invalid default templates:\n${parsed.problems.map((p) => formatProblem(file, p)).join('\n')}`);
  }
  cache.set(file, parsed.value.alert_templates);
  return parsed.value.alert_templates;
}
