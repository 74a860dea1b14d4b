// Registry YAML in, a checked canonical registry out, or every problem with its line:column and path.
// Pure: no I/O. The happy path uses js-yaml (fast); the position-keeping `yaml` Document is only built to place
// problems (see locate.ts).
import jsyaml from 'js-yaml';
import type { z } from 'zod';
import type { ParseResult, RegistryProblem } from './errors';
import { formatPath, YamlLocator, type DataPath, type PendingProblem } from './locate';
import type { AlertTemplate, Registry } from './model';
import { registryFromFile } from './normalize';
import { checkRules } from './rules';
import { KNOWN_FIELDS, registryFileSchema } from './schema';

export const DEFAULT_MAX_BYTES = 10 * 1024 * 1024;

export interface ParseOptions {
  /** templates that apply when the file has no alert_templates section */
  defaultTemplates?: readonly AlertTemplate[];
  /** reject larger inputs before parsing (hostile or accidental huge files) */
  maxBytes?: number;
}

/** YAML 1.2 core schema plus merge keys (`<<: *defaults`), which ops teams use for families of services. */
const { merge } = (jsyaml as unknown as { types: { merge: jsyaml.Type } }).types; // exported, but not in @types/js-yaml
export const YAML_SCHEMA = jsyaml.CORE_SCHEMA.extend({ implicit: [merge] });

export function parseRegistryYaml(text: string, options: ParseOptions = {}): ParseResult<Registry> {
  const maxBytes = options.maxBytes ?? DEFAULT_MAX_BYTES;
  const size = Buffer.byteLength(text, 'utf8');
  if (size > maxBytes) {
    return fail([{ path: '', line: 1, column: 1, message: `the file is ${mb(size)}; the limit is ${mb(maxBytes)}` }]);
  }

  let data: unknown;
  let locator: YamlLocator | undefined;
  const early: RegistryProblem[] = [];
  try {
    data = jsyaml.load(text, { schema: YAML_SCHEMA, filename: 'registry' });
  } catch (error) {
    if (isStackOverflow(error)) return fail([nestingProblem()]);
    locator = new YamlLocator(text);
    const syntax = syntaxProblems(locator, error);
    if (syntax.some((p) => isStackOverflow(p.message))) return fail([nestingProblem()]);
    // Duplicate keys leave the rest of the document readable: keep checking it, so every problem shows at once.
    if (!syntax.every((p) => p.message.includes('duplicate key'))) return fail(syntax);
    early.push(...syntax);
    try {
      data = locator.doc.toJS({ maxAliasCount: 1_000 });
    } catch {
      return fail(syntax);
    }
  }

  const expansion = aliasExpansion(data);
  const expansionLimit = 100_000 + 10 * expansion.distinct;
  if (expansion.expanded === Number.POSITIVE_INFINITY) return fail([nestingProblem()]);
  if (expansion.expanded > expansionLimit) {
    const alias = /\*[^\s,\]}]+/.exec(text);
    return fail([
      {
        path: '',
        ...(alias ? positionOf(text, alias.index) : { line: 1, column: 1 }),
        message: `aliases expand to more than ${expansionLimit} values (an "alias bomb"); write the entries out instead`,
      },
    ]);
  }

  if ((data === undefined || data === null) && early.length === 0) {
    return fail([{ path: '', line: 1, column: 1, message: 'the file is empty: expected services, pages, api_endpoints…' }]);
  }

  const pending: PendingProblem[] = [];
  const checked = registryFileSchema.safeParse(data, { reportInput: true });
  if (!checked.success) pending.push(...checked.error.issues.flatMap(fromZodIssue));
  if (data && typeof data === 'object' && !Array.isArray(data)) {
    pending.push(...checkRules(data as Record<string, unknown>, { defaultTemplates: options.defaultTemplates ?? [] }));
  }
  if (pending.length > 0 || early.length > 0 || !checked.success) {
    return fail(placeAll(locator ?? new YamlLocator(text), pending, early));
  }
  return { ok: true, value: registryFromFile(checked.data, options.defaultTemplates ?? []) };
}

const MAX_DEPTH = 64;

/** Parsers recurse per nesting level; a hostile file can exhaust the stack (as an error or only as its message). */
function isStackOverflow(error: unknown): boolean {
  const message = error instanceof Error ? error.message : String(error);
  return error instanceof RangeError || message.includes('Maximum call stack size exceeded');
}

function nestingProblem(): RegistryProblem {
  return { path: '', line: 1, column: 1, message: `the file nests deeper than ${MAX_DEPTH} levels; a registry needs 4` };
}

function fail(problems: RegistryProblem[]): ParseResult<Registry> {
  return { ok: false, problems };
}

const mb = (bytes: number) =>
  bytes < 1024 ? `${bytes} bytes` : bytes < 1024 * 1024 ? `${(bytes / 1024).toFixed(1)} KB` : `${(bytes / 1024 / 1024).toFixed(1)} MB`;

function positionOf(text: string, offset: number): { line: number; column: number } {
  const before = text.slice(0, offset);
  const line = before.split('\n').length;
  return { line, column: offset - before.lastIndexOf('\n') };
}

function syntaxProblems(locator: YamlLocator, error: unknown): RegistryProblem[] {
  const problems = locator.syntaxProblems();
  if (problems.length > 0) return problems;
  // The position-keeping parser accepted what js-yaml refused (e.g. an unknown tag): report js-yaml's reason.
  if (error instanceof jsyaml.YAMLException) {
    return [
      {
        path: '',
        line: (error.mark?.line ?? 0) + 1,
        column: (error.mark?.column ?? 0) + 1,
        message: `YAML: ${error.reason}`,
      },
    ];
  }
  throw error;
}

/** Counts values as the file is written (distinct) and as aliases expand them (expanded), without expanding. */
function aliasExpansion(root: unknown): { distinct: number; expanded: number } {
  const sizes = new Map<object, number>();
  let distinct = 0;
  const sizeOf = (value: unknown, depth: number): number => {
    if (value === null || typeof value !== 'object') {
      distinct++;
      return 1;
    }
    const known = sizes.get(value);
    if (known !== undefined) return known;
    if (depth > MAX_DEPTH) return Number.POSITIVE_INFINITY; // nesting this deep is hostile too
    distinct++;
    sizes.set(value, 0); // a cycle (self-referencing alias) counts as nothing more
    let total = 1;
    for (const child of Object.values(value)) total += sizeOf(child, depth + 1);
    sizes.set(value, total);
    return total;
  };
  const expanded = sizeOf(root, 0);
  return { distinct, expanded };
}

function sectionOf(path: DataPath): string {
  // ['services', 3, 'monitoring'] -> 'services.monitoring'; ['services', 3] -> 'services'; [] -> ''
  return path.filter((p): p is string => typeof p === 'string').join('.');
}

function fromZodIssue(issue: z.core.$ZodIssue): PendingProblem[] {
  const path = issue.path as DataPath;
  if (issue.code === 'unrecognized_keys') {
    const known = KNOWN_FIELDS[sectionOf(path)] ?? [];
    return issue.keys.map((key) => ({
      path: [...path, key],
      at: 'key' as const,
      message: `unknown field ${JSON.stringify(key)}${suggest(key, known)}`,
    }));
  }
  return [{ path, message: issue.message }];
}

function suggest(key: string, known: readonly string[]): string {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known) {
    const d = editDistance(key.toLowerCase(), candidate);
    if (d < bestDistance) [best, bestDistance] = [candidate, d];
  }
  const list = known.length ? `; expected one of: ${known.join(', ')}` : '';
  return best ? ` (did you mean ${JSON.stringify(best)}?)` : list;
}

function editDistance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

function placeAll(locator: YamlLocator, pending: PendingProblem[], placedAlready: RegistryProblem[]): RegistryProblem[] {
  const seen = new Set<string>();
  const placed: RegistryProblem[] = [];
  for (const problem of [...placedAlready, ...pending.map((p) => locator.place(p))]) {
    const id = `${problem.line}:${problem.column}:${problem.path}:${problem.message}`;
    if (seen.has(id)) continue;
    seen.add(id);
    placed.push(problem);
  }
  return placed.sort((a, b) => a.line - b.line || a.column - b.column || a.path.localeCompare(b.path));
}

export { formatPath };
