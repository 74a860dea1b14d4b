// "Export to Git": the registry YAML and the generated tree, committed on a new branch of the configured
// repository, pushed, and proposed as a pull request. Nothing changed against the base branch -> nothing pushed.
//
//   fetch base (depth 1) -> branch awoooi-monitor/export-<UTC time> -> write registry file + replace generated dir
//   -> stage -> no difference? 'unchanged' -> commit (message from the registry diff) -> push (the branch must
//   not exist yet) -> pull request (when GitHub is configured)
import { existsSync } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { GeneratedFile } from '../generate/types';
import { loadDefaultTemplates } from '../registry/default-templates';
import { diffRegistries } from '../registry/diff';
import { formatProblem } from '../registry/errors';
import { emptyRegistry, type AlertTemplate, type Registry } from '../registry/model';
import { parseRegistryYaml } from '../registry/parse';
import {
  exportBranchName,
  exportCommitMessage,
  exportSubject,
  parseNameStatus,
  pullRequestText,
  type ExportChanges,
  type FileChange,
} from './git-commit-message';
import { GitExportError } from './git-errors';
import {
  repoPathProblem,
  resolveGitHub,
  resolveRepo,
  secretsOf,
  type GitHubOptions,
  type GitRepoOptions,
  type ResolvedRepo,
} from './git-export-options';
import { openPullRequest } from './git-pull-request';
import { assertInsideWorkTree, withGitWorkspace, type GitWorkspace } from './git-workspace';

export interface ExportToGitOptions {
  repo: GitRepoOptions;
  /** where to open the pull request; without it the branch is pushed and no pull request is opened */
  github?: GitHubOptions;
  /** the registry as registryToYaml writes it */
  registryYaml: string;
  /** generate()'s files, paths relative to the generated directory */
  files: readonly GeneratedFile[];
  author: { name: string; email: string };
  /** the commit's date and the branch name's timestamp */
  now: Date;
  /** for registry files without alert_templates (default: the shipped templates) */
  defaultTemplates?: readonly AlertTemplate[];
  /** per git command (default 2 minutes of silence) */
  timeoutMs?: number;
}

interface Exported {
  branch: string;
  commit: string;
  baseBranch: string;
  baseCommit: string;
  /** the commit message's first line, also the pull request's title */
  summary: string;
  changes: ExportChanges;
}

export type ExportToGitResult =
  | { status: 'unchanged'; baseBranch: string; baseCommit: string }
  /** pushed without a pull request (no `github` options: a plain Git server or a local repository) */
  | ({ status: 'pushed' } & Exported)
  | ({ status: 'opened'; pullRequestUrl: string; pullRequestNumber: number } & Exported);

export async function exportToGit(options: ExportToGitOptions): Promise<ExportToGitResult> {
  const repo = resolveRepo(options.repo);
  const github = options.github ? resolveGitHub(options.github, repo.token) : undefined;
  const secrets = secretsOf(options.repo, options.github);
  const defaultTemplates = options.defaultTemplates ?? loadDefaultTemplates();
  const exported = parseExported(options.registryYaml, defaultTemplates);
  checkGeneratedFiles(options.files);
  checkAuthor(options.author);
  const branch = exportBranchName(options.now);

  const outcome = await withGitWorkspace({ repo, secrets, timeoutMs: options.timeoutMs }, async (ws) => {
    const baseCommit = await checkOutBase(ws, repo, branch);
    const before = await readBaseRegistry(ws.dir, repo.registryPath, defaultTemplates);
    const generatedExisted = existsSync(path.join(ws.dir, repo.generatedDir));
    await writeExport(ws.dir, repo, options.registryYaml, options.files);

    const paths = [repo.registryPath, ...(generatedExisted || options.files.length ? [repo.generatedDir] : [])];
    // -f: a .gitignore in the repository must not silently drop generated files from the export.
    await ws.git(['add', '-A', '-f', '--', ...paths], 'staging the export');
    const staged = parseNameStatus(
      await ws.git(['diff', '--cached', '--name-status', '-z', '--no-renames', 'HEAD'], 'comparing the export with the base branch'),
    );
    if (staged.length === 0) return { status: 'unchanged' as const, baseBranch: repo.baseBranch, baseCommit };

    const changes = describeChanges(staged, repo, before, exported);
    const commit = await commitAndPush(ws, repo, branch, changes, options);
    return { status: 'pushed' as const, branch, commit, baseBranch: repo.baseBranch, baseCommit, summary: exportSubject(changes), changes };
  });
  if (outcome.status === 'unchanged' || !github) return outcome;

  const text = pullRequestText(outcome.changes, { registryPath: repo.registryPath, baseBranch: repo.baseBranch });
  try {
    const pr = await openPullRequest({ ...github, head: outcome.branch, base: repo.baseBranch, ...text, timeoutMs: options.timeoutMs });
    return { ...outcome, status: 'opened', pullRequestUrl: pr.url, pullRequestNumber: pr.number };
  } catch (error) {
    if (!(error instanceof GitExportError)) throw error;
    // The branch is on the remote: say so, so that the person can open the pull request by hand.
    throw new GitExportError(error.code, `the branch ${outcome.branch} was pushed (commit ${outcome.commit.slice(0, 12)}), but ${error.message}`, {
      ...error.details,
      branch: outcome.branch,
      commit: outcome.commit,
    });
  }
}

function parseExported(registryYaml: string, defaultTemplates: readonly AlertTemplate[]): Registry {
  const parsed = parseRegistryYaml(registryYaml, { defaultTemplates });
  if (parsed.ok) return parsed.value;
  const shown = parsed.problems.slice(0, 5).map((p) => formatProblem('registryYaml', p));
  const more = parsed.problems.length > 5 ? [`…and ${parsed.problems.length - 5} more`] : [];
  throw new GitExportError('invalid-registry', `the registry to export is invalid:\n${[...shown, ...more].join('\n')}`);
}

function checkGeneratedFiles(files: readonly GeneratedFile[]): void {
  const seen = new Set<string>();
  files.forEach((file, index) => {
    const problem = repoPathProblem(file.path);
    if (problem) throw new GitExportError('invalid-config', `files[${index}].path "${file.path}" ${problem}`);
    const normalised = path.posix.normalize(file.path);
    if (seen.has(normalised)) throw new GitExportError('invalid-config', `files[${index}].path "${file.path}" appears twice`);
    seen.add(normalised);
  });
}

function checkAuthor(author: { name: string; email: string }): void {
  // git refuses names or emails with angle brackets or newlines; say so before cloning anything.
  if (!author.name?.trim() || /[<>\n]/.test(author.name)) {
    throw new GitExportError('invalid-config', `author.name "${author.name ?? ''}" is empty or has <, > or a newline`);
  }
  if (!/^[^\s<>@]+@[^\s<>@]+$/.test(author.email ?? '')) {
    throw new GitExportError('invalid-config', `author.email "${author.email ?? ''}" is not an email address`);
  }
}

async function checkOutBase(ws: GitWorkspace, repo: ResolvedRepo, branch: string): Promise<string> {
  const tracking = `refs/remotes/origin/${repo.baseBranch}`;
  await ws.git(
    ['fetch', '--depth', '1', '--no-tags', 'origin', `+refs/heads/${repo.baseBranch}:${tracking}`],
    `fetching branch ${repo.baseBranch} from ${repo.display}`,
  );
  await ws.git(['checkout', '-q', '-b', branch, tracking], `checking out ${repo.baseBranch}`);
  return (await ws.git(['rev-parse', 'HEAD'], 'reading the base commit')).trim();
}

type BaseRegistry = { registry: Registry; base: ExportChanges['base'] };

async function readBaseRegistry(dir: string, registryPath: string, defaultTemplates: readonly AlertTemplate[]): Promise<BaseRegistry> {
  await assertInsideWorkTree(dir, registryPath);
  const text = await readFile(path.join(dir, registryPath), 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw new GitExportError('git', `reading ${registryPath} on the base branch: ${e.message}`);
  });
  if (text === undefined) return { registry: emptyRegistry(), base: { kind: 'missing' } };
  const parsed = parseRegistryYaml(text, { defaultTemplates });
  if (parsed.ok) return { registry: parsed.value, base: { kind: 'present' } };
  const first = parsed.problems[0]!;
  const reason = `${parsed.problems.length} problem(s), first: ${formatProblem(registryPath, first)}`;
  return { registry: emptyRegistry(), base: { kind: 'unreadable', reason } };
}

/** The registry file written, the generated directory replaced as a whole (so files no longer generated go). */
async function writeExport(dir: string, repo: ResolvedRepo, registryYaml: string, files: readonly GeneratedFile[]): Promise<void> {
  await assertInsideWorkTree(dir, repo.generatedDir);
  const generatedRoot = path.join(dir, repo.generatedDir);
  await rm(generatedRoot, { recursive: true, force: true });
  for (const file of files) {
    const target = path.join(generatedRoot, file.path);
    await mkdir(path.dirname(target), { recursive: true });
    await writeFile(target, file.content, 'utf8');
  }
  const registryFile = path.join(dir, repo.registryPath);
  await mkdir(path.dirname(registryFile), { recursive: true });
  await writeFile(registryFile, registryYaml, 'utf8');
}

function describeChanges(staged: FileChange[], repo: ResolvedRepo, before: BaseRegistry, exported: Registry): ExportChanges {
  const prefix = `${repo.generatedDir}/`;
  return {
    registry: diffRegistries(before.registry, exported),
    base: before.base,
    registryFile: staged.find((f) => f.path === repo.registryPath),
    generated: staged.filter((f) => f.path.startsWith(prefix)),
  };
}

async function commitAndPush(
  ws: GitWorkspace,
  repo: ResolvedRepo,
  branch: string,
  changes: ExportChanges,
  options: Pick<ExportToGitOptions, 'author' | 'now'>,
): Promise<string> {
  const date = options.now.toISOString();
  const { name, email } = options.author;
  const env = {
    GIT_AUTHOR_NAME: name,
    GIT_AUTHOR_EMAIL: email,
    GIT_AUTHOR_DATE: date,
    GIT_COMMITTER_NAME: name,
    GIT_COMMITTER_EMAIL: email,
    GIT_COMMITTER_DATE: date,
  };
  await ws.git(['commit', '-q', '--no-verify', '-m', exportCommitMessage(changes)], `committing on ${branch}`, { env });
  const commit = (await ws.git(['rev-parse', 'HEAD'], 'reading the new commit')).trim();
  // An empty expected value in --force-with-lease means "only if the branch does not exist": never overwrite.
  await ws.git(
    ['push', 'origin', `--force-with-lease=refs/heads/${branch}:`, `HEAD:refs/heads/${branch}`],
    `pushing branch ${branch} to ${repo.display}`,
    { branch },
  );
  return commit;
}
