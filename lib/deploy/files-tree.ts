// Puts a generated tree into the folder the monitoring stack reads, so that it can be taken back.
// As lib/generate/output-dir.ts does: the new tree is written beside the folder and renamed into its place,
// so a reload never reads half old, half new, and files of removed services disappear; only a folder this
// tool wrote (it holds MARKER), an empty one or a new one is replaced. Unlike it, the tree that was there is
// kept (renamed aside) until the push is settled: commit() keeps it as `<dir>.previous` (a manual rollback
// is one rename away), restore() puts it back.
//
// A renamed folder is a new inode: a container that bind-mounts `<dir>` itself keeps seeing the old one.
// Mount its parent instead (the confirmation after the reload catches the mistake, and the push rolls back).
import { existsSync } from 'node:fs';
import { mkdir, readdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { MARKER } from '../generate/output-dir';
import type { GeneratedFile } from '../generate/types';

const MARKER_TEXT = 'This folder is written by awoooi-monitor (generate or a push) and replaced as a whole each time.\n';

export class TreeError extends Error {}

export interface TreeSwap {
  /** the tree that was there before, renamed aside; undefined when the folder did not exist */
  held: string | undefined;
  /** keeps the new tree; the one before becomes `<dir>.previous` (replacing an older one) */
  commit(): Promise<void>;
  /** puts the tree that was there before back; the new one is deleted */
  restore(): Promise<void>;
}

export const previousPath = (dir: string) => `${path.resolve(dir)}.previous`;

async function checkReplaceable(target: string, shown: string): Promise<void> {
  if (!existsSync(target)) return;
  const info = await stat(target);
  if (!info.isDirectory()) throw new TreeError(`${shown} exists and is not a folder`);
  const entries = await readdir(target);
  if (entries.length > 0 && !entries.includes(MARKER)) {
    throw new TreeError(`${shown} is not empty and was not written by awoooi-monitor (no ${MARKER}); push to a new or empty folder`);
  }
}

/**
 * A push that died between its two renames leaves `<dir>` missing and the old tree as `<dir>.held-*`:
 * put it back, and clear the half-written `.tmp-*` trees. Call with the push lock held.
 */
async function recoverInterrupted(target: string): Promise<void> {
  const parent = path.dirname(target);
  const base = path.basename(target);
  if (!existsSync(parent)) return;
  const siblings = await readdir(parent);
  const held = siblings.filter((s) => s.startsWith(`${base}.held-`)).sort();
  if (!existsSync(target) && held.length > 0) await rename(path.join(parent, held.at(-1)!), target);
  for (const s of siblings) {
    if (s.startsWith(`${base}.tmp-`) || s.startsWith(`${base}.failed-`) || (existsSync(target) && s.startsWith(`${base}.held-`))) {
      await rm(path.join(parent, s), { recursive: true, force: true });
    }
  }
}

/** Writes `files` beside `dir` and swaps them in; see the top of this file. Nothing changes when it throws. */
export async function swapInTree(dir: string, files: readonly GeneratedFile[]): Promise<TreeSwap> {
  const target = path.resolve(dir);
  await recoverInterrupted(target);
  await checkReplaceable(target, dir);
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = `${target}.tmp-${suffix}`;
  const held = `${target}.held-${suffix}`;
  const hadTree = existsSync(target);
  try {
    await mkdir(staging, { recursive: true });
    const dirs = new Set(files.map((f) => path.dirname(path.join(staging, f.path))));
    for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
    // bounded concurrency: 10,000 dashboards must not open 10,000 files at once
    for (let i = 0; i < files.length; i += 64) {
      await Promise.all(files.slice(i, i + 64).map((f) => writeFile(path.join(staging, f.path), f.content)));
    }
    await writeFile(path.join(staging, MARKER), MARKER_TEXT);
    if (hadTree) await rename(target, held);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (hadTree && existsSync(held) && !existsSync(target)) await rename(held, target);
    throw new TreeError(`could not write the new tree into ${dir}: ${(error as Error).message}`);
  }
  return {
    held: hadTree ? held : undefined,
    async commit() {
      await rm(previousPath(target), { recursive: true, force: true });
      if (hadTree) await rename(held, previousPath(target));
    },
    async restore() {
      const failed = `${target}.failed-${suffix}`;
      if (existsSync(target)) await rename(target, failed);
      if (hadTree) await rename(held, target);
      await rm(failed, { recursive: true, force: true });
    },
  };
}

// ---- one push at a time per folder ---------------------------------------------------------------

const lockPath = (target: string) => `${target}.push-lock`;

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM'; // exists, owned by someone else
  }
}

/**
 * Takes `<dir>.push-lock` (holding this process's id) or throws naming the push that holds it. A lock whose
 * process is gone is stale and taken over. Returns the release function.
 */
export async function acquirePushLock(dir: string): Promise<() => Promise<void>> {
  const target = path.resolve(dir);
  const file = lockPath(target);
  await mkdir(path.dirname(target), { recursive: true });
  for (let attempt = 0; ; attempt++) {
    try {
      await writeFile(file, `${process.pid}\n`, { flag: 'wx' });
      return () => rm(file, { force: true });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
      if (attempt > 0) throw new TreeError(`another push to ${dir} took the lock ${file} first; try again when it is done`);
    }
    const holder = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(holder) && holder > 0 && isAlive(holder)) {
      throw new TreeError(`another push to ${dir} is running (process ${holder}, lock ${file}); try again when it is done`);
    }
    await rm(file, { force: true }); // stale: its process is gone
  }
}
