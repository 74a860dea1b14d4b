// Repository options, secrets kept out of messages, and git's failures read into error codes.
import { describe, expect, it } from 'vitest';
import { gitFailure, GitExportError, redactSecrets } from '../../lib/deploy/git-errors';
import { isValidBranchName, repoPathProblem, resolveGitHub, resolveRepo, secretsOf } from '../../lib/deploy/git-export-options';
import { gitConfigText } from '../../lib/deploy/git-workspace';

const TOKEN = 'ghp_s3cretTokenValue0123456789';

function configError(run: () => unknown): GitExportError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(GitExportError);
    expect((error as GitExportError).code).toBe('invalid-config');
    return error as GitExportError;
  }
  throw new Error('expected an invalid-config error');
}

describe('resolveRepo', () => {
  it('fills the defaults', () => {
    expect(resolveRepo({ url: 'https://github.com/acme/monitoring.git', token: TOKEN })).toEqual({
      remote: 'https://github.com/acme/monitoring.git',
      display: 'https://github.com/acme/monitoring.git',
      token: TOKEN,
      authScope: 'https://github.com/',
      baseBranch: 'main',
      registryPath: 'registry/service-registry.yaml',
      generatedDir: 'generated',
    });
  });

  it('turns a local path into a file:// URL (git ignores --depth for plain paths)', () => {
    const repo = resolveRepo({ localPath: '/srv/git/monitoring.git', generatedDir: 'out/configs/' });
    expect(repo.remote).toBe('file:///srv/git/monitoring.git');
    expect(repo.display).toBe('/srv/git/monitoring.git');
    expect(repo.generatedDir).toBe('out/configs');
    expect(repo.authScope).toBeUndefined();
  });

  it('needs exactly one of url and localPath', () => {
    expect(configError(() => resolveRepo({})).message).toBe('repo: url or localPath is required');
    expect(configError(() => resolveRepo({ url: 'file:///a', localPath: '/a' })).message).toContain('not both');
  });

  it('refuses to send a token over plain http except to loopback', () => {
    const error = configError(() => resolveRepo({ url: 'http://git.example.com/acme/m.git', token: TOKEN }));
    expect(error.message).toContain('refusing to send the token over plain http to git.example.com');
    expect(error.message).not.toContain(TOKEN);
    expect(resolveRepo({ url: 'http://127.0.0.1:8080/acme/m.git', token: TOKEN }).authScope).toBe('http://127.0.0.1:8080/');
    expect(resolveRepo({ url: 'http://git.example.com/acme/m.git' }).authScope).toBeUndefined(); // no token, nothing to leak
  });

  it('accepts scp-like SSH remotes and refuses unknown schemes', () => {
    expect(resolveRepo({ url: 'git@github.com:acme/monitoring.git' }).remote).toBe('git@github.com:acme/monitoring.git');
    expect(configError(() => resolveRepo({ url: 'ftp://host/repo' })).message).toContain('unsupported scheme ftp:');
    expect(configError(() => resolveRepo({ url: 'not a url' })).message).toContain('is not a URL');
  });

  it('never shows a password embedded in the URL', () => {
    const repo = resolveRepo({ url: `https://bot:${TOKEN}@github.com/acme/m.git` });
    expect(repo.display).toBe('https://bot:***@github.com/acme/m.git');
    expect(resolveRepo({ url: `https://${TOKEN}@github.com/acme/m.git` }).display).toBe('https://***@github.com/acme/m.git');
    expect(secretsOf({ url: `https://bot:${TOKEN}@github.com/acme/m.git` })).toEqual([TOKEN]);
    expect(secretsOf({ url: `https://${TOKEN}@github.com/acme/m.git`, token: 'other-token' })).toEqual(['other-token', TOKEN]);
  });

  it('keeps the paths inside the repository and the registry out of the replaced directory', () => {
    expect(configError(() => resolveRepo({ localPath: '/r', registryPath: '../etc/passwd' })).message).toBe(
      'repo.registryPath "../etc/passwd" must not leave the repository (..)',
    );
    expect(configError(() => resolveRepo({ localPath: '/r', generatedDir: '/abs' })).message).toContain('must be relative');
    expect(configError(() => resolveRepo({ localPath: '/r', generatedDir: '.git/hooks' })).message).toContain('must not be inside .git');
    expect(configError(() => resolveRepo({ localPath: '/r', generatedDir: './' })).message).toContain('not its root');
    expect(configError(() => resolveRepo({ localPath: '/r', registryPath: 'generated/registry.yaml' })).message).toBe(
      'repo.registryPath "generated/registry.yaml" is inside repo.generatedDir "generated/", which is replaced on every export',
    );
  });

  it('checks the base branch name', () => {
    expect(configError(() => resolveRepo({ localPath: '/r', baseBranch: 'main..x' })).message).toContain('not a valid branch name');
    for (const good of ['main', 'release/2026.12', 'awoooi-monitor/export-20261202T052721Z']) expect(isValidBranchName(good)).toBe(true);
    for (const bad of ['-x', 'a b', 'a:b', 'x.lock', 'a/.b', 'a//b', 'a/', '@', 'x@{1}']) expect(isValidBranchName(bad)).toBe(false);
  });

  it('describes paths that may not be written', () => {
    expect(repoPathProblem('prometheus/rules/services.yml')).toBeUndefined();
    expect(repoPathProblem('a\\b')).toBe('must use / as the separator');
    expect(repoPathProblem('a/../../b')).toBe('must not leave the repository (..)');
    expect(repoPathProblem('')).toBe('is empty');
  });
});

describe('resolveGitHub', () => {
  it('defaults to api.github.com and the repository token', () => {
    expect(resolveGitHub({ owner: 'acme', repo: 'monitoring.git' }, TOKEN)).toEqual({
      apiUrl: 'https://api.github.com',
      owner: 'acme',
      repo: 'monitoring',
      token: TOKEN,
    });
  });

  it('takes a GitHub Enterprise base URL and refuses plain http off loopback', () => {
    expect(resolveGitHub({ apiUrl: 'https://ghe.example.com/api/v3/', owner: 'a', repo: 'b', token: 't' }, undefined).apiUrl).toBe(
      'https://ghe.example.com/api/v3',
    );
    expect(configError(() => resolveGitHub({ apiUrl: 'http://ghe.example.com/api/v3', owner: 'a', repo: 'b', token: 't' }, undefined)).message).toContain(
      'use https',
    );
    expect(configError(() => resolveGitHub({ owner: 'a', repo: 'b' }, undefined)).message).toContain('github.token is required');
    expect(configError(() => resolveGitHub({ owner: 'a b', repo: 'b', token: 't' }, undefined)).message).toContain('github.owner');
  });
});

describe('redactSecrets', () => {
  it('removes the token, its Basic-header form and URL passwords', () => {
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    const text = `token ${TOKEN}; header Authorization: Basic ${basic}; url https://bot:hunter22@host/x.git`;
    const out = redactSecrets(text, [TOKEN, undefined]);
    expect(out).toBe('token [REDACTED]; header Authorization: Basic [REDACTED]; url https://bot:***@host/x.git');
  });
});

describe('gitConfigText', () => {
  it('scopes the Authorization header to the remote host and holds no plain token', () => {
    const text = gitConfigText(resolveRepo({ url: 'https://ghe.example.com/acme/m.git', token: TOKEN }));
    const basic = Buffer.from(`x-access-token:${TOKEN}`).toString('base64');
    expect(text).toContain(`[http "https://ghe.example.com/"]\n\textraheader = Authorization: Basic ${basic}\n`);
    expect(text).toContain('[credential]\n\thelper =\n');
    expect(text).not.toContain(TOKEN);
  });

  it('has no header without a token', () => {
    expect(gitConfigText(resolveRepo({ localPath: '/r' }))).not.toMatch(/extraheader|credential/);
  });
});

describe('gitFailure', () => {
  const doing = 'pushing branch awoooi-monitor/export-1 to /r.git';

  it('reads a refused lease as "the branch exists"', () => {
    const output = "To file:///r.git\n ! [rejected]        HEAD -> awoooi-monitor/export-1 (stale info)\nerror: failed to push some refs to 'file:///r.git'\n";
    const error = gitFailure(output, { doing, branch: 'awoooi-monitor/export-1' });
    expect(error.code).toBe('branch-exists');
    expect(error.message).toContain('the branch awoooi-monitor/export-1 already exists on the remote; nothing was overwritten');
  });

  it('reads hook and protection refusals as push-rejected, keeping the remote\'s reason', () => {
    const output = 'remote: exports are frozen until Monday\nTo file:///r.git\n ! [remote rejected] HEAD -> x (pre-receive hook declined)\nerror: failed to push some refs\n';
    const error = gitFailure(output, { doing });
    expect(error.code).toBe('push-rejected');
    expect(error.message).toContain('remote: exports are frozen until Monday');
  });

  it('reads credential failures as auth and missing refs as ref-not-found', () => {
    expect(gitFailure("fatal: could not read Username for 'https://github.com': terminal prompts disabled\n", { doing }).code).toBe('auth');
    expect(gitFailure("remote: Invalid username or token.\nfatal: Authentication failed for 'https://github.com/a/b.git/'\n", { doing }).code).toBe('auth');
    expect(gitFailure('fatal: couldn\'t find remote ref refs/heads/release\n', { doing }).code).toBe('ref-not-found');
    expect(gitFailure("fatal: '/nope' does not appear to be a git repository\n", { doing }).code).toBe('repository-not-found');
  });
});
