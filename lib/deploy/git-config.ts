// Where "Export to Git" and "Sync from Git" go, read from the environment. Every variable is checked on its own so
// a mistake is reported by name; "not configured" is a normal state the Deploy page explains, not an error.
// Pure apart from reading the given env (process.env by default).
import { GitExportError } from './git-errors';
import {
  DEFAULT_BASE_BRANCH,
  DEFAULT_GENERATED_DIR,
  DEFAULT_GITHUB_API_URL,
  DEFAULT_REGISTRY_PATH,
  isValidBranchName,
  repoPathProblem,
  resolveGitHub,
  resolveRepo,
  type GitHubOptions,
  type GitRepoOptions,
} from './git-export-options';

export type Env = Readonly<Record<string, string | undefined>>;

export const GIT_ENV = {
  repoUrl: 'AWOOOI_GIT_REPO_URL',
  repoPath: 'AWOOOI_GIT_REPO_PATH',
  token: 'AWOOOI_GIT_TOKEN',
  baseBranch: 'AWOOOI_GIT_BASE_BRANCH',
  registryPath: 'AWOOOI_GIT_REGISTRY_PATH',
  generatedDir: 'AWOOOI_GIT_GENERATED_DIR',
  githubApiUrl: 'AWOOOI_GITHUB_API_URL',
  githubRepo: 'AWOOOI_GITHUB_REPO',
  githubToken: 'AWOOOI_GITHUB_TOKEN',
  authorName: 'AWOOOI_GIT_AUTHOR_NAME',
  authorEmail: 'AWOOOI_GIT_AUTHOR_EMAIL',
} as const;

export const DEFAULT_AUTHOR = { name: 'awoooi-monitor', email: 'awoooi-monitor@localhost' } as const;

export interface GitExportConfig {
  repo: GitRepoOptions;
  /** absent: the branch is pushed and no pull request is opened */
  github?: GitHubOptions;
  author: { name: string; email: string };
}

/** What the page shows about the configuration: no token, ever. */
export interface GitConfigSummary {
  /** the repository as messages show it (no credentials) */
  repository: string;
  baseBranch: string;
  registryPath: string;
  generatedDir: string;
  /** "acme/monitoring at https://api.github.com", or null when no pull request is opened */
  pullRequests: string | null;
  author: string;
}

export interface GitConfigProblem {
  /** the environment variable at fault */
  variable: string;
  message: string;
}

export type GitConfigState =
  | { state: 'configured'; config: GitExportConfig; summary: GitConfigSummary }
  | { state: 'not-configured'; message: string }
  | { state: 'invalid'; problems: GitConfigProblem[] };

export const NOT_CONFIGURED_MESSAGE =
  `Export to Git is not configured: set ${GIT_ENV.repoUrl} (with ${GIT_ENV.token}) or ${GIT_ENV.repoPath} on the server, ` +
  `and ${GIT_ENV.githubRepo} (owner/name) to open pull requests.`;

const GITHUB_REPO = /^([\w.-]+)\/([\w.-]+?)(?:\.git)?$/;

export function gitConfigFromEnv(env: Env = process.env): GitConfigState {
  const value = (name: string) => env[name]?.trim() || undefined;
  const problems: GitConfigProblem[] = [];
  const problem = (variable: string, message: string) => problems.push({ variable, message });

  const url = value(GIT_ENV.repoUrl);
  const localPath = value(GIT_ENV.repoPath);
  if (!url && !localPath) {
    // Other Git variables without a repository are a half-done setup: say which one is missing.
    const stray = Object.values(GIT_ENV).filter((name) => value(name));
    if (stray.length === 0) return { state: 'not-configured', message: NOT_CONFIGURED_MESSAGE };
    problem(GIT_ENV.repoUrl, `is not set (nor ${GIT_ENV.repoPath}), but ${stray.join(', ')} ${stray.length === 1 ? 'is' : 'are'}: set one of them`);
  }
  if (url && localPath) problem(GIT_ENV.repoPath, `is set together with ${GIT_ENV.repoUrl}: set only one`);

  const baseBranch = value(GIT_ENV.baseBranch);
  if (baseBranch && !isValidBranchName(baseBranch)) problem(GIT_ENV.baseBranch, `"${baseBranch}" is not a valid branch name`);
  for (const [variable, path] of [
    [GIT_ENV.registryPath, value(GIT_ENV.registryPath)],
    [GIT_ENV.generatedDir, value(GIT_ENV.generatedDir)],
  ] as const) {
    const why = path ? repoPathProblem(path) : undefined;
    if (why) problem(variable, `"${path}" ${why}`);
  }

  const author = { name: value(GIT_ENV.authorName) ?? DEFAULT_AUTHOR.name, email: value(GIT_ENV.authorEmail) ?? DEFAULT_AUTHOR.email };
  if (/[<>\n]/.test(author.name)) problem(GIT_ENV.authorName, `"${author.name}" must not contain <, > or a newline`);
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(author.email)) problem(GIT_ENV.authorEmail, `"${author.email}" is not an email address`);

  const repo: GitRepoOptions = {
    ...(url ? { url } : {}),
    ...(localPath && !url ? { localPath } : {}),
    token: value(GIT_ENV.token),
    baseBranch,
    registryPath: value(GIT_ENV.registryPath),
    generatedDir: value(GIT_ENV.generatedDir),
  };
  const github = githubOptions(env, url, repo.token, problem);
  if (problems.length > 0) return { state: 'invalid', problems };

  // The library's own checks last (URL schemes, a token over plain http, the registry inside the generated
  // folder...): their messages name option fields, which map back to variables.
  try {
    const resolved = resolveRepo(repo);
    const gh = github ? resolveGitHub(github, resolved.token) : undefined;
    return {
      state: 'configured',
      config: { repo, ...(github ? { github } : {}), author },
      summary: {
        repository: resolved.display,
        baseBranch: resolved.baseBranch,
        registryPath: resolved.registryPath,
        generatedDir: `${resolved.generatedDir}/`,
        pullRequests: gh ? `${gh.owner}/${gh.repo} at ${gh.apiUrl}` : null,
        author: `${author.name} <${author.email}>`,
      },
    };
  } catch (error) {
    if (!(error instanceof GitExportError)) throw error;
    return { state: 'invalid', problems: [{ variable: variableOf(error.message, Boolean(url)), message: error.message }] };
  }
}

/**
 * The pull request's side: AWOOOI_GITHUB_REPO, or owner/name taken from a github.com repository URL (so a plain
 * GitHub setup needs only the URL and a token). A GitHub Enterprise URL needs AWOOOI_GITHUB_REPO and _API_URL.
 */
function githubOptions(
  env: Env,
  url: string | undefined,
  repoToken: string | undefined,
  problem: (variable: string, message: string) => void,
): GitHubOptions | undefined {
  const value = (name: string) => env[name]?.trim() || undefined;
  const named = value(GIT_ENV.githubRepo);
  const apiUrl = value(GIT_ENV.githubApiUrl);
  const token = value(GIT_ENV.githubToken);
  let ownerRepo: { owner: string; repo: string } | undefined;
  if (named) {
    const match = GITHUB_REPO.exec(named);
    if (!match) {
      problem(GIT_ENV.githubRepo, `"${named}" is not owner/name (e.g. acme/monitoring)`);
      return undefined;
    }
    ownerRepo = { owner: match[1]!, repo: match[2]! };
  } else {
    ownerRepo = githubComRepo(url);
    if (!ownerRepo && (apiUrl || token)) {
      problem(GIT_ENV.githubRepo, `is not set, but ${[apiUrl && GIT_ENV.githubApiUrl, token && GIT_ENV.githubToken].filter(Boolean).join(' and ')} ${apiUrl && token ? 'are' : 'is'}: set it to owner/name`);
      return undefined;
    }
  }
  if (!ownerRepo) return undefined;
  if (!token && !repoToken) {
    problem(GIT_ENV.githubToken, `is not set (nor ${GIT_ENV.token}): a token is needed to open pull requests in ${ownerRepo.owner}/${ownerRepo.repo}`);
    return undefined;
  }
  return { ...ownerRepo, ...(apiUrl ? { apiUrl } : {}), ...(token ? { token } : {}) };
}

function githubComRepo(url: string | undefined): { owner: string; repo: string } | undefined {
  if (!url) return undefined;
  const https = /^https:\/\/(?:[^@/]+@)?github\.com\/([\w.-]+)\/([\w.-]+?)(?:\.git)?\/?$/i.exec(url);
  const scp = /^git@github\.com:([\w.-]+)\/([\w.-]+?)(?:\.git)?$/i.exec(url);
  const match = https ?? scp;
  return match ? { owner: match[1]!, repo: match[2]! } : undefined;
}

function variableOf(message: string, hasUrl: boolean): string {
  if (message.startsWith('repo.baseBranch')) return GIT_ENV.baseBranch;
  if (message.startsWith('repo.registryPath')) return GIT_ENV.registryPath;
  if (message.startsWith('repo.generatedDir')) return GIT_ENV.generatedDir;
  if (message.startsWith('github.apiUrl')) return GIT_ENV.githubApiUrl;
  if (message.startsWith('github.token')) return GIT_ENV.githubToken;
  if (message.startsWith('github.')) return GIT_ENV.githubRepo;
  return hasUrl ? GIT_ENV.repoUrl : GIT_ENV.repoPath;
}

/** One line per problem, "AWOOOI_GIT_BASE_BRANCH: "a..b" is not a valid branch name". */
export function formatConfigProblems(problems: readonly GitConfigProblem[]): string {
  return problems.map((p) => `${p.variable}: ${p.message}`).join('\n');
}

export const GIT_DEFAULTS = {
  baseBranch: DEFAULT_BASE_BRANCH,
  registryPath: DEFAULT_REGISTRY_PATH,
  generatedDir: DEFAULT_GENERATED_DIR,
  githubApiUrl: DEFAULT_GITHUB_API_URL,
} as const;

/** What a page may show of the configuration: the summary, never the options (they hold the tokens). */
export type GitConfigView =
  | { state: 'configured'; summary: GitConfigSummary }
  | { state: 'not-configured'; message: string }
  | { state: 'invalid'; problems: GitConfigProblem[] };

export function gitConfigView(state: GitConfigState): GitConfigView {
  return state.state === 'configured' ? { state: 'configured', summary: state.summary } : state;
}
