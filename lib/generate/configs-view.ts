// What the Configs page shows, computed from the generated files: the file list grouped by folder (filtered,
// big folders collapsed, one folder paginated), the findings' links into the registry lists, and the check
// results summed up per tool. Pure: no I/O, so it is cheap to test and the same input gives the same view.
import type { CheckReport, CheckStatus, FileCheck } from './check';
import type { Finding } from './types';

/** Files listed per folder before the rest is collapsed into "N more". */
export const FOLDER_PREVIEW = 20;
/** Files per page when one folder is opened. */
export const FOLDER_PAGE_SIZE = 100;
export const FINDINGS_PAGE_SIZE = 25;
const MAX_Q_LENGTH = 200;
const MAX_PAGE = 1_000_000;

export interface FileEntry {
  path: string;
  /** UTF-8 size */
  bytes: number;
}

export type SearchParams = Record<string, string | string[] | undefined>;

export interface ConfigsQuery {
  /** case-insensitive substring of the path */
  q: string;
  /** the one folder opened in full (paginated) */
  folder?: string;
  /** page within the opened folder */
  page: number;
  /** case-insensitive substring of a finding's entry, item or message */
  fq: string;
  kind?: Finding['kind'];
  /** page of the findings table */
  fpage: number;
  /** the file shown; absent: the default one */
  file?: string;
}

function single(sp: SearchParams, key: string): string | undefined {
  const v = sp[key];
  const s = Array.isArray(v) ? v[0] : v;
  return s === undefined || s === '' ? undefined : s;
}

function parsePage(sp: SearchParams, key: string, what: string, problems: string[]): number {
  const raw = single(sp, key);
  if (raw === undefined) return 1;
  const n = /^\d{1,7}$/.test(raw) ? Number(raw) : NaN;
  if (n >= 1 && n <= MAX_PAGE) return n;
  problems.push(`"${raw}" is not a ${what} number (use a whole number from 1).`);
  return 1;
}

/** URL parameters of /configs; invalid ones are replaced by defaults and explained. */
function parseText(sp: SearchParams, key: string, problems: string[]): string {
  const text = (single(sp, key) ?? '').trim();
  if (text.length <= MAX_Q_LENGTH) return text;
  problems.push(`The filter text is longer than ${MAX_Q_LENGTH} characters; only the start was used.`);
  return text.slice(0, MAX_Q_LENGTH);
}

export function parseConfigsQuery(sp: SearchParams): { query: ConfigsQuery; problems: string[] } {
  const problems: string[] = [];
  const q = parseText(sp, 'q', problems);
  const fq = parseText(sp, 'fq', problems);
  const rawKind = single(sp, 'kind');
  let kind: Finding['kind'] | undefined;
  if (rawKind === 'skipped' || rawKind === 'note') kind = rawKind;
  else if (rawKind !== undefined) problems.push(`Unknown finding kind "${rawKind}". Choose skipped or note.`);
  const folder = single(sp, 'folder');
  const file = single(sp, 'file');
  return {
    query: {
      q,
      fq,
      ...(kind === undefined ? {} : { kind }),
      ...(folder === undefined ? {} : { folder }),
      page: parsePage(sp, 'page', 'page', problems),
      fpage: parsePage(sp, 'fpage', 'findings page', problems),
      ...(file === undefined ? {} : { file }),
    },
    problems,
  };
}

/** `prometheus/rules/services.yml` -> `prometheus/rules`; a file at the top -> ''. */
export function folderOf(path: string): string {
  const slash = path.lastIndexOf('/');
  return slash < 0 ? '' : path.slice(0, slash);
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

export interface FolderGroup {
  folder: string;
  /** files in the folder that match the filter */
  total: number;
  /** the ones listed, in path order */
  shown: FileEntry[];
}

export interface FileListView {
  groups: FolderGroup[];
  /** files matching the filter, in all folders */
  matched: number;
  /** set when one folder is opened: its pages */
  folderPages?: { folder: string; page: number; pageCount: number; pageSize: number };
  problems: string[];
}

/**
 * The file list: files matching `q`, grouped by folder in path order. Without `folder`, each folder lists its
 * first FOLDER_PREVIEW files (plus the selected one, so it stays visible); with `folder`, only that folder,
 * FOLDER_PAGE_SIZE files a page. 10,000 dashboards never become 10,000 links on one page.
 */
export function fileListView(files: readonly FileEntry[], query: ConfigsQuery): FileListView {
  const needle = query.q.toLowerCase();
  const matching = needle ? files.filter((f) => f.path.toLowerCase().includes(needle)) : files;
  const byFolder = new Map<string, FileEntry[]>();
  for (const f of matching) {
    const folder = folderOf(f.path);
    const list = byFolder.get(folder);
    if (list) list.push(f);
    else byFolder.set(folder, [f]);
  }
  const problems: string[] = [];
  if (query.folder !== undefined) {
    const list = byFolder.get(query.folder);
    if (list) {
      const pageCount = Math.max(1, Math.ceil(list.length / FOLDER_PAGE_SIZE));
      let page = query.page;
      if (page > pageCount) {
        problems.push(`Page ${page} of ${query.folder} does not exist; showing page ${pageCount}, the last one.`);
        page = pageCount;
      }
      const shown = list.slice((page - 1) * FOLDER_PAGE_SIZE, page * FOLDER_PAGE_SIZE);
      return {
        groups: [{ folder: query.folder, total: list.length, shown }],
        matched: matching.length,
        folderPages: { folder: query.folder, page, pageCount, pageSize: FOLDER_PAGE_SIZE },
        problems,
      };
    }
    if (!needle) problems.push(`There is no folder "${query.folder}" in the generated files; showing all folders.`);
  }
  const groups = [...byFolder].map(([folder, list]) => {
    const shown = list.slice(0, FOLDER_PREVIEW);
    const selected = query.file === undefined ? undefined : list.find((f) => f.path === query.file);
    if (selected && !shown.includes(selected)) shown.push(selected);
    return { folder, total: list.length, shown };
  });
  return { groups, matched: matching.length, problems };
}

/** The file shown when the URL names none: prometheus.yml, the heart of it, else the first one. */
export function defaultFile(files: readonly FileEntry[]): string | undefined {
  return files.find((f) => f.path === 'prometheus/prometheus.yml')?.path ?? files[0]?.path;
}

// ---- findings ----------------------------------------------------------------------------------

/** The registry list filtered to a finding's entry, e.g. `services/ollama` -> `/services?q=ollama`. */
export function findingHref(entry: string): string | undefined {
  const slash = entry.indexOf('/');
  if (slash < 0) return undefined;
  const name = entry.slice(slash + 1);
  if (!name) return undefined;
  const href = (base: string, params: Record<string, string>) => `${base}?${new URLSearchParams(params).toString()}`;
  switch (entry.slice(0, slash)) {
    case 'services':
      return href('/services', { q: name });
    case 'pages':
      return href('/pages', { q: name });
    case 'alert_templates':
      return href('/templates', { q: name });
    case 'owners':
      return href('/services', { owner: name });
    case 'hosts':
      return '/hosts';
    case 'api_endpoints': {
      const space = name.indexOf(' ');
      return space < 0 ? href('/endpoints', { q: name }) : href('/endpoints', { q: name.slice(space + 1), method: name.slice(0, space) });
    }
    default:
      return undefined;
  }
}

/** Findings of `kind` whose entry, item or message contains `fq` (case-insensitive). */
export function filterFindings(findings: readonly Finding[], fq: string, kind?: Finding['kind']): readonly Finding[] {
  const needle = fq.toLowerCase();
  if (!needle && !kind) return findings;
  return findings.filter(
    (f) =>
      (!kind || f.kind === kind) &&
      (!needle || f.entry.toLowerCase().includes(needle) || (f.item ?? '').toLowerCase().includes(needle) || f.message.toLowerCase().includes(needle)),
  );
}

export function findingCounts(findings: readonly Finding[]): { skipped: number; notes: number } {
  let skipped = 0;
  for (const f of findings) if (f.kind === 'skipped') skipped++;
  return { skipped, notes: findings.length - skipped };
}

export function pageOf<T>(items: readonly T[], page: number, pageSize: number): { rows: T[]; page: number; pageCount: number } {
  const pageCount = Math.max(1, Math.ceil(items.length / pageSize));
  const p = Math.min(page, pageCount);
  return { rows: items.slice((p - 1) * pageSize, p * pageSize), page: p, pageCount };
}

// ---- checks ------------------------------------------------------------------------------------

export interface ToolSummary {
  /** what checked, e.g. `promtool check rules`, `yaml` (a parse), or `none` */
  tool: string;
  /** the tool's version, for promtool and amtool when found */
  version?: string;
  ok: number;
  failed: number;
  notChecked: number;
}

const TOOL_ORDER = ['promtool check config', 'promtool check rules', 'amtool check-config', 'yaml', 'json'];

/** Files per tool and status (a file checked by two tools counts under both), and the files that failed. */
export function checkSummary(report: CheckReport): { tools: ToolSummary[]; failed: FileCheck[]; byStatus: Record<CheckStatus, number> } {
  const tools = new Map<string, ToolSummary>();
  const byStatus: Record<CheckStatus, number> = { ok: 0, failed: 0, 'not-checked': 0 };
  for (const file of report.files) {
    byStatus[file.status]++;
    for (const tool of file.tool ? file.tool.split(', ') : ['none']) {
      let summary = tools.get(tool);
      if (!summary) {
        const binary = tool.split(' ')[0];
        const version = binary === 'promtool' ? report.tools.promtool : binary === 'amtool' ? report.tools.amtool : undefined;
        summary = { tool, ...(version ? { version } : {}), ok: 0, failed: 0, notChecked: 0 };
        tools.set(tool, summary);
      }
      if (file.status === 'ok') summary.ok++;
      else if (file.status === 'failed') summary.failed++;
      else summary.notChecked++;
    }
  }
  const rank = (t: string) => (TOOL_ORDER.includes(t) ? TOOL_ORDER.indexOf(t) : TOOL_ORDER.length);
  return {
    tools: [...tools.values()].sort((a, b) => rank(a.tool) - rank(b.tool) || (a.tool < b.tool ? -1 : a.tool > b.tool ? 1 : 0)),
    failed: report.files.filter((f) => f.status === 'failed'),
    byStatus,
  };
}

// ---- downloads ---------------------------------------------------------------------------------

export function contentTypeFor(path: string): string {
  return path.endsWith('.json') ? 'application/json; charset=utf-8' : 'text/plain; charset=utf-8';
}

/** `attachment` with the file's base name; an ASCII fallback plus RFC 5987 for anything else. */
export function attachmentHeader(path: string): string {
  const name = baseName(path) || 'config';
  const ascii = name.replace(/[^A-Za-z0-9._-]/g, '_');
  return ascii === name ? `attachment; filename="${name}"` : `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(name)}`;
}

export function formatBytes(n: number): string {
  if (n < 1024) return `${n.toLocaleString('en-US')} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} KB`;
  return `${(n / 1024 / 1024).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}
