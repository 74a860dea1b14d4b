// What would change if `next` replaced `current`: per section, entries added, changed (field by field) and
// removed. Entries are matched by their identity (entryKey), so a changed port is a change, not a swap.
import type { ChangedEntry, FieldChange, RegistryDiff, SectionDiff } from './diff-types';
import { entryKey, SECTIONS, type Registry, type Section } from './model';

export function diffRegistries(current: Registry, next: Registry): RegistryDiff {
  const sections = {} as Record<Section, SectionDiff>;
  let empty = true;
  for (const section of SECTIONS) {
    const diff = diffSection(section, current[section], next[section]);
    sections[section] = diff;
    if (diff.added.length || diff.changed.length || diff.removed.length) empty = false;
  }
  return { sections, empty };
}

function diffSection(section: Section, before: readonly object[], after: readonly object[]): SectionDiff {
  const old = new Map(before.map((e) => [entryKey(section, e), e]));
  const result: SectionDiff = { added: [], changed: [], removed: [], unchanged: 0 };
  const seen = new Set<string>();
  for (const entry of after) {
    const key = entryKey(section, entry);
    seen.add(key);
    const previous = old.get(key);
    if (!previous) {
      result.added.push(key);
      continue;
    }
    const changes = fieldChanges(previous, entry);
    if (changes.length) result.changed.push({ key, changes } satisfies ChangedEntry);
    else result.unchanged++;
  }
  for (const key of old.keys()) if (!seen.has(key)) result.removed.push(key);
  return result;
}

/** Field-level differences, nested objects flattened (`monitoring.sentry`), lists compared whole. */
export function fieldChanges(before: object, after: object, prefix = ''): FieldChange[] {
  const a = before as Record<string, unknown>;
  const b = after as Record<string, unknown>;
  const fields = [...new Set([...Object.keys(a), ...Object.keys(b)])];
  const changes: FieldChange[] = [];
  for (const field of fields) {
    const x = a[field];
    const y = b[field];
    if (isPlainObject(x) && isPlainObject(y)) {
      changes.push(...fieldChanges(x, y, `${prefix}${field}.`));
    } else if (!sameValue(x, y)) {
      changes.push({ field: `${prefix}${field}`, before: x ?? null, after: y ?? null });
    }
  }
  return changes;
}

const isPlainObject = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

function sameValue(x: unknown, y: unknown): boolean {
  if (Array.isArray(x) && Array.isArray(y)) return x.length === y.length && x.every((v, i) => sameValue(v, y[i]));
  return x === y;
}
