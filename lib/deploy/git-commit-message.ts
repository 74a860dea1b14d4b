// What an export changes, in words: the commit message, the pull request's title and body, the branch name.
// Pure: the registry diff and the file changes come in, text goes out.
import type { RegistryDiff, SectionDiff } from '../registry/diff-types';
import type { Section } from '../registry/model';

export type FileChangeKind = 'added' | 'modified' | 'deleted';

export interface FileChange {
  kind: FileChangeKind;
  /** POSIX, relative to the repository root */
  path: string;
}

export interface ExportChanges {
  /** the base branch's registry vs the exported one */
  registry: RegistryDiff;
  /** the base branch's registry file: there, absent (first export), or not readable as a registry */
  base: { kind: 'present' } | { kind: 'missing' } | { kind: 'unreadable'; reason: string };
  /** the registry file's own change (bytes), when it changed */
  registryFile?: FileChange;
  /** files changed under the generated directory */
  generated: FileChange[];
}

/** Sections in the order a reader wants them (as the export writes them); services always come first. */
const SECTION_ORDER: Section[] = ['services', 'pages', 'api_endpoints', 'alert_templates', 'owners', 'hosts'];
/** Names listed per kind before "and N more": enough to recognise a change, short enough for a commit body. */
const MAX_NAMES = 10;
/** Files listed in a pull request body; GitHub caps bodies at 65,536 characters. */
const MAX_FILES_IN_BODY = 200;

const sectionLabel = (section: Section) => section.replace('_', ' ');

const hasChanges = (d: SectionDiff) => d.added.length + d.changed.length + d.removed.length > 0;

function counts(d: SectionDiff): string {
  return `+${d.added.length} ~${d.changed.length} -${d.removed.length}`;
}

function nameList(names: readonly string[]): string {
  const shown = names.slice(0, MAX_NAMES).join(', ');
  return names.length > MAX_NAMES ? `${shown} and ${names.length - MAX_NAMES} more` : shown;
}

/** `services: +2 ~1 -0 (added a, b; changed c)`; the parenthesis only when something changed. */
export function sectionSummary(section: Section, diff: SectionDiff): string {
  const parts = [
    diff.added.length ? `added ${nameList(diff.added)}` : '',
    diff.changed.length ? `changed ${nameList(diff.changed.map((c) => c.key))}` : '',
    diff.removed.length ? `removed ${nameList(diff.removed)}` : '',
  ].filter(Boolean);
  return `${sectionLabel(section)}: ${counts(diff)}${parts.length ? ` (${parts.join('; ')})` : ''}`;
}

/** One line per changed section; the services line always (it is what readers look for first). */
export function registrySummaryLines(diff: RegistryDiff): string[] {
  return SECTION_ORDER.filter((s) => s === 'services' || hasChanges(diff.sections[s])).map((s) =>
    sectionSummary(s, diff.sections[s]),
  );
}

export function fileCounts(files: readonly FileChange[]): string {
  const n = (kind: FileChangeKind) => files.filter((f) => f.kind === kind).length;
  return `+${n('added')} ~${n('modified')} -${n('deleted')}`;
}

/** The commit's first line (and the pull request's title): under 72 characters for the usual cases. */
export function exportSubject(changes: ExportChanges): string {
  if (!changes.registry.empty) {
    const others = SECTION_ORDER.filter((s) => s !== 'services' && hasChanges(changes.registry.sections[s]));
    const more = others.length ? ` (also ${others.map(sectionLabel).join(', ')})` : '';
    return `Export registry: services ${counts(changes.registry.sections.services)}${more}`;
  }
  if (changes.generated.length) return 'Export registry: regenerated configs (registry unchanged)';
  return 'Export registry: registry file rewritten (same entries)';
}

function baseNote(changes: ExportChanges): string | undefined {
  if (changes.base.kind === 'missing') return 'The base branch had no registry file: this is the first export.';
  if (changes.base.kind === 'unreadable') {
    return `The base branch's registry file could not be read (${changes.base.reason}); counted as empty.`;
  }
  return undefined;
}

export function exportCommitMessage(changes: ExportChanges): string {
  const body = [...registrySummaryLines(changes.registry), `generated files: ${fileCounts(changes.generated)}`];
  const note = baseNote(changes);
  return [exportSubject(changes), '', ...body, ...(note ? ['', note] : []), '', 'Exported by awoooi-monitor.', ''].join('\n');
}

const KIND_LETTER: Record<FileChangeKind, string> = { added: 'A', modified: 'M', deleted: 'D' };

export interface PullRequestText {
  title: string;
  body: string;
}

export function pullRequestText(changes: ExportChanges, where: { registryPath: string; baseBranch: string }): PullRequestText {
  const lines = ['Exported by awoooi-monitor from its service registry.', ''];
  const note = baseNote(changes);
  if (note) lines.push(note, '');
  lines.push('### Registry', '', ...registrySummaryLines(changes.registry).map((l) => `- ${l}`));
  if (changes.registryFile) lines.push(`- file: \`${changes.registryFile.path}\` (${changes.registryFile.kind})`);
  lines.push('', `### Generated files (${fileCounts(changes.generated)})`, '');
  if (changes.generated.length === 0) lines.push('No generated file changed.');
  for (const file of changes.generated.slice(0, MAX_FILES_IN_BODY)) lines.push(`- \`${KIND_LETTER[file.kind]}\` \`${file.path}\``);
  if (changes.generated.length > MAX_FILES_IN_BODY) {
    lines.push(`- …and ${changes.generated.length - MAX_FILES_IN_BODY} more (see the Files tab)`);
  }
  lines.push(
    '',
    `After merging, "Sync from Git" reads \`${where.registryPath}\` on \`${where.baseBranch}\` and previews the import before applying it.`,
  );
  return { title: exportSubject(changes), body: `${lines.join('\n')}\n` };
}

/** `awoooi-monitor/export-20261202T052721Z` (UTC; ref names may not contain ':'). */
export function exportBranchName(now: Date): string {
  if (Number.isNaN(now.getTime())) throw new Error('exportBranchName: `now` is not a valid date');
  const stamp = now.toISOString().replace(/\.\d{3}Z$/, 'Z').replace(/[-:]/g, '');
  return `awoooi-monitor/export-${stamp}`;
}

/** `git diff --name-status -z --no-renames` output -> changes (A/M/D; a type change counts as modified). */
export function parseNameStatus(output: string): FileChange[] {
  const fields = output.split('\0');
  const changes: FileChange[] = [];
  for (let i = 0; i + 1 < fields.length; i += 2) {
    const status = fields[i]!;
    const file = fields[i + 1]!;
    if (!status) break;
    const kind: FileChangeKind = status.startsWith('A') ? 'added' : status.startsWith('D') ? 'deleted' : 'modified';
    changes.push({ kind, path: file });
  }
  return changes.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}
