// A stand-in for GitHub (or GitHub Enterprise) on 127.0.0.1 (random port), for the "Export to Git" tests. It is
// both halves of what the export talks to, with real parts where they exist:
//
//   git over smart HTTP   /{owner}/{repo}.git/...          the real `git http-backend` (CGI) on bare repositories,
//                                                          behind GitHub's token check (Basic x-access-token:TOKEN)
//   REST API              POST {apiPrefix}/repos/{owner}/{repo}/pulls
//                                                          201 with the real pull request shape, 401 Bad credentials,
//                                                          404 Not Found, 422 Validation Failed (missing fields, a
//                                                          head/base branch that does not exist, no commits between,
//                                                          a pull request that already exists)
//
// The default apiPrefix is GitHub Enterprise's `/api/v3`, so tests also prove the configurable base URL.
// Every request is recorded (method, path, authorization, body) so tests assert what was sent.
//
//   const gh = await startGitHubStandIn({ token: 'ghp_test' });
//   await gh.createRepository('acme', 'monitoring', { 'README.md': 'hi\n' });
//   exportToGit({ repo: { url: gh.gitUrl('acme', 'monitoring'), token }, github: { apiUrl: gh.apiUrl, ... } })
//   await gh.close();
import { execFile, spawn } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { expect } from 'vitest';
import { GitExportError } from '@/lib/deploy/git-errors';

const execFileAsync = promisify(execFile);

/** The environment for git in tests: no GIT_* from the caller (a hook's GIT_DIR would redirect every command). */
export function cleanGitEnv(extra: Record<string, string> = {}): NodeJS.ProcessEnv {
  const env = { ...process.env };
  for (const key of Object.keys(env)) if (key.toUpperCase().startsWith('GIT_')) delete env[key];
  return Object.assign(env, { GIT_TERMINAL_PROMPT: '0' }, extra);
}

/** `git ARGS` in `cwd`; stdout. Throws with git's stderr. */
export async function runGit(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', ['-c', 'user.name=Seed', '-c', 'user.email=seed@example.test', '-c', 'commit.gpgsign=false', ...args], {
    cwd,
    env: cleanGitEnv(),
    maxBuffer: 64 * 1024 * 1024,
  });
  return stdout;
}

/** A bare repository at `dir` whose `branch` holds `files` in one commit ("initial"). Returns `dir`. */
export async function createBareRepository(dir: string, files: Record<string, string>, branch = 'main'): Promise<string> {
  await mkdir(dir, { recursive: true });
  await runGit(dir, 'init', '-q', '--bare', '-b', branch);
  const work = await mkdtemp(path.join(tmpdir(), 'awoooi-seed-'));
  try {
    await runGit(work, 'init', '-q', '-b', branch);
    for (const [file, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(work, file)), { recursive: true });
      await writeFile(path.join(work, file), content);
    }
    await runGit(work, 'add', '-A');
    await runGit(work, 'commit', '-q', '-m', 'initial');
    await runGit(work, 'push', '-q', dir, `HEAD:refs/heads/${branch}`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
  return dir;
}

/** The branches of a bare repository: name -> commit. */
export async function branchesOf(bareDir: string): Promise<Map<string, string>> {
  const out = await runGit(bareDir, 'for-each-ref', '--format=%(refname:strip=2) %(objectname)', 'refs/heads');
  return new Map(out.split('\n').filter(Boolean).map((line) => line.split(' ') as [string, string]));
}

export interface RecordedGitHubRequest {
  method: string;
  path: string;
  /** the Authorization header as received */
  authorization?: string;
  accept?: string;
  userAgent?: string;
  /** parsed JSON body (REST calls only) */
  body?: unknown;
  status: number;
}

export interface StandInPullRequest {
  number: number;
  owner: string;
  repo: string;
  head: string;
  base: string;
  title: string;
  body: string | null;
  headSha: string;
}

export interface GitHubStandIn {
  /** the REST API base URL, e.g. http://127.0.0.1:PORT/api/v3 */
  apiUrl: string;
  /** the web base URL (html_url of pull requests start with it) */
  webUrl: string;
  token: string;
  /** where the bare repositories live: ROOT/{owner}/{repo}.git */
  root: string;
  readonly requests: RecordedGitHubRequest[];
  readonly pulls: StandInPullRequest[];
  gitUrl(owner: string, repo: string): string;
  /** a bare repository served at gitUrl(owner, repo), seeded like createBareRepository; returns its folder */
  createRepository(owner: string, repo: string, files: Record<string, string>, branch?: string): Promise<string>;
  close(): Promise<void>;
}

export interface GitHubStandInOptions {
  /** the one token accepted by git and the API (default "ghp_standInToken0123456789") */
  token?: string;
  /** default `/api/v3` (GitHub Enterprise's layout); `''` for api.github.com's */
  apiPrefix?: string;
  /** the login that owns created pull requests */
  login?: string;
  /** default: a free one (an app started beforehand needs a fixed one in its settings) */
  port?: number;
}

const DOCS = 'https://docs.github.com/rest/pulls/pulls#create-a-pull-request';

export async function startGitHubStandIn(options: GitHubStandInOptions = {}): Promise<GitHubStandIn> {
  const token = options.token ?? 'ghp_standInToken0123456789';
  const apiPrefix = options.apiPrefix ?? '/api/v3';
  const login = options.login ?? 'awoooi-bot';
  const root = await mkdtemp(path.join(tmpdir(), 'awoooi-github-'));
  const requests: RecordedGitHubRequest[] = [];
  const pulls: StandInPullRequest[] = [];
  let webUrl = '';

  const bareDir = (owner: string, repo: string) => path.join(root, owner, `${repo}.git`);
  const exists = async (owner: string, repo: string) => runGit(bareDir(owner, repo), 'rev-parse', '--git-dir').then(() => true, () => false);
  const branchSha = async (owner: string, repo: string, branch: string) =>
    (await branchesOf(bareDir(owner, repo)).catch(() => new Map<string, string>())).get(branch);

  async function createPull(req: IncomingMessage, res: ServerResponse, record: RecordedGitHubRequest, owner: string, repo: string) {
    const auth = req.headers.authorization ?? '';
    const match = /^(?:token|bearer)\s+(.+)$/i.exec(auth);
    if (!match || match[1] !== token) return json(res, record, 401, { message: 'Bad credentials', documentation_url: 'https://docs.github.com/rest', status: '401' });
    if (!(await exists(owner, repo))) return json(res, record, 404, { message: 'Not Found', documentation_url: DOCS, status: '404' });
    const input = (record.body ?? {}) as Record<string, unknown>;
    const invalid = (errors: object[]) => json(res, record, 422, { message: 'Validation Failed', errors, documentation_url: DOCS, status: '422' });
    for (const field of ['title', 'head', 'base']) {
      if (typeof input[field] !== 'string' || !input[field]) return invalid([{ resource: 'PullRequest', field, code: 'missing_field' }]);
    }
    const [title, head, base] = [String(input.title), String(input.head), String(input.base)];
    const headSha = await branchSha(owner, repo, head);
    const baseSha = await branchSha(owner, repo, base);
    if (!baseSha) return invalid([{ resource: 'PullRequest', field: 'base', code: 'invalid' }]);
    if (!headSha) return invalid([{ resource: 'PullRequest', field: 'head', code: 'invalid' }]);
    if (headSha === baseSha) return invalid([{ resource: 'PullRequest', code: 'custom', message: `No commits between ${base} and ${head}` }]);
    if (pulls.some((p) => p.owner === owner && p.repo === repo && p.head === head && p.base === base)) {
      return invalid([{ resource: 'PullRequest', code: 'custom', message: `A pull request already exists for ${owner}:${head}.` }]);
    }
    const pull: StandInPullRequest = { number: pulls.length + 1, owner, repo, head, base, title, body: typeof input.body === 'string' ? input.body : null, headSha };
    pulls.push(pull);
    const apiRepo = `${webUrl}${apiPrefix}/repos/${owner}/${repo}`;
    res.setHeader('Location', `${apiRepo}/pulls/${pull.number}`);
    json(res, record, 201, pullRequestJson(pull, { apiRepo, webUrl, login, baseSha }));
  }

  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    const record: RecordedGitHubRequest = {
      method: req.method ?? 'GET',
      path: url.pathname,
      authorization: req.headers.authorization,
      accept: req.headers.accept,
      userAgent: req.headers['user-agent'],
      status: 0,
    };
    requests.push(record);
    const gitPath = /^\/([\w.-]+)\/([\w.-]+)\.git(\/.*)$/.exec(url.pathname);
    if (gitPath) return serveGit(req, res, record, { root, token, url });
    const pullsPath = new RegExp(`^${apiPrefix}/repos/([\\w.-]+)/([\\w.-]+)/pulls$`).exec(url.pathname);
    if (pullsPath && req.method === 'POST') {
      readBody(req)
        .then((text) => {
          try {
            record.body = JSON.parse(text);
          } catch {
            return json(res, record, 400, { message: 'Problems parsing JSON', documentation_url: DOCS, status: '400' });
          }
          return createPull(req, res, record, pullsPath[1]!, pullsPath[2]!);
        })
        .catch((error: Error) => json(res, record, 500, { message: error.message }));
      return;
    }
    json(res, record, 404, { message: 'Not Found', documentation_url: 'https://docs.github.com/rest', status: '404' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', resolve);
  });
  webUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  return {
    apiUrl: `${webUrl}${apiPrefix}`,
    webUrl,
    token,
    root,
    requests,
    pulls,
    gitUrl: (owner, repo) => `${webUrl}/${owner}/${repo}.git`,
    createRepository: (owner, repo, files, branch) => createBareRepository(bareDir(owner, repo), files, branch),
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await rm(root, { recursive: true, force: true });
    },
  };
}

function json(res: ServerResponse, record: RecordedGitHubRequest, status: number, body: unknown) {
  record.status = status;
  res.writeHead(status, { 'Content-Type': 'application/json; charset=utf-8', 'X-GitHub-Media-Type': 'github.v3; format=json' });
  res.end(JSON.stringify(body));
}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

/** GitHub's git endpoints: Basic auth with the token as password (any user name), then `git http-backend`. */
function serveGit(req: IncomingMessage, res: ServerResponse, record: RecordedGitHubRequest, ctx: { root: string; token: string; url: URL }) {
  const basic = /^basic\s+(.+)$/i.exec(req.headers.authorization ?? '');
  const password = basic ? Buffer.from(basic[1]!, 'base64').toString('utf8').split(':').slice(1).join(':') : undefined;
  if (password !== ctx.token) {
    record.status = 401;
    res.writeHead(401, { 'WWW-Authenticate': 'Basic realm="GitHub"', 'Content-Type': 'text/plain' });
    res.end('Invalid username or token. Password authentication is not supported for Git operations.\n');
    return;
  }
  const env = cleanGitEnv({
    GIT_PROJECT_ROOT: ctx.root,
    GIT_HTTP_EXPORT_ALL: '1',
    PATH_INFO: ctx.url.pathname,
    QUERY_STRING: ctx.url.search.replace(/^\?/, ''),
    REQUEST_METHOD: req.method ?? 'GET',
    CONTENT_TYPE: req.headers['content-type'] ?? '',
    REMOTE_USER: 'x-access-token', // http-backend allows pushes (receive-pack) only for an authenticated user
    REMOTE_ADDR: '127.0.0.1',
  });
  if (req.headers['content-length']) env.CONTENT_LENGTH = req.headers['content-length'];
  if (req.headers['content-encoding']) env.HTTP_CONTENT_ENCODING = req.headers['content-encoding'];
  if (req.headers['git-protocol']) env.GIT_PROTOCOL = String(req.headers['git-protocol']);
  const cgi = spawn('git', ['http-backend'], { env });
  req.pipe(cgi.stdin);
  const out: Buffer[] = [];
  cgi.stdout.on('data', (c: Buffer) => out.push(c));
  cgi.stderr.resume();
  cgi.on('close', () => {
    const all = Buffer.concat(out);
    const split = all.indexOf('\r\n\r\n');
    const head = all.subarray(0, split < 0 ? 0 : split).toString('latin1');
    const headers: Record<string, string> = {};
    let status = 200;
    for (const line of head.split('\r\n').filter(Boolean)) {
      const [name, ...rest] = line.split(':');
      const value = rest.join(':').trim();
      if (name!.toLowerCase() === 'status') status = Number.parseInt(value, 10);
      else headers[name!] = value;
    }
    record.status = status;
    res.writeHead(status, headers);
    res.end(split < 0 ? all : all.subarray(split + 4));
  });
}

/** A pull request as POST /repos/{owner}/{repo}/pulls answers it (the fields clients read, with their real names). */
function pullRequestJson(pull: StandInPullRequest, ctx: { apiRepo: string; webUrl: string; login: string; baseSha: string }) {
  const now = new Date().toISOString().replace(/\.\d{3}Z$/, 'Z');
  const user = { login: ctx.login, id: 4242, node_id: 'U_kgDOAAAQkg', type: 'Bot', site_admin: false, html_url: `${ctx.webUrl}/${ctx.login}` };
  const repo = {
    id: 1296269,
    node_id: 'R_kgDOABPHjQ',
    name: pull.repo,
    full_name: `${pull.owner}/${pull.repo}`,
    private: true,
    owner: { login: pull.owner, id: 1, type: 'Organization' },
    html_url: `${ctx.webUrl}/${pull.owner}/${pull.repo}`,
    url: ctx.apiRepo,
    default_branch: pull.base,
  };
  const html = `${ctx.webUrl}/${pull.owner}/${pull.repo}/pull/${pull.number}`;
  const api = `${ctx.apiRepo}/pulls/${pull.number}`;
  const ref = (name: string, sha: string) => ({ label: `${pull.owner}:${name}`, ref: name, sha, user: repo.owner, repo });
  return {
    url: api,
    id: 1_000_000 + pull.number,
    node_id: `PR_kwDOABPHjc4${pull.number}`,
    html_url: html,
    diff_url: `${html}.diff`,
    patch_url: `${html}.patch`,
    issue_url: `${ctx.apiRepo}/issues/${pull.number}`,
    commits_url: `${api}/commits`,
    review_comments_url: `${api}/comments`,
    comments_url: `${ctx.apiRepo}/issues/${pull.number}/comments`,
    statuses_url: `${ctx.apiRepo}/statuses/${pull.headSha}`,
    number: pull.number,
    state: 'open',
    locked: false,
    title: pull.title,
    user,
    body: pull.body,
    labels: [],
    milestone: null,
    active_lock_reason: null,
    created_at: now,
    updated_at: now,
    closed_at: null,
    merged_at: null,
    merge_commit_sha: null,
    assignee: null,
    assignees: [],
    requested_reviewers: [],
    requested_teams: [],
    head: ref(pull.head, pull.headSha),
    base: ref(pull.base, ctx.baseSha),
    _links: { self: { href: api }, html: { href: html }, issue: { href: `${ctx.apiRepo}/issues/${pull.number}` } },
    author_association: 'CONTRIBUTOR',
    auto_merge: null,
    draft: false,
    merged: false,
    mergeable: null,
    rebaseable: null,
    mergeable_state: 'unknown',
    merged_by: null,
    comments: 0,
    review_comments: 0,
    maintainer_can_modify: false,
    commits: 1,
    additions: 0,
    deletions: 0,
    changed_files: 0,
  };
}

/** The GitExportError `promise` rejects with (the test fails if it resolves or rejects with anything else). */
export async function gitExportRejection(promise: Promise<unknown>): Promise<GitExportError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(GitExportError);
  return error as GitExportError;
}
