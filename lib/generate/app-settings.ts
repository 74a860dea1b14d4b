// The generator settings the app uses: the YAML file named by GENERATE_SETTINGS_FILE, or the defaults.
// The I/O edge of lib/generate/settings.ts. A bad file is reported (file, path, message) for the Configs page
// and the API to show; it never throws, so a typo in the settings cannot take the app down.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import jsyaml from 'js-yaml';
import { defaultSettings, parseSettings, type GenerateSettings } from './settings';

export const SETTINGS_ENV = 'GENERATE_SETTINGS_FILE';

/** Environment variables (process.env by default; tests pass their own). */
export type Env = Readonly<Record<string, string | undefined>>;

export interface SettingsProblem {
  /** where in the file, e.g. `alertmanager.targets[0]`; empty for the file as a whole */
  path: string;
  message: string;
  line?: number;
  column?: number;
}

export type AppSettings =
  | { ok: true; settings: GenerateSettings; /** absolute path of the file, or null for the defaults */ file: string | null }
  | { ok: false; file: string; problems: SettingsProblem[] };

/** parseSettings gives `path: message` lines (no path for the file as a whole); paths hold no spaces. */
function splitProblem(line: string): SettingsProblem {
  const at = line.indexOf(': ');
  return at > 0 && !/\s/.test(line.slice(0, at)) ? { path: line.slice(0, at), message: line.slice(at + 2) } : { path: '', message: line };
}

export async function loadAppSettings(env: Env = process.env): Promise<AppSettings> {
  const named = env[SETTINGS_ENV]?.trim();
  if (!named) return { ok: true, settings: defaultSettings(), file: null };
  const file = path.resolve(named);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const reason = code === 'ENOENT' ? 'no such file' : code === 'EISDIR' ? 'is a folder, not a file' : (error as Error).message;
    return { ok: false, file, problems: [{ path: '', message: `cannot read the settings file (${SETTINGS_ENV}): ${reason}` }] };
  }
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA });
  } catch (error) {
    const e = error as jsyaml.YAMLException;
    const line = (e.mark?.line ?? 0) + 1;
    const column = (e.mark?.column ?? 0) + 1;
    return { ok: false, file, problems: [{ path: '', message: `not valid YAML: ${e.reason ?? e.message} (line ${line}, column ${column})`, line, column }] };
  }
  const parsed = parseSettings(data);
  if (parsed.ok) return { ok: true, settings: parsed.value, file };
  return { ok: false, file, problems: parsed.problems.map(splitProblem) };
}
