// "Export to Git" and "Sync from Git" as the app runs them: the registry in a real database, the GitHub stand-in
// (real git http-backend + the pulls API) as the repository, the settings as the environment gives them.
import { readFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Actor } from '@/lib/auth/roles';
import { applySyncFromGit, exportRegistryToGit, GIT_EXPORT_ACTION, previewSyncFromGit } from '@/lib/deploy/git-service';
import { registryRevision, registryToYaml } from '@/lib/registry/export';
import { importRegistryYaml } from '@/lib/registry/import';
import { loadRegistry } from '@/lib/registry/store';
import { runGit, startGitHubStandIn, type GitHubStandIn } from '../helpers/github-api';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const editor: Actor = { kind: 'user', id: null, name: 'editor@example.com', role: 'editor' };
const at = (iso: string) => () => new Date(iso);
let t: TestDatabase;
let gh: GitHubStandIn;
let bare: string;
let env: Record<string, string>;
let work: string;

async function exportEntries() {
  return t.db.auditEntry.findMany({ where: { action: GIT_EXPORT_ACTION }, orderBy: { id: 'asc' }, select: { actorName: true, summary: true } });
}

/** A commit on main that changes the registry file, as a merged pull request (or a hand edit) would. */
async function commitOnMain(edit: (yaml: string) => string, message: string): Promise<string> {
  const clone = path.join(work, `clone-${Date.now()}`);
  await runGit(work, 'clone', '-q', bare, clone);
  const file = path.join(clone, 'registry/service-registry.yaml');
  await writeFile(file, edit(readFileSync(file, 'utf8')));
  await runGit(clone, 'commit', '-q', '-am', message);
  await runGit(clone, 'push', '-q', 'origin', 'HEAD:main');
  return (await runGit(clone, 'rev-parse', 'HEAD')).trim();
}

beforeAll(async () => {
  t = await createTestDatabase();
  const imported = await importRegistryYaml(t.db, readFileSync('registry/service-registry.yaml', 'utf8'));
  if (!imported.ok) throw new Error('the example registry did not import');
  gh = await startGitHubStandIn();
  bare = await gh.createRepository('acme', 'monitoring', { 'README.md': '# monitoring\n' });
  work = await mkdtemp(path.join(tmpdir(), 'awoooi-git-service-'));
  env = {
    AWOOOI_GIT_REPO_URL: gh.gitUrl('acme', 'monitoring'),
    AWOOOI_GIT_TOKEN: gh.token,
    AWOOOI_GITHUB_API_URL: gh.apiUrl,
    AWOOOI_GITHUB_REPO: 'acme/monitoring',
    AWOOOI_GIT_AUTHOR_NAME: 'Ops Bot',
    AWOOOI_GIT_AUTHOR_EMAIL: 'ops-bot@example.test',
  };
});

afterAll(async () => {
  await gh?.close();
  await rm(work, { recursive: true, force: true });
  await t?.drop();
});

describe('exportRegistryToGit', () => {
  it('says it is not configured, and records nothing', async () => {
    const outcome = await exportRegistryToGit(t.db, editor, { env: {} });
    expect(outcome).toMatchObject({ status: 'failed', code: 'not-configured' });
    expect(await exportEntries()).toEqual([]);
  });

  it('opens a pull request with the stored registry and its generated files, and records it', async () => {
    const outcome = await exportRegistryToGit(t.db, editor, { env, now: at('2026-12-02T05:00:00Z') });
    if (outcome.status !== 'opened') throw new Error(JSON.stringify(outcome));
    expect(outcome.branch).toBe('awoooi-monitor/export-20261202T050000Z');
    expect(outcome.pullRequestUrl).toBe(`${gh.webUrl}/acme/monitoring/pull/1`);
    expect(outcome.summary).toMatch(/^Export registry: services \+11 ~0 -0/);
    expect(gh.pulls).toHaveLength(1);
    expect(gh.pulls[0]).toMatchObject({ head: outcome.branch, base: 'main', headSha: outcome.commit });
    // what was committed is the database's registry, byte for byte as the API exports it
    const stored = await loadRegistry(t.db);
    const committed = await runGit(bare, 'show', `${outcome.branch}:registry/service-registry.yaml`);
    expect(committed).toBe(registryToYaml(stored));
    expect(await runGit(bare, 'ls-tree', '-r', '--name-only', outcome.branch)).toContain('generated/prometheus/prometheus.yml');
    expect(await runGit(bare, 'log', '-1', '--format=%an <%ae>', outcome.branch)).toBe('Ops Bot <ops-bot@example.test>\n');
    expect(await exportEntries()).toEqual([
      {
        actorName: 'editor@example.com',
        summary: `exported to Git: pull request #1 ${outcome.pullRequestUrl} (branch ${outcome.branch}, ${outcome.commit.slice(0, 12)}): ${outcome.summary}`,
      },
    ]);

    const change = await t.db.auditChange.findFirst({ where: { section: 'deploy', key: `git-export ${outcome.branch}` } });
    expect(change).toMatchObject({ op: 'added', after: { branch: outcome.branch, commit: outcome.commit, baseBranch: 'main', pullRequestUrl: outcome.pullRequestUrl } });

    // merged: the next export finds nothing to do and opens nothing
    await runGit(bare, 'update-ref', 'refs/heads/main', outcome.commit);
    const again = await exportRegistryToGit(t.db, editor, { env, now: at('2026-12-02T06:00:00Z') });
    expect(again).toEqual({ status: 'unchanged', baseBranch: 'main', baseCommit: outcome.commit, summary: 'Nothing changed since main' });
    expect(gh.pulls).toHaveLength(1);
    expect((await exportEntries()).at(-1)?.summary).toBe(`exported to Git: nothing changed since main (${outcome.commit.slice(0, 12)})`);
  });

  it('reports and records a refused token, without leaking it', async () => {
    const outcome = await exportRegistryToGit(t.db, editor, { env: { ...env, AWOOOI_GIT_TOKEN: 'ghp_wrongToken0000' }, now: at('2026-12-02T07:00:00Z') });
    if (outcome.status !== 'failed') throw new Error(JSON.stringify(outcome));
    expect(outcome.code).toBe('auth');
    expect(outcome.message).toMatch(/^fetching branch main from http:\/\/127\.0\.0\.1:\d+\/acme\/monitoring\.git: authentication failed/);
    const last = (await exportEntries()).at(-1)!;
    expect(last.summary).toMatch(/^export to Git failed \(auth\): fetching branch main/);
    expect(JSON.stringify(outcome) + last.summary).not.toContain('ghp_wrongToken0000');
  });

  it('says the generator settings are wrong before touching the repository', async () => {
    const settings = path.join(work, 'settings.yaml');
    await writeFile(settings, 'scrape_interval: [1\n');
    const before = gh.requests.length;
    const outcome = await exportRegistryToGit(t.db, editor, { env: { ...env, GENERATE_SETTINGS_FILE: settings } });
    expect(outcome).toMatchObject({ status: 'failed', code: 'invalid-settings' });
    expect((outcome as { message: string }).message).toContain(`${settings}: not valid YAML`);
    expect(gh.requests.length).toBe(before);
  });
});

describe('Sync from Git', () => {
  it('previews what main holds as an import dry run, applies exactly that commit, and refuses a stale preview', async () => {
    const storedBefore = await loadRegistry(t.db);
    const commit = await commitOnMain((yaml) => yaml.replace(/^ {2}- name: redis\n(?: {4}.*\n)+/m, ''), 'drop redis');

    const preview = await previewSyncFromGit(t.db, { env });
    if (preview.status !== 'preview') throw new Error(JSON.stringify(preview));
    expect(preview).toMatchObject({ commit, ref: 'main', path: 'registry/service-registry.yaml', revision: registryRevision(storedBefore) });
    expect(preview.diff.sections.services).toMatchObject({ added: [], changed: [], removed: ['redis'] });
    expect(await loadRegistry(t.db)).toEqual(storedBefore); // a preview writes nothing

    // someone edits the registry after the preview: applying it would overwrite that edit
    const edited = await importRegistryYaml(t.db, registryToYaml({
      ...storedBefore,
      owners: [...storedBefore.owners, { name: 'late-team' }],
    }));
    if (!edited.ok) throw new Error(JSON.stringify(edited.problems));
    const stale = await applySyncFromGit(t.db, editor, { commit: preview.commit, expectedRevision: preview.revision }, { env });
    expect(stale).toEqual({
      status: 'conflict',
      message: `the registry changed since revision ${preview.revision} (it is now ${edited.revision}); preview again`,
      revision: edited.revision,
    });
    expect((await loadRegistry(t.db)).services.map((s) => s.name)).toContain('redis');

    // main moves on after the preview: apply still imports the previewed commit, not the newer one
    const fresh = await previewSyncFromGit(t.db, { env });
    if (fresh.status !== 'preview') throw new Error(JSON.stringify(fresh));
    expect(fresh.diff.sections.owners.removed).toEqual(['late-team']);
    await commitOnMain((yaml) => yaml.replace(/^ {2}- name: postgres\n(?: {4}.*\n)+/m, ''), 'drop postgres too');
    const applied = await applySyncFromGit(t.db, editor, { commit: fresh.commit, expectedRevision: fresh.revision }, { env });
    if (applied.status !== 'applied') throw new Error(JSON.stringify(applied));
    expect(applied.commit).toBe(commit);
    const names = (await loadRegistry(t.db)).services.map((s) => s.name);
    expect(names).not.toContain('redis');
    expect(names).toContain('postgres');
    const audit = await t.db.auditEntry.findFirst({ where: { action: 'registry.import', actorName: 'editor@example.com' }, orderBy: { id: 'desc' } });
    expect(audit?.summary).toBe(`synced from git ${commit}: 1 owners removed, 1 services removed`);
  });

  it('shows the problems of an invalid file at main and changes nothing', async () => {
    const before = await loadRegistry(t.db);
    const commit = await commitOnMain((yaml) => `${yaml}bogus_section: 1\n`, 'break the file');
    const preview = await previewSyncFromGit(t.db, { env });
    if (preview.status !== 'problems') throw new Error(JSON.stringify(preview));
    expect(preview.commit).toBe(commit);
    expect(preview.problems[0]?.message).toMatch(/bogus_section/);
    expect(await loadRegistry(t.db)).toEqual(before);
  });

  it('refuses an apply without a full commit id', async () => {
    expect(await applySyncFromGit(t.db, editor, { commit: 'abc123', expectedRevision: 'r' }, { env })).toEqual({
      status: 'failed',
      code: 'invalid-config',
      message: 'commit "abc123" is not a full 40-character commit id; preview again',
    });
  });
});
