// A throw-away git work tree for one export or read: a private temp folder, the git CLI through simple-git, the
// token in a 0600 config file that git includes (never on a command line, in the environment or in .git/config),
// and every failure turned into a GitExportError with the secrets removed. The folder is always deleted.
import { lstat, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleGit } from 'simple-git';
import { gitFailure, GitExportError, redactSecrets } from './git-errors';
import type { ResolvedRepo } from './git-export-options';

export const DEFAULT_GIT_TIMEOUT_MS = 120_000;

export interface GitWorkspaceOptions {
  repo: ResolvedRepo;
  /** removed from every message (the token, a password in the URL) */
  secrets: readonly string[];
  /** a git command silent for this long is killed (default 2 minutes) */
  timeoutMs?: number;
}

export interface GitRunOptions {
  /** the branch being pushed: named in branch-exists / push-rejected errors */
  branch?: string;
  /** extra environment, e.g. the commit's author and dates */
  env?: Record<string, string>;
}

export interface GitWorkspace {
  /** the work tree (an empty repository with `origin` set, until the caller fetches) */
  readonly dir: string;
  /** runs `git ARGS` in the work tree and returns its stdout; `doing` starts the error message */
  git(args: string[], doing: string, options?: GitRunOptions): Promise<string>;
}

export async function withGitWorkspace<T>(options: GitWorkspaceOptions, work: (ws: GitWorkspace) => Promise<T>): Promise<T> {
  // mkdtemp makes the folder 0700: the config file with the token inside is private to this user.
  const root = await mkdtemp(path.join(tmpdir(), 'awoooi-git-'));
  try {
    const configFile = path.join(root, 'awoooi.gitconfig');
    await writeFile(configFile, gitConfigText(options.repo), { mode: 0o600 });
    const dir = path.join(root, 'work');
    await mkdir(dir);
    const ws = workspace(dir, configFile, options);
    await ws.git(['init', '-q'], `creating a work tree in ${dir}`);
    await ws.git(['remote', 'add', 'origin', options.repo.remote], `adding the remote ${options.repo.display}`);
    return await work(ws);
  } finally {
    await rm(root, { recursive: true, force: true });
  }
}

function workspace(dir: string, configFile: string, options: GitWorkspaceOptions): GitWorkspace {
  const secrets = [...options.secrets];
  const timeoutMs = options.timeoutMs ?? DEFAULT_GIT_TIMEOUT_MS;
  return {
    dir,
    async git(args, doing, run = {}) {
      const env = gitEnvironment(configFile, run.env);
      const git = simpleGit({
        baseDir: dir,
        maxConcurrentProcesses: 1,
        timeout: { block: timeoutMs },
        // simple-git guards config that can run programs. Ours is one fixed include of the file written above
        // (GIT_CONFIG_COUNT -> include.path); nothing user-supplied reaches these variables.
        unsafe: { allowUnsafeConfigEnvCount: true, allowUnsafeInclude: true },
        allowEnvironment: Object.keys(env).filter((key) => key.startsWith('GIT_')),
      }).env(env);
      try {
        return await git.raw(args);
      } catch (error) {
        const output = redactSecrets(error instanceof Error ? error.message : String(error), secrets);
        if (/block timeout reached/i.test(output)) {
          throw new GitExportError('git', `${redactSecrets(doing, secrets)}: git was silent for ${timeoutMs / 1000} s and was stopped`);
        }
        throw gitFailure(output, { doing: redactSecrets(doing, secrets), branch: run.branch });
      }
    },
  };
}

/** Programs git could start on its own (simple-git refuses to pass them on); these runs never need them. */
const PROGRAM_VARIABLES = new Set(['EDITOR', 'VISUAL', 'PAGER', 'PREFIX', 'SSH_ASKPASS']);

/**
 * The process environment without the caller's GIT_* variables (a GIT_DIR from a hook or a GIT_TRACE would
 * redirect or log this run) and editors/pagers, plus ours: our config file, never a prompt for credentials.
 */
function gitEnvironment(configFile: string, extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(process.env)) {
    const upper = key.toUpperCase();
    if (value !== undefined && !upper.startsWith('GIT_') && !PROGRAM_VARIABLES.has(upper)) env[key] = value;
  }
  return {
    ...env,
    GIT_CONFIG_COUNT: '1',
    GIT_CONFIG_KEY_0: 'include.path',
    GIT_CONFIG_VALUE_0: configFile,
    GIT_TERMINAL_PROMPT: '0',
    ...extra,
  };
}

/** Settings for every run: byte-exact files, no signing prompts, and the token as a header scoped to the host. */
export function gitConfigText(repo: ResolvedRepo): string {
  const lines = ['[core]', '\tautocrlf = false', '\tquotepath = false', '[commit]', '\tgpgsign = false'];
  if (repo.token && repo.authScope) {
    // GitHub's form for tokens over https (as actions/checkout sends it); any Git host accepts Basic auth.
    const basic = Buffer.from(`x-access-token:${repo.token}`).toString('base64');
    lines.push(`[http "${repo.authScope.replace(/["\\]/g, '\\$&')}"]`, `\textraheader = Authorization: Basic ${basic}`);
    // A credential helper configured on this machine would answer a 401 with other credentials: use ours only.
    lines.push('[credential]', '\thelper =');
  }
  return `${lines.join('\n')}\n`;
}

/**
 * Refuses to write through a symbolic link: a repository could hold `registry -> /etc`, and the export must
 * never write outside its work tree.
 */
export async function assertInsideWorkTree(dir: string, relativePath: string): Promise<void> {
  const parts = relativePath.split('/').filter(Boolean);
  let current = dir;
  for (const part of parts) {
    current = path.join(current, part);
    const stat = await lstat(current).catch(() => undefined);
    if (!stat) return; // the rest does not exist yet: it will be created as plain folders and files
    if (stat.isSymbolicLink()) {
      throw new GitExportError('invalid-config', `${path.relative(dir, current)} is a symbolic link in the repository; refusing to write through it`);
    }
  }
}
