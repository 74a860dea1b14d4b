// Writes a generated tree to a folder as one step: the new tree is built beside it and swapped in, so a
// reader (Prometheus reloading, `drift`, git) never sees half old, half new, and files of services that
// were removed from the registry disappear. Only a folder this tool wrote (it holds MARKER) or an empty or
// new one is replaced: pointing --out at the wrong folder must not delete anybody's files.
import { existsSync } from 'node:fs';
import { mkdir, readdir, rename, rm, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedFile } from './types';

export const MARKER = '.awoooi-monitor-generated';
const MARKER_TEXT = 'This folder is written by `awoooi-monitor generate` and replaced as a whole on every run.\n';

export class OutputDirError extends Error {}

export async function writeGeneratedTree(dir: string, files: readonly GeneratedFile[]): Promise<void> {
  const target = path.resolve(dir);
  if (existsSync(target)) {
    const info = await stat(target);
    if (!info.isDirectory()) throw new OutputDirError(`${dir} exists and is not a folder`);
    const entries = await readdir(target);
    if (entries.length > 0 && !entries.includes(MARKER)) {
      throw new OutputDirError(`${dir} is not empty and was not written by awoooi-monitor generate (no ${MARKER}); use a new or empty folder`);
    }
  }
  const suffix = `${process.pid}-${Date.now().toString(36)}`;
  const staging = `${target}.tmp-${suffix}`;
  const old = `${target}.old-${suffix}`;
  try {
    await mkdir(staging, { recursive: true });
    const dirs = new Set<string>();
    for (const f of files) {
      if (path.isAbsolute(f.path) || f.path.split('/').includes('..')) throw new Error(`refusing to write outside the tree: ${f.path}`);
      dirs.add(path.dirname(path.join(staging, f.path)));
    }
    for (const d of [...dirs].sort()) await mkdir(d, { recursive: true });
    // bounded concurrency: 10,000 dashboards must not open 10,000 files at once
    for (let i = 0; i < files.length; i += 64) {
      await Promise.all(files.slice(i, i + 64).map((f) => writeFile(path.join(staging, f.path), f.content)));
    }
    await writeFile(path.join(staging, MARKER), MARKER_TEXT);
    if (existsSync(target)) await rename(target, old);
    await rename(staging, target);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    if (existsSync(old) && !existsSync(target)) await rename(old, target); // put the previous tree back
    throw error;
  }
  await rm(old, { recursive: true, force: true });
}
