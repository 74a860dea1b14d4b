// Where "Export to Git" writes and "Sync from Git" reads: the repository options as settings/env/CLI give them,
// checked and filled with defaults. Pure: no I/O (a local path is not checked for existence here; git says so).
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { GitExportError } from './git-errors';

export interface GitRepoOptions {
  /** a remote: https://host/owner/repo.git (http:// only to loopback), file:///path, ssh://… or git@host:owner/repo */
  url?: string;
  /** a repository on this machine (bare or with a work tree); used instead of `url` */
  localPath?: string;
  /** for https remotes: sent as an HTTP Authorization header (GitHub's `x-access-token` Basic form) */
  token?: string;
  /** default `main` */
  baseBranch?: string;
  /** default `registry/service-registry.yaml` */
  registryPath?: string;
  /** default `generated/`; replaced as a whole on export, so files no longer generated disappear */
  generatedDir?: string;
}

export interface GitHubOptions {
  /** default https://api.github.com; GitHub Enterprise: https://HOST/api/v3 */
  apiUrl?: string;
  owner: string;
  repo: string;
  /** default: the repository's token */
  token?: string;
}

export interface ResolvedRepo {
  /** what git is given as the remote */
  remote: string;
  /** the remote as messages show it: no password, no token */
  display: string;
  token?: string;
  /** the scheme+host+path prefix the Authorization header is scoped to (https/http remotes with a token) */
  authScope?: string;
  baseBranch: string;
  /** POSIX, relative to the repository root */
  registryPath: string;
  /** POSIX, relative, no trailing slash */
  generatedDir: string;
}

export const DEFAULT_BASE_BRANCH = 'main';
export const DEFAULT_REGISTRY_PATH = 'registry/service-registry.yaml';
export const DEFAULT_GENERATED_DIR = 'generated/';
export const DEFAULT_GITHUB_API_URL = 'https://api.github.com';

const LOOPBACK_HOSTS = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);
const SCP_LIKE = /^[\w.-]+@[\w.-]+:(?!\/\/)/;

export function resolveRepo(options: GitRepoOptions): ResolvedRepo {
  const baseBranch = options.baseBranch?.trim() || DEFAULT_BASE_BRANCH;
  if (!isValidBranchName(baseBranch)) invalid(`repo.baseBranch "${baseBranch}" is not a valid branch name`);
  const registryPath = checkRepoPath('repo.registryPath', options.registryPath?.trim() || DEFAULT_REGISTRY_PATH);
  const generatedDir = checkRepoPath('repo.generatedDir', (options.generatedDir?.trim() || DEFAULT_GENERATED_DIR).replace(/\/+$/, ''));
  if (registryPath === generatedDir || registryPath.startsWith(`${generatedDir}/`)) {
    invalid(`repo.registryPath "${registryPath}" is inside repo.generatedDir "${generatedDir}/", which is replaced on every export`);
  }
  const token = options.token?.trim() || undefined;
  const where = remoteOf(options, token);
  return { ...where, token, baseBranch, registryPath, generatedDir };
}

function remoteOf(options: GitRepoOptions, token: string | undefined): Pick<ResolvedRepo, 'remote' | 'display' | 'authScope'> {
  const url = options.url?.trim();
  const localPath = options.localPath?.trim();
  if (url && localPath) invalid('repo: give either url or localPath, not both');
  if (localPath) {
    // file:// rather than the plain path: git ignores --depth for plain local paths and copies everything.
    const absolute = path.resolve(localPath);
    return { remote: pathToFileURL(absolute).href, display: absolute };
  }
  if (!url) invalid('repo: url or localPath is required');
  if (SCP_LIKE.test(url)) return { remote: url, display: url }; // git@host:owner/repo (SSH keys, no token)
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return invalid(`repo.url "${url}" is not a URL (expected https://host/owner/repo.git, file:///path or git@host:owner/repo)`);
  }
  const display = displayUrl(parsed);
  if (!['https:', 'http:', 'file:', 'ssh:'].includes(parsed.protocol)) {
    invalid(`repo.url ${display}: unsupported scheme ${parsed.protocol} (use https, ssh or file)`);
  }
  if (parsed.protocol === 'http:' && token && !LOOPBACK_HOSTS.has(parsed.hostname)) {
    invalid(`repo.url ${display}: refusing to send the token over plain http to ${parsed.hostname}; use https`);
  }
  const web = parsed.protocol === 'https:' || parsed.protocol === 'http:';
  return { remote: url, display, authScope: web && token ? `${parsed.protocol}//${parsed.host}/` : undefined };
}

/** A URL as it may be shown: the password (or token) in it replaced. */
function displayUrl(url: URL): string {
  if (!url.password && !url.username) return url.href;
  const copy = new URL(url.href);
  copy.password = copy.password ? '***' : '';
  if (!url.password) copy.username = '***'; // `https://TOKEN@host`: the user part is the secret
  return copy.href;
}

/** The secrets a message must never contain: the token and a password embedded in the URL. */
export function secretsOf(repo: GitRepoOptions, github?: GitHubOptions): string[] {
  const secrets = [repo.token, github?.token];
  try {
    const parsed = repo.url ? new URL(repo.url.trim()) : undefined;
    if (parsed?.password) secrets.push(decodeURIComponent(parsed.password));
    else if (parsed?.username && parsed.protocol.startsWith('http')) secrets.push(decodeURIComponent(parsed.username));
  } catch {
    // not a URL (scp-like git@host:path): nothing embedded
  }
  return secrets.filter((s): s is string => Boolean(s && s.trim())).map((s) => s.trim());
}

/** git's ref-name rules (git check-ref-format --branch), the parts that matter for names typed into settings. */
export function isValidBranchName(name: string): boolean {
  if (!name || name.startsWith('-') || name.startsWith('/') || name.endsWith('/') || name.endsWith('.')) return false;
  if (name.includes('..') || name.includes('//') || name.includes('@{') || name === '@') return false;
  if (/[\x00-\x20\x7f~^:?*[\\]/.test(name)) return false;
  return name.split('/').every((part) => part && !part.startsWith('.') && !part.endsWith('.lock'));
}

/** A path inside the repository: relative, POSIX, normalised, not escaping it and not touching .git. */
export function checkRepoPath(what: string, value: string): string {
  const problem = repoPathProblem(value);
  if (problem) invalid(`${what} "${value}" ${problem}`);
  return path.posix.normalize(value);
}

/** Why `value` may not be written inside the repository, or undefined when it may. */
export function repoPathProblem(value: string): string | undefined {
  if (!value) return 'is empty';
  if (value.includes('\\')) return 'must use / as the separator';
  if (value.startsWith('/') || /^[a-zA-Z]:/.test(value)) return 'must be relative to the repository root';
  if (/[\x00-\x1f]/.test(value)) return 'contains control characters';
  const normalised = path.posix.normalize(value);
  if (normalised === '.' || normalised === './') return 'must name something inside the repository, not its root';
  const parts = normalised.replace(/\/$/, '').split('/');
  if (parts.includes('..')) return 'must not leave the repository (..)';
  if (parts.some((part) => part.toLowerCase() === '.git')) return 'must not be inside .git';
  return undefined;
}

export function resolveGitHub(github: GitHubOptions, repoToken: string | undefined): Required<GitHubOptions> {
  const apiUrl = (github.apiUrl?.trim() || DEFAULT_GITHUB_API_URL).replace(/\/+$/, '');
  let parsed: URL;
  try {
    parsed = new URL(apiUrl);
  } catch {
    return invalid(`github.apiUrl "${apiUrl}" is not a URL (e.g. https://api.github.com or https://HOST/api/v3)`);
  }
  if (parsed.protocol !== 'https:' && !(parsed.protocol === 'http:' && LOOPBACK_HOSTS.has(parsed.hostname))) {
    invalid(`github.apiUrl ${apiUrl}: use https (plain http is accepted for loopback only)`);
  }
  const owner = github.owner?.trim();
  const repo = github.repo?.trim().replace(/\.git$/, '');
  if (!owner || !/^[\w.-]+$/.test(owner)) invalid(`github.owner "${github.owner ?? ''}" is not a GitHub account name`);
  if (!repo || !/^[\w.-]+$/.test(repo)) invalid(`github.repo "${github.repo ?? ''}" is not a repository name`);
  const token = github.token?.trim() || repoToken;
  if (!token) invalid('github.token is required to open a pull request (or set repo.token)');
  return { apiUrl, owner, repo, token };
}

function invalid(message: string): never {
  throw new GitExportError('invalid-config', message);
}
