// Import = check the file, then make the stored registry equal to it (or only preview what that would do).
import type { Actor } from '../auth/roles';
import type { Db } from '../db/client';
import type { RegistryProblem } from './errors';
import { loadDefaultTemplates } from './default-templates';
import { parseRegistryYaml } from './parse';
import { applyRegistry, type ApplyOutcome } from './store';

export interface ImportOptions {
  dryRun?: boolean;
  expectedRevision?: string;
  maxBytes?: number;
  /** who imports: recorded in the audit log with every entry the import changes */
  actor?: Actor;
  /** a one-line reason for the audit log (default: counts of what changed) */
  summary?: string;
}

export type ImportResult = ({ ok: true } & ApplyOutcome) | { ok: false; problems: RegistryProblem[] };

/** The configured size limit for registry files (REGISTRY_MAX_BYTES, default 10 MiB). */
export function registryMaxBytes(): number {
  const raw = Number(process.env.REGISTRY_MAX_BYTES);
  return Number.isFinite(raw) && raw > 0 ? raw : 10 * 1024 * 1024;
}

export async function importRegistryYaml(db: Db, text: string, options: ImportOptions = {}): Promise<ImportResult> {
  const parsed = parseRegistryYaml(text, {
    defaultTemplates: loadDefaultTemplates(),
    maxBytes: options.maxBytes ?? registryMaxBytes(),
  });
  if (!parsed.ok) return { ok: false, problems: parsed.problems };
  const outcome = await applyRegistry(db, parsed.value, {
    dryRun: options.dryRun,
    expectedRevision: options.expectedRevision,
    audit: options.actor ? { actor: options.actor, action: 'registry.import', summary: options.summary } : undefined,
  });
  return { ok: true, ...outcome };
}
