// "Sync from Git", the reading half, against a real bare repository; and the whole preview: what was merged, read
// back and given to the import's dry run on a real database, which shows the difference and changes nothing.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { exportToGit } from '../../lib/deploy/git-export';
import { GitExportError } from '../../lib/deploy/git-errors';
import { readRegistryFromGit } from '../../lib/deploy/git-registry-read';
import { generate } from '../../lib/generate/index';
import { defaultSettings } from '../../lib/generate/settings';
import { registryToYaml } from '../../lib/registry/export';
import { importRegistryYaml } from '../../lib/registry/import';
import { loadRegistry } from '../../lib/registry/store';
import { createBareRepository, runGit } from '../helpers/github-api';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const MAIN_REGISTRY = 'services: []\n# on main\n';
const OPS_REGISTRY = 'services: []\n# on ops\n';
let root: string;
let bare: string;
let firstCommit: string;

async function rejection(promise: Promise<unknown>): Promise<GitExportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitExportError);
  return error as GitExportError;
}

beforeAll(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'awoooi-read-test-'));
  bare = await createBareRepository(path.join(root, 'monitoring.git'), { 'registry/service-registry.yaml': MAIN_REGISTRY, 'README.md': 'x\n' });
  firstCommit = (await runGit(bare, 'rev-parse', 'main')).trim();
  // a second commit on another branch, and a tag on the first commit
  const work = path.join(root, 'work');
  await runGit(root, 'clone', '-q', bare, work);
  await runGit(work, 'checkout', '-q', '-b', 'ops');
  await writeFile(path.join(work, 'registry/service-registry.yaml'), OPS_REGISTRY);
  await runGit(work, 'commit', '-q', '-am', 'ops registry');
  await runGit(work, 'push', '-q', 'origin', 'ops');
  await runGit(bare, 'tag', 'v1', 'main');
});

afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

describe('readRegistryFromGit', () => {
  it("returns the base branch's registry file, exactly, with its commit", async () => {
    expect(await readRegistryFromGit({ repo: { localPath: bare } })).toEqual({
      yaml: MAIN_REGISTRY,
      commit: firstCommit,
      ref: 'main',
      path: 'registry/service-registry.yaml',
    });
  });

  it('reads another branch, a tag or a commit when asked', async () => {
    const ops = (await runGit(bare, 'rev-parse', 'ops')).trim();
    expect(await readRegistryFromGit({ repo: { localPath: bare }, ref: 'ops' })).toMatchObject({ yaml: OPS_REGISTRY, commit: ops });
    expect(await readRegistryFromGit({ repo: { url: `file://${bare}`, baseBranch: 'ops' } })).toMatchObject({ yaml: OPS_REGISTRY, ref: 'ops' });
    expect(await readRegistryFromGit({ repo: { localPath: bare }, ref: 'v1' })).toMatchObject({ yaml: MAIN_REGISTRY, commit: firstCommit });
    expect(await readRegistryFromGit({ repo: { localPath: bare }, ref: firstCommit })).toMatchObject({ yaml: MAIN_REGISTRY, commit: firstCommit });
  });

  it('says the file is missing, naming the path, the ref and the commit', async () => {
    const error = await rejection(readRegistryFromGit({ repo: { localPath: bare, registryPath: 'monitoring/registry.yaml' } }));
    expect(error.code).toBe('registry-file-missing');
    expect(error.message).toBe(
      `${bare} has no monitoring/registry.yaml at main (commit ${firstCommit.slice(0, 12)}); export to Git first, or set the registry path`,
    );
  });

  it('says the ref is missing, and refuses refs that are not names or commits', async () => {
    const missing = await rejection(readRegistryFromGit({ repo: { localPath: bare }, ref: 'release' }));
    expect(missing.code).toBe('ref-not-found');
    expect(missing.message).toContain(`fetching release from ${bare}: fatal: couldn't find remote ref release`);
    const invalid = await rejection(readRegistryFromGit({ repo: { localPath: bare }, ref: 'a..b' }));
    expect(invalid.code).toBe('invalid-config');
    expect(invalid.message).toBe('ref "a..b" is not a branch, tag or full commit id');
  });
});

describe('Sync from Git preview', () => {
  let t: TestDatabase;
  beforeAll(async () => {
    t = await createTestDatabase();
  });
  afterAll(async () => {
    await t?.drop();
  });

  it('previews what was merged as an import dry run, changing nothing', async () => {
    const seed = readFileSync('registry/service-registry.yaml', 'utf8');
    const imported = await importRegistryYaml(t.db, seed);
    if (!imported.ok) throw new Error('the example registry did not import');
    const stored = await loadRegistry(t.db);

    // someone exports without "redis", the pull request is merged
    const edited = { ...stored, services: stored.services.filter((s) => s.name !== 'redis') };
    const remote = await createBareRepository(path.join(root, 'sync.git'), { 'README.md': 'x\n' });
    const exported = await exportToGit({
      repo: { localPath: remote },
      registryYaml: registryToYaml(edited),
      files: generate(edited, defaultSettings()).files,
      author: { name: 'Ops Bot', email: 'ops-bot@example.test' },
      now: new Date('2026-12-02T05:00:00Z'),
    });
    if (exported.status !== 'pushed') throw new Error(`expected pushed, got ${exported.status}`);
    await runGit(remote, 'update-ref', 'refs/heads/main', exported.commit);

    const read = await readRegistryFromGit({ repo: { localPath: remote } });
    const preview = await importRegistryYaml(t.db, read.yaml, { dryRun: true });
    if (!preview.ok) throw new Error(JSON.stringify(preview.problems));
    expect(preview.diff.sections.services.removed).toEqual(['redis']);
    expect(preview.diff.sections.services.added).toEqual([]);
    expect(preview.diff.sections.services.changed).toEqual([]);
    expect(await loadRegistry(t.db)).toEqual(stored);
  });
});
