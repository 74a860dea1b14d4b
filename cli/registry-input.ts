// Reading the registry (and generator settings) the same way in every command: a file or standard input.
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import jsyaml from 'js-yaml';
import { defaultSettings, parseSettings, type GenerateSettings } from '../lib/generate/settings';
import { loadDefaultTemplates } from '../lib/registry/default-templates';

/** This package's folder, where the shipped default templates live, wherever the CLI is called from. */
export const PACKAGE_ROOT = fileURLToPath(new URL('..', import.meta.url));

export function defaultTemplates() {
  return loadDefaultTemplates(PACKAGE_ROOT);
}

export async function readInput(file: string): Promise<string> {
  if (file !== '-') return readFile(file, 'utf8');
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

/** The file's text, or undefined after telling the user why it cannot be read. */
export async function readOrComplain(file: string): Promise<string | undefined> {
  try {
    return await readInput(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a directory' : (error as Error).message;
    process.stderr.write(`awoooi-monitor: cannot read ${file}: ${reason}\n`);
    return undefined;
  }
}

/** Settings from a YAML/JSON file; problems are printed as FILE: path: message. */
export async function readSettings(file: string | undefined): Promise<GenerateSettings | 'unreadable' | 'invalid'> {
  if (file === undefined) return defaultSettings();
  const text = await readOrComplain(file);
  if (text === undefined) return 'unreadable';
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch (error) {
    const e = error as jsyaml.YAMLException;
    process.stdout.write(`${file}:${(e.mark?.line ?? 0) + 1}:${(e.mark?.column ?? 0) + 1}: YAML: ${e.reason}\n`);
    return 'invalid';
  }
  const parsed = parseSettings(data);
  if (parsed.ok) return parsed.value;
  for (const problem of parsed.problems) process.stdout.write(`${file}: ${problem}\n`);
  return 'invalid';
}
