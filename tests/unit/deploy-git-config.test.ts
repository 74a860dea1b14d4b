// The Git export settings from the environment: defaults, what "not configured" means, and one problem per
// variable that is wrong, naming it.
import { describe, expect, it } from 'vitest';
import { gitConfigFromEnv, gitConfigView, NOT_CONFIGURED_MESSAGE, type GitConfigState } from '../../lib/deploy/git-config';

function problemsOf(state: GitConfigState) {
  if (state.state !== 'invalid') throw new Error(`expected invalid, got ${state.state}`);
  return state.problems;
}

describe('gitConfigFromEnv', () => {
  it('is "not configured" when no Git variable is set', () => {
    expect(gitConfigFromEnv({})).toEqual({ state: 'not-configured', message: NOT_CONFIGURED_MESSAGE });
    expect(gitConfigFromEnv({ AWOOOI_GIT_REPO_URL: '  ', UNRELATED: 'x' })).toMatchObject({ state: 'not-configured' });
  });

  it('fills the defaults for a local repository, without pull requests', () => {
    const state = gitConfigFromEnv({ AWOOOI_GIT_REPO_PATH: '/srv/monitoring.git' });
    expect(state).toEqual({
      state: 'configured',
      config: { repo: { localPath: '/srv/monitoring.git' }, author: { name: 'awoooi-monitor', email: 'awoooi-monitor@localhost' } },
      summary: {
        repository: '/srv/monitoring.git',
        baseBranch: 'main',
        registryPath: 'registry/service-registry.yaml',
        generatedDir: 'generated/',
        pullRequests: null,
        author: 'awoooi-monitor <awoooi-monitor@localhost>',
      },
    });
  });

  it('takes every variable, GitHub Enterprise included, and never shows a token', () => {
    const state = gitConfigFromEnv({
      AWOOOI_GIT_REPO_URL: 'https://ghe.example.test/acme/monitoring.git',
      AWOOOI_GIT_TOKEN: 'ghp_gitToken123',
      AWOOOI_GIT_BASE_BRANCH: 'release/ops',
      AWOOOI_GIT_REGISTRY_PATH: 'monitoring/registry.yaml',
      AWOOOI_GIT_GENERATED_DIR: 'monitoring/generated/',
      AWOOOI_GITHUB_API_URL: 'https://ghe.example.test/api/v3',
      AWOOOI_GITHUB_REPO: 'acme/monitoring',
      AWOOOI_GITHUB_TOKEN: 'ghp_apiToken456',
      AWOOOI_GIT_AUTHOR_NAME: 'Ops Bot',
      AWOOOI_GIT_AUTHOR_EMAIL: 'ops@example.test',
    });
    if (state.state !== 'configured') throw new Error(JSON.stringify(state));
    expect(state.config.github).toEqual({ owner: 'acme', repo: 'monitoring', apiUrl: 'https://ghe.example.test/api/v3', token: 'ghp_apiToken456' });
    expect(state.config.repo).toMatchObject({ token: 'ghp_gitToken123', baseBranch: 'release/ops' });
    expect(state.summary).toEqual({
      repository: 'https://ghe.example.test/acme/monitoring.git',
      baseBranch: 'release/ops',
      registryPath: 'monitoring/registry.yaml',
      generatedDir: 'monitoring/generated/',
      pullRequests: 'acme/monitoring at https://ghe.example.test/api/v3',
      author: 'Ops Bot <ops@example.test>',
    });
    expect(JSON.stringify(gitConfigView(state))).not.toMatch(/ghp_/);
  });

  it('takes owner/name from a github.com URL, with the Git token for the API', () => {
    const state = gitConfigFromEnv({ AWOOOI_GIT_REPO_URL: 'https://github.com/acme/monitoring.git', AWOOOI_GIT_TOKEN: 'ghp_gitToken123' });
    if (state.state !== 'configured') throw new Error(JSON.stringify(state));
    expect(state.config.github).toEqual({ owner: 'acme', repo: 'monitoring' });
    expect(state.summary.pullRequests).toBe('acme/monitoring at https://api.github.com');
  });

  it('names each wrong variable', () => {
    expect(
      problemsOf(
        gitConfigFromEnv({
          AWOOOI_GIT_REPO_URL: 'https://git.example.test/a/b.git',
          AWOOOI_GIT_REPO_PATH: '/srv/b.git',
          AWOOOI_GIT_BASE_BRANCH: 'a..b',
          AWOOOI_GIT_REGISTRY_PATH: '../registry.yaml',
          AWOOOI_GIT_GENERATED_DIR: '.git/hooks',
          AWOOOI_GIT_AUTHOR_NAME: 'Bot <x>',
          AWOOOI_GIT_AUTHOR_EMAIL: 'not-an-email',
          AWOOOI_GITHUB_REPO: 'just-a-name',
        }),
      ),
    ).toEqual([
      { variable: 'AWOOOI_GIT_REPO_PATH', message: 'is set together with AWOOOI_GIT_REPO_URL: set only one' },
      { variable: 'AWOOOI_GIT_BASE_BRANCH', message: '"a..b" is not a valid branch name' },
      { variable: 'AWOOOI_GIT_REGISTRY_PATH', message: '"../registry.yaml" must not leave the repository (..)' },
      { variable: 'AWOOOI_GIT_GENERATED_DIR', message: '".git/hooks" must not be inside .git' },
      { variable: 'AWOOOI_GIT_AUTHOR_NAME', message: '"Bot <x>" must not contain <, > or a newline' },
      { variable: 'AWOOOI_GIT_AUTHOR_EMAIL', message: '"not-an-email" is not an email address' },
      { variable: 'AWOOOI_GITHUB_REPO', message: '"just-a-name" is not owner/name (e.g. acme/monitoring)' },
    ]);
  });

  it('says which variable a half-done setup is missing', () => {
    expect(problemsOf(gitConfigFromEnv({ AWOOOI_GIT_TOKEN: 't0ken', AWOOOI_GITHUB_REPO: 'acme/monitoring' }))).toEqual([
      {
        variable: 'AWOOOI_GIT_REPO_URL',
        message: 'is not set (nor AWOOOI_GIT_REPO_PATH), but AWOOOI_GIT_TOKEN, AWOOOI_GITHUB_REPO are: set one of them',
      },
    ]);
    expect(problemsOf(gitConfigFromEnv({ AWOOOI_GIT_REPO_PATH: '/srv/b.git', AWOOOI_GITHUB_REPO: 'acme/monitoring' }))).toEqual([
      {
        variable: 'AWOOOI_GITHUB_TOKEN',
        message: 'is not set (nor AWOOOI_GIT_TOKEN): a token is needed to open pull requests in acme/monitoring',
      },
    ]);
    expect(problemsOf(gitConfigFromEnv({ AWOOOI_GIT_REPO_PATH: '/srv/b.git', AWOOOI_GITHUB_API_URL: 'https://ghe.example.test/api/v3' }))).toEqual([
      { variable: 'AWOOOI_GITHUB_REPO', message: 'is not set, but AWOOOI_GITHUB_API_URL is: set it to owner/name' },
    ]);
  });

  it("maps the library's own checks back to the variable", () => {
    expect(problemsOf(gitConfigFromEnv({ AWOOOI_GIT_REPO_URL: 'http://git.example.test/a/b.git', AWOOOI_GIT_TOKEN: 't0ken' }))).toEqual([
      {
        variable: 'AWOOOI_GIT_REPO_URL',
        message: 'repo.url http://git.example.test/a/b.git: refusing to send the token over plain http to git.example.test; use https',
      },
    ]);
    const api = problemsOf(
      gitConfigFromEnv({ AWOOOI_GIT_REPO_PATH: '/srv/b.git', AWOOOI_GITHUB_REPO: 'acme/b', AWOOOI_GITHUB_TOKEN: 't0ken', AWOOOI_GITHUB_API_URL: 'http://ghe.example.test/api/v3' }),
    );
    expect(api).toEqual([{ variable: 'AWOOOI_GITHUB_API_URL', message: 'github.apiUrl http://ghe.example.test/api/v3: use https (plain http is accepted for loopback only)' }]);
    const inside = problemsOf(gitConfigFromEnv({ AWOOOI_GIT_REPO_PATH: '/srv/b.git', AWOOOI_GIT_REGISTRY_PATH: 'generated/registry.yaml' }));
    expect(inside).toEqual([
      {
        variable: 'AWOOOI_GIT_REGISTRY_PATH',
        message: 'repo.registryPath "generated/registry.yaml" is inside repo.generatedDir "generated/", which is replaced on every export',
      },
    ]);
  });
});
