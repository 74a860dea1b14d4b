// Swapping a tree into a config folder so that it can be taken back, and one push per folder at a time.
import { existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { acquirePushLock, swapInTree } from '../../lib/deploy/files-tree';
import { MARKER } from '../../lib/generate/output-dir';

const root = mkdtempSync(path.join(tmpdir(), 'awoooi-deploy-tree-'));
let n = 0;
const freshDir = () => path.join(root, `target-${++n}`);
const read = (dir: string, file: string) => readFileSync(path.join(dir, file), 'utf8');
afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('swapInTree', () => {
  it('replaces the whole tree and keeps the one before as <dir>.previous on commit', async () => {
    const dir = freshDir();
    await (await swapInTree(dir, [{ path: 'a/one.yml', content: 'one\n' }, { path: 'gone.yml', content: 'x\n' }])).commit();
    expect(existsSync(`${dir}.previous`)).toBe(false); // nothing was there before
    const swap = await swapInTree(dir, [{ path: 'a/one.yml', content: 'two\n' }]);
    expect(read(dir, 'a/one.yml')).toBe('two\n');
    expect(existsSync(path.join(dir, 'gone.yml'))).toBe(false);
    expect(existsSync(path.join(dir, MARKER))).toBe(true);
    await swap.commit();
    expect(read(`${dir}.previous`, 'a/one.yml')).toBe('one\n');
    expect(readdirSync(root).filter((e) => e.startsWith(path.basename(dir)))).toEqual([path.basename(dir), `${path.basename(dir)}.previous`].sort());
  });

  it('puts the tree before back on restore, and removes a folder that did not exist', async () => {
    const dir = freshDir();
    const first = await swapInTree(dir, [{ path: 'x.yml', content: 'new\n' }]);
    await first.restore();
    expect(existsSync(dir)).toBe(false);
    await (await swapInTree(dir, [{ path: 'x.yml', content: 'old\n' }])).commit();
    const second = await swapInTree(dir, [{ path: 'x.yml', content: 'new\n' }, { path: 'y.yml', content: 'y\n' }]);
    await second.restore();
    expect(read(dir, 'x.yml')).toBe('old\n');
    expect(existsSync(path.join(dir, 'y.yml'))).toBe(false);
    expect(readdirSync(root).filter((e) => e.startsWith(`${path.basename(dir)}.`))).toEqual([]);
  });

  it('refuses a folder it did not write, and changes nothing when a file cannot be written', async () => {
    const dir = freshDir();
    mkdirSync(dir);
    writeFileSync(path.join(dir, 'prometheus.yml'), 'hand-written\n');
    await expect(swapInTree(dir, [{ path: 'x.yml', content: '' }])).rejects.toThrow(/is not empty and was not written by awoooi-monitor/);
    const ours = freshDir();
    await (await swapInTree(ours, [{ path: 'x.yml', content: 'kept\n' }])).commit();
    // a file where the tree needs a folder: writing fails half-way
    await expect(swapInTree(ours, [{ path: 'f', content: '' }, { path: 'f/g.yml', content: '' }])).rejects.toThrow(/could not write the new tree into/);
    expect(read(ours, 'x.yml')).toBe('kept\n');
    expect(readdirSync(root).filter((e) => e.startsWith(`${path.basename(ours)}.`))).toEqual([]);
  });

  it('recovers the tree of a push that died between its two renames', async () => {
    const dir = freshDir();
    await (await swapInTree(dir, [{ path: 'x.yml', content: 'before\n' }])).commit();
    renameSync(dir, `${dir}.held-1-crashed`);
    mkdirSync(`${dir}.tmp-1-crashed`);
    const swap = await swapInTree(dir, [{ path: 'x.yml', content: 'after\n' }]);
    await swap.restore();
    expect(read(dir, 'x.yml')).toBe('before\n');
    expect(readdirSync(root).filter((e) => e.startsWith(`${path.basename(dir)}.`))).toEqual([]);
  });
});

describe('acquirePushLock', () => {
  it('lets one push at a time into a folder and takes over a lock whose process is gone', async () => {
    const dir = freshDir();
    const release = await acquirePushLock(dir);
    await expect(acquirePushLock(dir)).rejects.toThrow(new RegExp(`another push to .* is running \\(process ${process.pid}`));
    await release();
    writeFileSync(`${dir}.push-lock`, '999999999\n'); // no such process
    const again = await acquirePushLock(dir);
    expect(read(root, `${path.basename(dir)}.push-lock`).trim()).toBe(String(process.pid));
    await again();
    expect(existsSync(`${dir}.push-lock`)).toBe(false);
  });
});
