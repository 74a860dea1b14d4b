// The generated configs as the app serves them: generated once per (registry revision, settings) and kept
// in the server process, checked with promtool/amtool at most once per change, on first demand. Reloading
// the Configs page or downloading a file re-reads the registry (to learn its revision) but never re-runs
// the generator or the tools. The I/O edge of lib/generate: database, settings file, tools.
import { createHash } from 'node:crypto';
import type { Db } from '../db/client';
import { registryRevision } from '../registry/export';
import { loadRegistry } from '../registry/store';
import { loadAppSettings, type Env, type SettingsProblem } from './app-settings';
import { checkGenerated, type CheckReport } from './check';
import type { FileEntry } from './configs-view';
import { generate } from './index';
import type { GenerateSettings } from './settings';
import type { Finding, GeneratedFile } from './types';

export interface ConfigsSnapshot {
  /** the registry revision the files were generated from */
  revision: string;
  /** the settings file used, or null for the defaults */
  settingsFile: string | null;
  /** sorted by path */
  files: readonly GeneratedFile[];
  /** path and UTF-8 size of each file, in the same order */
  entries: readonly FileEntry[];
  totalBytes: number;
  findings: readonly Finding[];
  /** what the registry holds to monitor; all zero: only the static files were generated */
  registryCounts: { services: number; pages: number; endpoints: number };
  file(path: string): GeneratedFile | undefined;
  /** the tools' verdict on every file; started on the first call, shared by every later one */
  checks(): Promise<CheckReport>;
}

export type ConfigsResult =
  | { ok: true; snapshot: ConfigsSnapshot }
  | { ok: false; settingsFile: string; problems: SettingsProblem[] };

export type Checker = (files: GeneratedFile[]) => Promise<CheckReport>;

interface Cache {
  key?: string;
  snapshot?: ConfigsSnapshot;
}

// On globalThis so a development hot reload keeps it, like the database client.
const holder = globalThis as unknown as { __awoooiConfigs?: Cache };
const cache = (): Cache => (holder.__awoooiConfigs ??= {});

function settingsKey(settings: GenerateSettings): string {
  // zod builds the output object in schema order, so equal settings give the same JSON.
  return createHash('sha256').update(JSON.stringify(settings)).digest('hex').slice(0, 20);
}

function snapshotOf(
  revision: string,
  settingsFile: string | null,
  output: { files: GeneratedFile[]; findings: Finding[] },
  registryCounts: ConfigsSnapshot['registryCounts'],
  checker: Checker,
): ConfigsSnapshot {
  const files = output.files;
  const entries = files.map((f) => ({ path: f.path, bytes: Buffer.byteLength(f.content, 'utf8') }));
  const byPath = new Map(files.map((f) => [f.path, f]));
  let checks: Promise<CheckReport> | undefined;
  return {
    revision,
    settingsFile,
    files,
    entries,
    totalBytes: entries.reduce((sum, e) => sum + e.bytes, 0),
    findings: output.findings,
    registryCounts,
    file: (path) => byPath.get(path),
    checks() {
      if (!checks) {
        checks = checker(files);
        // A crash (not a failed check) may be passing, e.g. a full temp folder: let the next caller try again.
        checks.catch(() => {
          checks = undefined;
        });
      }
      return checks;
    },
  };
}

/**
 * The configs for the registry in `database` and the app's settings. Between reading the cache and filling
 * it nothing is awaited, so concurrent requests for the same revision generate once.
 */
export async function loadConfigs(
  database: Db,
  options: { env?: Env; checker?: Checker } = {},
): Promise<ConfigsResult> {
  const [settings, registry] = await Promise.all([loadAppSettings(options.env), loadRegistry(database)]);
  if (!settings.ok) return { ok: false, settingsFile: settings.file, problems: settings.problems };
  const revision = registryRevision(registry);
  const key = `${revision}:${settingsKey(settings.settings)}:${settings.file ?? ''}`;
  const c = cache();
  if (c.key === key && c.snapshot) return { ok: true, snapshot: c.snapshot };
  const counts = { services: registry.services.length, pages: registry.pages.length, endpoints: registry.api_endpoints.length };
  const snapshot = snapshotOf(revision, settings.file, generate(registry, settings.settings), counts, options.checker ?? ((files) => checkGenerated(files)));
  // Only the latest is kept: a 10,000-service output is tens of MB, and an older revision is rarely asked for.
  c.key = key;
  c.snapshot = snapshot;
  return { ok: true, snapshot };
}
