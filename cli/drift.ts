// `awoooi-monitor drift --generated DIR --active DIR`: does what runs (active) still match what the registry
// generates? Exit 0 when the trees are equal, 1 with a unified diff (`--- active/P` `+++ generated/P`, /dev/null
// for files on one side only), 2 on bad usage. Files are compared as bytes first; only differing ones are diffed.
import { readdir, readFile, realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { createTwoFilesPatch, FILE_HEADERS_ONLY } from 'diff';
import picomatch from 'picomatch';
import { MARKER } from '../lib/generate/output-dir';

export interface DriftOptions {
  generated: string;
  active: string;
  /** globs on paths relative to each tree (gitignore-like: a pattern without "/" matches a name at any depth) */
  ignore: string[];
}

/** A file found in a tree: its path relative to the tree (POSIX separators) and where to read it. */
type TreeFiles = Map<string, string>;

/** Pairs read at once: enough to keep the disk busy, few enough to keep memory flat on 10,000-file trees. */
const BATCH = 32;
/** jsdiff gives up past this many changed lines (deterministic, unlike a timeout); we then say "differ". */
const MAX_EDIT_LENGTH = 20_000;

class UsageError extends Error {}

function warn(message: string): void {
  process.stderr.write(`awoooi-monitor: ${message}\n`);
}

async function directoryRoot(label: string, dir: string): Promise<string> {
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new UsageError(`--${label} ${dir}: ${code === 'ENOENT' ? 'no such directory' : (error as Error).message}`);
  }
  if (!info.isDirectory()) throw new UsageError(`--${label} ${dir}: not a directory`);
  return realpath(dir);
}

function isInside(root: string, target: string): boolean {
  return target === root || target.startsWith(root + path.sep);
}

/**
 * Every file under `root`. Symlinks are followed only while they stay inside the tree (a Kubernetes ConfigMap
 * mount is all symlinks); one leading out, a broken one, or a directory loop is skipped with a warning.
 */
async function listTree(label: string, root: string, ignored: (rel: string) => boolean): Promise<TreeFiles> {
  const files: TreeFiles = new Map();
  const walk = async (dir: string, rel: string, ancestors: Set<string>): Promise<void> => {
    const entries = await readdir(dir, { withFileTypes: true });
    for (const entry of entries) {
      const childRel = rel === '' ? entry.name : `${rel}/${entry.name}`;
      if (ignored(childRel)) continue;
      const abs = path.join(dir, entry.name);
      let isDir = entry.isDirectory();
      let isFile = entry.isFile();
      let real = abs;
      if (entry.isSymbolicLink()) {
        try {
          real = await realpath(abs);
        } catch {
          warn(`${label}/${childRel}: broken symlink, skipped`);
          continue;
        }
        if (!isInside(root, real)) {
          warn(`${label}/${childRel}: symlink leads out of the tree, skipped`);
          continue;
        }
        const target = await stat(real);
        isDir = target.isDirectory();
        isFile = target.isFile();
      }
      if (isDir) {
        if (entry.isSymbolicLink() && ancestors.has(real)) {
          warn(`${label}/${childRel}: symlink loop, skipped`);
          continue;
        }
        await walk(abs, childRel, new Set(ancestors).add(real));
      } else if (isFile) {
        files.set(childRel, abs);
      } else {
        warn(`${label}/${childRel}: not a regular file, skipped`);
      }
    }
  };
  await walk(root, '', new Set([root]));
  return files;
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/** The text of a file, or null when it is binary (not UTF-8, or holding NUL bytes as git judges). */
function textOf(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return utf8.decode(bytes);
  } catch {
    return null;
  }
}

type Change = 'changed' | 'only generated' | 'only active';

/** The unified diff of one path; a missing side is /dev/null with empty content. */
function patchFor(rel: string, active: Buffer | null, generated: Buffer | null): string {
  const oldName = active === null ? '/dev/null' : `active/${rel}`;
  const newName = generated === null ? '/dev/null' : `generated/${rel}`;
  const oldText = active === null ? '' : textOf(active);
  const newText = generated === null ? '' : textOf(generated);
  if (oldText === null || newText === null) return `Binary files ${oldName} and ${newName} differ\n`;
  const patch = createTwoFilesPatch(oldName, newName, oldText, newText, undefined, undefined, {
    context: 3,
    headerOptions: FILE_HEADERS_ONLY,
    maxEditLength: MAX_EDIT_LENGTH,
  });
  return patch ?? `Files ${oldName} and ${newName} differ (over ${MAX_EDIT_LENGTH} changed lines; no diff shown)\n`;
}

/** `generate`'s marker file at the top of its tree is bookkeeping, not config: it never counts as drift. */
function ignoreMatcher(globs: string[]): (rel: string) => boolean {
  // picomatch's `basename` option applies to every pattern, even those with a "/", so split them.
  const byName = globs.filter((g) => !g.includes('/'));
  const byPath = globs.filter((g) => g.includes('/'));
  const nameMatch = byName.length > 0 ? picomatch(byName, { dot: true, basename: true }) : () => false;
  const pathMatch = byPath.length > 0 ? picomatch(byPath, { dot: true }) : () => false;
  return (rel) => rel === MARKER || nameMatch(rel) || pathMatch(rel);
}

export async function driftCommand(options: DriftOptions): Promise<number> {
  let generatedRoot: string;
  let activeRoot: string;
  let generated: TreeFiles;
  let active: TreeFiles;
  try {
    generatedRoot = await directoryRoot('generated', options.generated);
    activeRoot = await directoryRoot('active', options.active);
    const ignored = ignoreMatcher(options.ignore);
    [generated, active] = await Promise.all([
      listTree('generated', generatedRoot, ignored),
      listTree('active', activeRoot, ignored),
    ]);
  } catch (error) {
    warn(error instanceof UsageError ? error.message : `cannot read the trees: ${(error as Error).message}`);
    return 2;
  }

  // Code-unit order, not locale order: the same trees give the same output on every machine.
  const paths = [...new Set([...generated.keys(), ...active.keys()])].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const counts: Record<Change, number> = { changed: 0, 'only generated': 0, 'only active': 0 };
  try {
    for (let start = 0; start < paths.length; start += BATCH) {
      const batch = paths.slice(start, start + BATCH);
      const pairs = await Promise.all(
        batch.map(async (rel) => {
          const a = active.get(rel);
          const g = generated.get(rel);
          return [rel, a === undefined ? null : await readFile(a), g === undefined ? null : await readFile(g)] as const;
        }),
      );
      for (const [rel, a, g] of pairs) {
        if (a !== null && g !== null && a.equals(g)) continue;
        counts[a === null ? 'only generated' : g === null ? 'only active' : 'changed'] += 1;
        process.stdout.write(patchFor(rel, a, g));
      }
    }
  } catch (error) {
    warn(`cannot read a file: ${(error as Error).message}`);
    return 2;
  }

  const differing = counts.changed + counts['only generated'] + counts['only active'];
  if (differing === 0) {
    process.stderr.write(`no drift: ${paths.length} file${paths.length === 1 ? '' : 's'} identical\n`);
    return 0;
  }
  process.stderr.write(
    `${differing === 1 ? '1 file differs' : `${differing} files differ`} (${counts.changed} changed, ` +
      `${counts['only generated']} only generated, ${counts['only active']} only active)\n`,
  );
  return 1;
}
