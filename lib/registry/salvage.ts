// What can still be used of an invalid registry file: the entries without problems. The CLI's `generate`
// uses it so that one bad entry does not block the configs of all the others (the problems are still
// reported, and the exit code says the file is invalid). Pure: no I/O.
import jsyaml from 'js-yaml';
import type { DataPath } from './locate';
import { entryKey, SECTIONS, type AlertTemplate, type Registry, type Section } from './model';
import { registryFromFile } from './normalize';
import { YAML_SCHEMA } from './parse';
import { checkRules } from './rules';
import { registryFileSchema } from './schema';

export interface Salvaged {
  registry: Registry;
  /** what was left out, e.g. `services[3] (ollama)`, `services[0].alerts[1] (pod_crsh)`, `pages (the whole section)` */
  dropped: string[];
}

type Raw = Record<string, unknown>;

/** The valid part of `text`, or undefined when nothing is usable (YAML syntax errors, not a mapping). */
export function salvageRegistry(text: string, defaultTemplates: readonly AlertTemplate[]): Salvaged | undefined {
  let data: unknown;
  try {
    data = jsyaml.load(text, { schema: YAML_SCHEMA, json: true }); // json: duplicate keys keep the last value
  } catch {
    return undefined;
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return undefined;
  let file: Raw = { ...(data as Raw) };
  const dropped: string[] = [];

  // Dropping an entry can expose another problem (a template removed, so a reference breaks): repeat.
  for (let round = 0; round < 5; round++) {
    const checked = registryFileSchema.safeParse(file);
    const paths: DataPath[] = checked.success ? [] : checked.error.issues.map((i) => i.path as DataPath);
    paths.push(...checkRules(file, { defaultTemplates }).map((p) => p.path));
    if (paths.length === 0 && checked.success) {
      return { registry: registryFromFile(checked.data, defaultTemplates), dropped };
    }
    file = dropProblems(file, paths, dropped);
  }
  return undefined;
}

function describe(section: string, list: unknown[], index: number): string {
  const entry = list[index];
  let key = '';
  try {
    if (SECTIONS.includes(section as Section) && entry && typeof entry === 'object') key = entryKey(section as Section, entry);
  } catch {
    /* an entry too broken to name */
  }
  return `${section}[${index}]${key && key !== 'undefined' ? ` (${key})` : ''}`;
}

function dropProblems(file: Raw, paths: DataPath[], dropped: string[]): Raw {
  const next: Raw = { ...file };
  const entries = new Map<string, Set<number>>();
  const alertKeys = new Map<string, Map<number, Set<number>>>();
  for (const [section, index, field, sub] of paths) {
    if (typeof section !== 'string') continue;
    if (typeof index !== 'number' || !Array.isArray(file[section])) {
      if (section in next) {
        delete next[section];
        dropped.push(`${section} (the whole section)`);
      }
      continue;
    }
    if (field === 'alerts' && typeof sub === 'number') {
      const perEntry = alertKeys.get(section) ?? new Map<number, Set<number>>();
      perEntry.set(index, (perEntry.get(index) ?? new Set()).add(sub));
      alertKeys.set(section, perEntry);
    } else {
      entries.set(section, (entries.get(section) ?? new Set()).add(index));
    }
  }
  for (const section of new Set([...entries.keys(), ...alertKeys.keys()])) {
    if (!(section in next)) continue;
    const list = file[section] as unknown[];
    const drop = entries.get(section) ?? new Set<number>();
    const trims = alertKeys.get(section);
    const kept: unknown[] = [];
    list.forEach((entry, i) => {
      if (drop.has(i)) {
        dropped.push(describe(section, list, i));
        return;
      }
      const bad = trims?.get(i);
      if (bad && entry && typeof entry === 'object' && Array.isArray((entry as Raw).alerts)) {
        const alerts = (entry as Raw).alerts as unknown[];
        for (const j of bad) dropped.push(`${describe(section, list, i)}.alerts[${j}] (${String(alerts[j])})`);
        kept.push({ ...(entry as Raw), alerts: alerts.filter((_, j) => !bad.has(j)) });
        return;
      }
      kept.push(entry);
    });
    next[section] = kept;
  }
  return next;
}
