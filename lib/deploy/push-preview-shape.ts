// What a push would change, shaped for the Deploy page: a folder's files against the new tree (added, changed
// with a unified diff, removed), and a Kubernetes dry run's objects. Pure: the contents come in, nothing is read.
import { createTwoFilesPatch } from 'diff';
import type { GeneratedFile } from '../generate/types';
import type { KubernetesPushResult } from './kubernetes-target';

/** Diff text per changed file, and changed files shown with a diff: a 10,000-service tree must not fill the page. */
export const PATCH_CAP = 20_000;
export const PATCHES_SHOWN = 30;
/** Myers' diff is quadratic in the edits: two very different files are reported as such, not diffed for minutes. */
export const MAX_EDIT_LENGTH = 2_000;
/** ...and a big file with a few edits still costs its length times them: each diff gets this long (ms). */
export const DIFF_TIMEOUT_MS = 1_000;

export interface ChangedFile {
  path: string;
  /** a unified diff, cut at PATCH_CAP; absent past the first PATCHES_SHOWN changed files */
  patch?: string;
  truncated?: boolean;
  /** lines added and removed, for the files with a patch */
  added?: number;
  removed?: number;
  /** why there is no patch although the file is among the first shown */
  note?: string;
}

export interface FolderDrift {
  added: string[];
  changed: ChangedFile[];
  removed: string[];
  unchanged: number;
}

function countLines(patch: string): { added: number; removed: number } {
  let added = 0;
  let removed = 0;
  for (const line of patch.split('\n')) {
    if (line.startsWith('+') && !line.startsWith('+++')) added++;
    else if (line.startsWith('-') && !line.startsWith('---')) removed++;
  }
  return { added, removed };
}

function changedFile(filePath: string, before: string, after: string): ChangedFile {
  const full = createTwoFilesPatch(`a/${filePath}`, `b/${filePath}`, before, after, '', '', { context: 3, maxEditLength: MAX_EDIT_LENGTH, timeout: DIFF_TIMEOUT_MS });
  if (full === undefined) {
    const lines = (t: string) => t.split('\n').length;
    return { path: filePath, note: `too different to diff here (${lines(before)} lines before, ${lines(after)} after)` };
  }
  const cut = full.length > PATCH_CAP;
  return { path: filePath, ...countLines(full), patch: cut ? full.slice(0, full.lastIndexOf('\n', PATCH_CAP - 1) + 1) : full, ...(cut ? { truncated: true } : {}) };
}

/** The folder as it is (`current`, path → content) against the tree a push would write. */
export function folderDrift(current: ReadonlyMap<string, string>, next: readonly GeneratedFile[]): FolderDrift {
  const drift: FolderDrift = { added: [], changed: [], removed: [], unchanged: 0 };
  const wanted = new Set<string>();
  for (const file of [...next].sort((a, b) => (a.path < b.path ? -1 : 1))) {
    wanted.add(file.path);
    const before = current.get(file.path);
    if (before === undefined) drift.added.push(file.path);
    else if (before === file.content) drift.unchanged++;
    else if (drift.changed.length >= PATCHES_SHOWN) drift.changed.push({ path: file.path });
    else drift.changed.push(changedFile(file.path, before, file.content));
  }
  drift.removed = [...current.keys()].filter((p) => !wanted.has(p)).sort();
  return drift;
}

export const isInSync = (d: FolderDrift) => d.added.length === 0 && d.changed.length === 0 && d.removed.length === 0;

export function describeFolderDrift(d: FolderDrift): string {
  if (isInSync(d)) return `in sync (${d.unchanged} files unchanged)`;
  return `${d.added.length} added, ${d.changed.length} changed, ${d.removed.length} removed, ${d.unchanged} unchanged`;
}

/** A dry run's objects worth showing: what would be created, configured, deleted or fail; unchanged are counted. */
export function kubernetesDrift(result: KubernetesPushResult): { summary: string; objects: KubernetesPushResult['objects']; unchanged: number; problems: string[] } {
  return {
    summary: result.summary,
    objects: result.objects.filter((o) => o.action !== 'unchanged'),
    unchanged: result.counts.unchanged ?? 0,
    problems: result.problems,
  };
}
