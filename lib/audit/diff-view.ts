// An audit change as the page shows it: the entry before and after as YAML (the registry file's style), diffed
// line by line, long unchanged stretches folded to a "N unchanged lines" row. Pure, so it is unit-tested and the
// page only renders rows. Added entries are all "added" rows, removed ones all "removed".
import { diffLines } from 'diff';
import jsyaml from 'js-yaml';

export type DiffRow =
  | { kind: 'added'; text: string; newLine: number }
  | { kind: 'removed'; text: string; oldLine: number }
  | { kind: 'unchanged'; text: string; oldLine: number; newLine: number }
  /** `count` unchanged lines left out, starting at these line numbers */
  | { kind: 'collapsed'; count: number; oldLine: number; newLine: number };

export interface ChangeDiff {
  rows: DiffRow[];
  added: number;
  removed: number;
}

export interface DiffOptions {
  /** unchanged lines kept on each side of a change */
  context?: number;
}

/** A value as the registry file would write it; '' for no value (the side of an added or removed entry). */
export function yamlText(value: unknown): string {
  if (value === null || value === undefined) return '';
  // The export's options (lib/registry/export.ts), so a diff reads like the file people edit.
  return jsyaml.dump(value, {
    schema: jsyaml.CORE_SCHEMA,
    lineWidth: -1,
    noRefs: true,
    noCompatMode: true,
    quotingType: '"',
    skipInvalid: true,
  });
}

function linesOf(value: string): string[] {
  if (value === '') return [];
  return (value.endsWith('\n') ? value.slice(0, -1) : value).split('\n');
}

/** Every line of both texts, in diff order, with its line numbers. */
function fullRows(before: string, after: string): DiffRow[] {
  const rows: DiffRow[] = [];
  let oldLine = 1;
  let newLine = 1;
  for (const part of diffLines(before, after)) {
    for (const text of linesOf(part.value)) {
      if (part.added) rows.push({ kind: 'added', text, newLine: newLine++ });
      else if (part.removed) rows.push({ kind: 'removed', text, oldLine: oldLine++ });
      else rows.push({ kind: 'unchanged', text, oldLine: oldLine++, newLine: newLine++ });
    }
  }
  return rows;
}

/** Keeps `context` unchanged lines next to each change and folds the rest of each unchanged run into one row. */
function collapse(rows: DiffRow[], context: number): DiffRow[] {
  if (!rows.some((r) => r.kind !== 'unchanged')) return rows;
  const out: DiffRow[] = [];
  let i = 0;
  while (i < rows.length) {
    if (rows[i]!.kind !== 'unchanged') {
      out.push(rows[i++]!);
      continue;
    }
    let end = i;
    while (end < rows.length && rows[end]!.kind === 'unchanged') end++;
    const head = i === 0 ? 0 : context;
    const tail = end === rows.length ? 0 : context;
    const hidden = end - i - head - tail;
    // Folding a single line saves nothing: a "1 unchanged line" row is as tall as the line.
    if (hidden > 1) {
      out.push(...rows.slice(i, i + head));
      const first = rows[i + head] as Extract<DiffRow, { kind: 'unchanged' }>;
      out.push({ kind: 'collapsed', count: hidden, oldLine: first.oldLine, newLine: first.newLine });
      out.push(...rows.slice(end - tail, end));
    } else {
      out.push(...rows.slice(i, end));
    }
    i = end;
  }
  return out;
}

/** The line diff of two texts as display rows. */
export function lineDiff(before: string, after: string, options: DiffOptions = {}): ChangeDiff {
  const rows = fullRows(before, after);
  return {
    rows: collapse(rows, Math.max(0, options.context ?? 3)),
    added: rows.filter((r) => r.kind === 'added').length,
    removed: rows.filter((r) => r.kind === 'removed').length,
  };
}

/** An audit change's before/after (whole entries, JSON) as display rows. */
export function changeDiff(change: { before: unknown; after: unknown }, options: DiffOptions = {}): ChangeDiff {
  return lineDiff(yamlText(change.before), yamlText(change.after), options);
}
