// "Export to Git" through a GitHub stand-in on loopback: git over smart HTTP (the real git http-backend behind
// GitHub's token check) and the REST API's pull request endpoint under GitHub Enterprise's /api/v3 prefix.
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { exportToGit, type ExportToGitOptions } from '../../lib/deploy/git-export';
import type { GitExportError } from '../../lib/deploy/git-errors';
import { openPullRequest } from '../../lib/deploy/git-pull-request';
import { readRegistryFromGit } from '../../lib/deploy/git-registry-read';
import { generate } from '../../lib/generate/index';
import { defaultSettings } from '../../lib/generate/settings';
import { loadDefaultTemplates } from '../../lib/registry/default-templates';
import { registryToYaml } from '../../lib/registry/export';
import type { Registry } from '../../lib/registry/model';
import { parseRegistryYaml } from '../../lib/registry/parse';
import { branchesOf, gitExportRejection, runGit, startGitHubStandIn, type GitHubStandIn } from '../helpers/github-api';

const TOKEN = 'ghp_standInToken0123456789abcdef';
const WRONG = 'ghp_wrongToken9876543210fedcba';
/** every form a token could leak in: itself and the Basic header git sends */
const leakForms = (token: string) => [token, Buffer.from(`x-access-token:${token}`).toString('base64')];

let gh: GitHubStandIn;
let example: Registry;
let bare: string;
let repoName: string;
let counter = 0;

function options(now: Date, overrides: { gitToken?: string; apiToken?: string; registry?: Registry } = {}): ExportToGitOptions {
  const registry = overrides.registry ?? example;
  return {
    repo: { url: gh.gitUrl('acme', repoName), token: overrides.gitToken ?? TOKEN },
    github: { apiUrl: gh.apiUrl, owner: 'acme', repo: repoName, token: overrides.apiToken },
    registryYaml: registryToYaml(registry),
    files: generate(registry, defaultSettings()).files,
    author: { name: 'Ops Bot', email: 'ops-bot@example.test' },
    now,
  };
}

function expectNoToken(error: GitExportError, token: string) {
  const everything = `${error.message}\n${error.stack ?? ''}\n${JSON.stringify(error.details)}`;
  for (const form of leakForms(token)) expect(everything).not.toContain(form);
}

const pullRequestCalls = () => gh.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/pulls'));

beforeAll(async () => {
  const parsed = parseRegistryYaml(readFileSync('registry/service-registry.yaml', 'utf8'), { defaultTemplates: loadDefaultTemplates() });
  if (!parsed.ok) throw new Error('the example registry is invalid');
  example = parsed.value;
  gh = await startGitHubStandIn({ token: TOKEN });
});

afterAll(async () => {
  await gh?.close();
});

beforeEach(async () => {
  repoName = `monitoring-${++counter}`;
  bare = await gh.createRepository('acme', repoName, { 'README.md': '# monitoring\n' });
  gh.requests.length = 0;
});

describe('exportToGit with GitHub', () => {
  it('pushes over https-style HTTP with the token and opens a pull request, returning its link', async () => {
    const result = await exportToGit(options(new Date('2026-12-02T05:00:00Z')));

    expect(result.status).toBe('opened');
    if (result.status !== 'opened') return;
    expect(result.pullRequestUrl).toBe(`${gh.webUrl}/acme/${repoName}/pull/1`);
    expect(result.pullRequestNumber).toBe(1);
    expect((await branchesOf(bare)).get(result.branch)).toBe(result.commit);

    // git sent the token as GitHub's Basic x-access-token header, on every request
    const gitCalls = gh.requests.filter((r) => r.path.startsWith(`/acme/${repoName}.git/`));
    expect(gitCalls.map((r) => r.path)).toContain(`/acme/${repoName}.git/git-receive-pack`);
    for (const call of gitCalls) expect(call.authorization).toBe(`Basic ${Buffer.from(`x-access-token:${TOKEN}`).toString('base64')}`);

    // one API call, with the token, GitHub's media type, and the summary in the body
    const [call, ...others] = pullRequestCalls();
    expect(others).toEqual([]);
    expect(call!.path).toBe(`/api/v3/repos/acme/${repoName}/pulls`);
    expect(call!.authorization).toBe(`token ${TOKEN}`);
    expect(call!.accept).toBe('application/vnd.github.v3+json');
    expect(call!.userAgent).toMatch(/^awoooi-monitor /);
    expect(call!.status).toBe(201);
    const body = call!.body as { title: string; head: string; base: string; body: string };
    expect(body.head).toBe(result.branch);
    expect(body.base).toBe('main');
    expect(body.title).toBe(result.summary);
    expect(body.title).toMatch(/^Export registry: services \+11 ~0 -0/);
    expect(body.body).toContain('- services: +11 ~0 -0 (added awoooi-api, ');
    expect(body.body).toContain('- `A` `generated/prometheus/prometheus.yml`');
    expect(gh.pulls.filter((p) => p.repo === repoName)).toEqual([expect.objectContaining({ head: result.branch, base: 'main', headSha: result.commit })]);
  });

  it('opens nothing when nothing changed', async () => {
    const first = await exportToGit(options(new Date('2026-12-02T05:00:00Z')));
    if (first.status !== 'opened') throw new Error(`expected opened, got ${first.status}`);
    // merge: main := the export branch
    await runGit(bare, 'update-ref', 'refs/heads/main', first.commit);
    gh.requests.length = 0;

    const again = await exportToGit(options(new Date('2026-12-02T06:00:00Z')));
    expect(again.status).toBe('unchanged');
    expect(pullRequestCalls()).toEqual([]);
    expect(gh.pulls.filter((p) => p.repo === repoName)).toHaveLength(1);
    expect([...(await branchesOf(bare)).keys()].sort()).toEqual([first.branch, 'main']);
  });

  it('says authentication failed when git is refused, without the token anywhere', async () => {
    const error = await gitExportRejection(exportToGit(options(new Date('2026-12-02T05:00:00Z'), { gitToken: WRONG, apiToken: TOKEN })));
    expect(error.code).toBe('auth');
    expect(error.message).toContain(`fetching branch main from ${gh.gitUrl('acme', repoName)}: authentication failed`);
    expectNoToken(error, WRONG);
    expect(pullRequestCalls()).toEqual([]);
    expect([...(await branchesOf(bare)).keys()]).toEqual(['main']);
  });

  it('keeps a token written into the URL out of the error too', async () => {
    const url = gh.gitUrl('acme', repoName).replace('http://', `http://x-access-token:${WRONG}@`);
    const error = await gitExportRejection(exportToGit({ ...options(new Date('2026-12-02T05:00:00Z')), repo: { url }, github: undefined }));
    expect(error.code).toBe('auth');
    expect(error.message).toContain(`fetching branch main from ${url.replace(WRONG, '***')}: authentication failed`);
    expectNoToken(error, WRONG);
  });

  it('says the branch was pushed when GitHub refuses the API token, without the token anywhere', async () => {
    const error = await gitExportRejection(exportToGit(options(new Date('2026-12-02T05:00:00Z'), { apiToken: WRONG })));
    expect(error.code).toBe('auth');
    expect(error.details).toMatchObject({ status: 401, githubMessage: 'Bad credentials', branch: 'awoooi-monitor/export-20261202T050000Z' });
    expect(error.message).toMatch(/^the branch awoooi-monitor\/export-20261202T050000Z was pushed \(commit [0-9a-f]{12}\), but opening a pull request/);
    expect(error.message).toContain('GitHub answered 401: Bad credentials (check the GitHub token)');
    expectNoToken(error, WRONG);
    expectNoToken(error, TOKEN);
    expect((await branchesOf(bare)).has('awoooi-monitor/export-20261202T050000Z')).toBe(true);
  });

  it("reports GitHub's 422 for a pull request that already exists, in GitHub's words", async () => {
    const first = await exportToGit(options(new Date('2026-12-02T05:00:00Z')));
    if (first.status !== 'opened') throw new Error(`expected opened, got ${first.status}`);

    const error = await gitExportRejection(
      openPullRequest({ apiUrl: gh.apiUrl, owner: 'acme', repo: repoName, token: TOKEN, head: first.branch, base: 'main', title: 't', body: 'b' }),
    );
    expect(error.code).toBe('pull-request-exists');
    expect(error.details.status).toBe(422);
    expect(error.message).toContain(`GitHub answered 422: Validation Failed: A pull request already exists for acme:${first.branch}.`);
    expectNoToken(error, TOKEN);
  });

  it('says which repository GitHub does not know', async () => {
    const error = await gitExportRejection(
      openPullRequest({ apiUrl: gh.apiUrl, owner: 'acme', repo: 'missing', token: TOKEN, head: 'x', base: 'main', title: 't', body: 'b' }),
    );
    expect(error.code).toBe('repository-not-found');
    expect(error.message).toBe(
      `opening a pull request x -> main on acme/missing (${gh.apiUrl}): GitHub answered 404: Not Found (no such repository, or the token cannot see it)`,
    );
  });

  it('says when the API cannot be reached', async () => {
    const closed = 'http://127.0.0.1:9/api/v3'; // the discard port: nothing listens on loopback there
    const error = await gitExportRejection(
      openPullRequest({ apiUrl: closed, owner: 'acme', repo: repoName, token: TOKEN, head: 'x', base: 'main', title: 't', body: 'b' }),
    );
    expect(error.code).toBe('github');
    expect(error.message).toContain(`on acme/${repoName} (${closed}): GitHub's API could not be reached`);
    expectNoToken(error, TOKEN);
  });
});

describe('readRegistryFromGit over HTTP', () => {
  it("reads the main branch's registry file with the token", async () => {
    const first = await exportToGit(options(new Date('2026-12-02T05:00:00Z')));
    if (first.status !== 'opened') throw new Error(`expected opened, got ${first.status}`);
    await runGit(bare, 'update-ref', 'refs/heads/main', first.commit);

    const read = await readRegistryFromGit({ repo: { url: gh.gitUrl('acme', repoName), token: TOKEN } });
    expect(read).toEqual({ yaml: registryToYaml(example), commit: first.commit, ref: 'main', path: 'registry/service-registry.yaml' });
  });

  it('says authentication failed for a wrong token, without it', async () => {
    const error = await gitExportRejection(readRegistryFromGit({ repo: { url: gh.gitUrl('acme', repoName), token: WRONG } }));
    expect(error.code).toBe('auth');
    expectNoToken(error, WRONG);
  });
});
