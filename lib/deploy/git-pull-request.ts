// Opens a pull request through GitHub's REST API (POST /repos/{owner}/{repo}/pulls) with @octokit/core, whose
// baseUrl makes GitHub Enterprise (https://HOST/api/v3) the same call. Failures become GitExportErrors carrying
// GitHub's own message, never the token.
import { Octokit } from '@octokit/core';
import { GitExportError, redactSecrets, type GitExportErrorCode } from './git-errors';

export const DEFAULT_GITHUB_TIMEOUT_MS = 30_000;

export interface OpenPullRequestOptions {
  /** https://api.github.com or https://HOST/api/v3 */
  apiUrl: string;
  owner: string;
  repo: string;
  token: string;
  /** the branch with the changes (same repository) */
  head: string;
  base: string;
  title: string;
  body: string;
  timeoutMs?: number;
}

export interface OpenedPullRequest {
  number: number;
  /** the page people open (html_url) */
  url: string;
}

interface GitHubErrorBody {
  message?: string;
  errors?: ({ message?: string; field?: string; code?: string; resource?: string } | string)[];
}

export async function openPullRequest(options: OpenPullRequestOptions): Promise<OpenedPullRequest> {
  const octokit = new Octokit({
    auth: options.token,
    baseUrl: options.apiUrl,
    userAgent: 'awoooi-monitor',
    // Octokit logs deprecation notices with console.warn; ours are the errors thrown below.
    log: { debug: () => {}, info: () => {}, warn: () => {}, error: () => {} },
  });
  const where = `opening a pull request ${options.head} -> ${options.base} on ${options.owner}/${options.repo} (${options.apiUrl})`;
  try {
    const response = await octokit.request('POST /repos/{owner}/{repo}/pulls', {
      owner: options.owner,
      repo: options.repo,
      title: options.title,
      head: options.head,
      base: options.base,
      body: options.body,
      request: { signal: AbortSignal.timeout(options.timeoutMs ?? DEFAULT_GITHUB_TIMEOUT_MS) },
    });
    return { number: response.data.number, url: response.data.html_url };
  } catch (error) {
    throw githubFailure(error, where, [options.token]);
  }
}

/** An Octokit failure as a GitExportError: the status, GitHub's message and errors[], what was being done. */
export function githubFailure(error: unknown, where: string, secrets: readonly string[]): GitExportError {
  const status = typeof (error as { status?: unknown })?.status === 'number' ? (error as { status: number }).status : 0;
  const data = (error as { response?: { data?: unknown } })?.response?.data;
  if (!status || data === undefined) {
    const reason = describeNetworkError(error);
    return new GitExportError('github', redactSecrets(`${where}: GitHub's API could not be reached (${reason})`, secrets));
  }
  const githubMessage = redactSecrets(githubWords(data), secrets);
  const code: GitExportErrorCode =
    status === 422 && /already exists/i.test(githubMessage)
      ? 'pull-request-exists'
      : status === 401
        ? 'auth'
        : status === 404
          ? 'repository-not-found'
          : 'github';
  const hint =
    code === 'auth'
      ? ' (check the GitHub token)'
      : code === 'repository-not-found'
        ? ' (no such repository, or the token cannot see it)'
        : '';
  return new GitExportError(code, redactSecrets(`${where}: GitHub answered ${status}: ${githubMessage}${hint}`, secrets), {
    status,
    githubMessage,
  });
}

/** `Validation Failed: A pull request already exists for o:b.` from GitHub's error body. */
function githubWords(data: unknown): string {
  if (typeof data === 'string') return data.slice(0, 500) || 'no message';
  const body = (data ?? {}) as GitHubErrorBody;
  const details = (body.errors ?? []).map((e) =>
    typeof e === 'string' ? e : (e.message ?? [e.resource, e.field, e.code].filter(Boolean).join(' ')),
  );
  return [body.message ?? 'no message', ...details].join(': ');
}

function describeNetworkError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const message = error instanceof Error ? error.message : String(error);
  if (error instanceof Error && error.name === 'TimeoutError') return 'timed out';
  return [message, cause?.code ?? cause?.message].filter(Boolean).join(': ');
}
