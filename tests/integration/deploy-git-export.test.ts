// "Export to Git" against real git: a bare repository in a temp folder is the remote (as a local path), seeded with
// a commit on main. The registry is the example one and the files are what generate() makes of it.
import { mkdir, mkdtemp, readdir, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportToGit, type ExportToGitOptions } from '../../lib/deploy/git-export';
import { generate } from '../../lib/generate/index';
import { defaultSettings } from '../../lib/generate/settings';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import { registryToYaml } from '../../lib/registry/export';
import type { Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';
import { branchesOf, gitExportRejection, createBareRepository, runGit } from '../helpers/github-api';

const author = { name: 'Ops Bot', email: 'ops-bot@example.test' };
const t0 = new Date('2026-12-02T05:00:00.000Z');
let example: Registry;
let root: string;
let bare: string;
let ownTmp: string;
let savedTmp: string | undefined;

function parseExample(): Registry {
  const parsed = parseRegistryYaml(readFileSync('registry/service-registry.yaml', 'utf8'), { defaultTemplates: loadDefaultTemplates() });
  if (!parsed.ok) throw new Error('the example registry is invalid');
  return parsed.value;
}

function exportOptions(registry: Registry, now: Date, overrides: Partial<ExportToGitOptions> = {}): ExportToGitOptions {
  return {
    repo: { localPath: bare },
    registryYaml: registryToYaml(registry),
    files: generate(registry, defaultSettings()).files,
    author,
    now,
    ...overrides,
  };
}

/** Makes the export branch main, as merging the pull request would. */
async function merge(branch: string): Promise<void> {
  await runGit(bare, 'update-ref', 'refs/heads/main', `refs/heads/${branch}`);
}

beforeAll(() => {
  example = parseExample();
});

beforeEach(async () => {
  root = await mkdtemp(path.join(tmpdir(), 'awoooi-export-test-'));
  // A .gitignore that would swallow the dashboards: the export must still commit them.
  bare = await createBareRepository(path.join(root, 'monitoring.git'), { 'README.md': '# monitoring\n', '.gitignore': 'generated/grafana/\n' });
  // The export's temp folders go here, so the tests can see that none is left behind.
  ownTmp = path.join(root, 'tmp');
  await mkdir(ownTmp);
  savedTmp = process.env.TMPDIR;
  process.env.TMPDIR = ownTmp;
});

afterEach(async () => {
  const leftovers = await readdir(ownTmp);
  if (savedTmp === undefined) delete process.env.TMPDIR;
  else process.env.TMPDIR = savedTmp;
  await rm(root, { recursive: true, force: true });
  expect(leftovers).toEqual([]); // every work tree was deleted, whatever happened
});

describe('exportToGit to a local bare repository', () => {
  it('commits the registry and the generated tree on a new branch, leaving main alone', async () => {
    const mainBefore = (await branchesOf(bare)).get('main');
    const options = exportOptions(example, t0);
    const result = await exportToGit(options);

    expect(result.status).toBe('pushed');
    if (result.status !== 'pushed') return;
    expect(result.branch).toBe('awoooi-monitor/export-20261202T050000Z');
    const branches = await branchesOf(bare);
    expect([...branches.keys()].sort()).toEqual(['awoooi-monitor/export-20261202T050000Z', 'main']);
    expect(branches.get('main')).toBe(mainBefore);
    expect(branches.get(result.branch)).toBe(result.commit);
    expect(result.baseCommit).toBe(mainBefore);

    const tree = (await runGit(bare, 'ls-tree', '-r', '--name-only', result.branch)).split('\n').filter(Boolean);
    const expected = ['.gitignore', 'README.md', 'registry/service-registry.yaml', ...options.files.map((f) => `generated/${f.path}`)];
    expect(tree.sort()).toEqual(expected.sort());
    expect(await runGit(bare, 'show', `${result.branch}:registry/service-registry.yaml`)).toBe(options.registryYaml);
    const rules = options.files.find((f) => f.path === 'prometheus/rules/services.yml')!;
    expect(await runGit(bare, 'show', `${result.branch}:generated/prometheus/rules/services.yml`)).toBe(rules.content);

    const message = await runGit(bare, 'log', '-1', '--format=%B', result.branch);
    expect(message.split('\n')[0]).toBe('Export registry: services +11 ~0 -0 (also pages, api endpoints, alert templates, owners)');
    expect(message).toContain('services: +11 ~0 -0 (added awoooi-api, awoooi-web, awoooi-worker, github-runner, harbor, langfuse, ollama, openclaw, postgres, redis and 1 more)');
    expect(message).toContain(`generated files: +${options.files.length} ~0 -0`);
    expect(message).toContain('The base branch had no registry file: this is the first export.');
    expect(await runGit(bare, 'log', '-1', '--format=%an <%ae> %aI %cn %P', result.branch)).toBe(
      `Ops Bot <ops-bot@example.test> 2026-12-02T05:00:00+00:00 Ops Bot ${mainBefore}\n`,
    );
    expect(result.changes.generated).toHaveLength(options.files.length);
    expect(result.changes.registryFile).toEqual({ kind: 'added', path: 'registry/service-registry.yaml' });
  });

  it('pushes nothing when the base branch already has the same registry and files', async () => {
    const first = await exportToGit(exportOptions(example, t0));
    if (first.status !== 'pushed') throw new Error(`expected pushed, got ${first.status}`);
    await merge(first.branch);

    const again = await exportToGit(exportOptions(example, new Date('2026-12-02T06:00:00Z')));
    expect(again).toEqual({ status: 'unchanged', baseBranch: 'main', baseCommit: first.commit });
    expect([...(await branchesOf(bare)).keys()].sort()).toEqual([first.branch, 'main']);
  });

  it('removes the files of a removed service and says what was removed and changed', async () => {
    const first = await exportToGit(exportOptions(example, t0));
    if (first.status !== 'pushed') throw new Error(`expected pushed, got ${first.status}`);
    await merge(first.branch);

    const edited: Registry = {
      ...example,
      services: example.services.filter((s) => s.name !== 'redis').map((s) => (s.name === 'ollama' ? { ...s, port: 11435 } : s)),
    };
    const result = await exportToGit(exportOptions(edited, new Date('2026-12-03T07:08:09Z')));
    if (result.status !== 'pushed') throw new Error(`expected pushed, got ${result.status}`);

    const tree = await runGit(bare, 'ls-tree', '-r', '--name-only', result.branch);
    expect(tree).not.toContain('generated/grafana/dashboards/services/redis.json');
    expect(tree).toContain('generated/grafana/dashboards/services/ollama.json');
    const changed = await runGit(bare, 'diff', '--name-status', '--no-renames', 'main', result.branch);
    expect(changed).toContain('D\tgenerated/grafana/dashboards/services/redis.json');
    expect(changed).toContain('M\tregistry/service-registry.yaml');

    const message = await runGit(bare, 'log', '-1', '--format=%B', result.branch);
    expect(message.split('\n')[0]).toBe('Export registry: services +0 ~1 -1');
    expect(message).toContain('services: +0 ~1 -1 (changed ollama; removed redis)');
    expect(message).not.toContain('first export');
    expect(result.changes.generated).toContainEqual({ kind: 'deleted', path: 'generated/grafana/dashboards/services/redis.json' });
  });

  it('writes where the options say: another base branch, registry path and generated directory', async () => {
    await runGit(bare, 'branch', 'ops', 'main');
    const result = await exportToGit(
      exportOptions(example, t0, { repo: { url: `file://${bare}`, baseBranch: 'ops', registryPath: 'monitoring/registry.yaml', generatedDir: 'monitoring/out/' } }),
    );
    if (result.status !== 'pushed') throw new Error(`expected pushed, got ${result.status}`);
    expect(result.baseBranch).toBe('ops');
    const tree = await runGit(bare, 'ls-tree', '-r', '--name-only', result.branch);
    expect(tree).toContain('monitoring/registry.yaml\n');
    expect(tree).toContain('monitoring/out/prometheus/prometheus.yml\n');
    expect(tree).not.toContain('generated/');
  });

  it('refuses to overwrite an existing branch of the same name', async () => {
    const first = await exportToGit(exportOptions(example, t0));
    if (first.status !== 'pushed') throw new Error(`expected pushed, got ${first.status}`);
    const other: Registry = { ...example, services: example.services.slice(1) };

    const error = await gitExportRejection(exportToGit(exportOptions(other, t0)));
    expect(error.code).toBe('branch-exists');
    expect(error.message).toContain(`the branch ${first.branch} already exists on the remote; nothing was overwritten`);
    expect((await branchesOf(bare)).get(first.branch)).toBe(first.commit);
  });

  it('reports a push the remote refuses, with the remote\'s reason', async () => {
    const hook = path.join(bare, 'hooks', 'pre-receive');
    await writeFile(hook, '#!/bin/sh\necho "exports are frozen until Monday" >&2\nexit 1\n');
    await chmod(hook, 0o755);

    const error = await gitExportRejection(exportToGit(exportOptions(example, t0)));
    expect(error.code).toBe('push-rejected');
    expect(error.message).toContain(`pushing branch awoooi-monitor/export-20261202T050000Z to ${bare}`);
    expect(error.message).toContain('remote: exports are frozen until Monday');
    expect([...(await branchesOf(bare)).keys()]).toEqual(['main']);
  });

  it('says which base branch is missing, and where', async () => {
    const error = await gitExportRejection(exportToGit(exportOptions(example, t0, { repo: { localPath: bare, baseBranch: 'release' } })));
    expect(error.code).toBe('ref-not-found');
    expect(error.message).toContain(`fetching branch release from ${bare}`);
    expect(error.message).toContain("couldn't find remote ref refs/heads/release");
  });

  it('says when the repository does not exist', async () => {
    const missing = path.join(root, 'nope.git');
    const error = await gitExportRejection(exportToGit(exportOptions(example, t0, { repo: { localPath: missing } })));
    expect(error.code).toBe('repository-not-found');
    expect(error.message).toContain(missing);
  });

  it('refuses to write through a symbolic link in the repository', async () => {
    const outside = path.join(root, 'outside');
    await mkdir(outside);
    const seeded = await mkdtemp(path.join(root, 'seed-'));
    await runGit(seeded, 'clone', '-q', bare, 'w');
    await symlink(outside, path.join(seeded, 'w', 'registry'));
    await runGit(path.join(seeded, 'w'), 'add', 'registry');
    await runGit(path.join(seeded, 'w'), 'commit', '-q', '-m', 'registry is a link');
    await runGit(path.join(seeded, 'w'), 'push', '-q', 'origin', 'HEAD:main');

    const error = await gitExportRejection(exportToGit(exportOptions(example, t0)));
    expect(error.code).toBe('invalid-config');
    expect(error.message).toBe('registry is a symbolic link in the repository; refusing to write through it');
    expect(await readdir(outside)).toEqual([]);
  });

  it('refuses an invalid registry before touching the repository', async () => {
    const error = await gitExportRejection(exportToGit({ ...exportOptions(example, t0), registryYaml: 'services:\n  - name: x\n' }));
    expect(error.code).toBe('invalid-registry');
    expect(error.message).toMatch(/^the registry to export is invalid:\nregistryYaml:2:/);
    expect([...(await branchesOf(bare)).keys()]).toEqual(['main']);
  });

  it('refuses generated paths that leave the generated directory', async () => {
    const error = await gitExportRejection(exportToGit({ ...exportOptions(example, t0), files: [{ path: '../registry/x.yaml', content: 'x\n' }] }));
    expect(error.code).toBe('invalid-config');
    expect(error.message).toBe('files[0].path "../registry/x.yaml" must not leave the repository (..)');
  });
});
