// "Export to Git" and "Sync from Git" as the app runs them: the stored registry and the app's generator settings in,
// the configured repository (lib/deploy/git-config.ts) out, an audit entry per export, and results the page, the
// API route and the CLI show as they are (never a thrown error for a failure the user can act on).
import type { Actor } from '../auth/roles';
import { recordAudit, type AuditChangeInput } from '../audit/record';
import type { Db } from '../db/client';
import { loadAppSettings } from '../generate/app-settings';
import { generate } from '../generate/index';
import type { RegistryDiff } from '../registry/diff-types';
import type { RegistryProblem } from '../registry/errors';
import { registryToYaml } from '../registry/export';
import { importRegistryYaml } from '../registry/import';
import { loadRegistry, RevisionConflictError } from '../registry/store';
import { formatConfigProblems, gitConfigFromEnv, type Env, type GitConfigProblem, type GitExportConfig } from './git-config';
import { GitExportError, type GitExportErrorCode } from './git-errors';
import { exportToGit, type ExportToGitResult } from './git-export';
import { readRegistryFromGit } from './git-registry-read';

export const GIT_EXPORT_ACTION = 'deploy.git_export';

export interface GitServiceDeps {
  /** the environment holding the AWOOOI_GIT_* and GENERATE_SETTINGS_FILE variables (default process.env) */
  env?: Env;
  /** the export's commit time and branch name (default now) */
  now?: () => Date;
}

/** Why nothing could be done; `code` lets the UI and the CLI branch, `message` says where and what. */
export interface GitServiceFailure {
  status: 'failed';
  code: GitExportErrorCode | 'not-configured' | 'invalid-settings';
  message: string;
  /** set when a branch was pushed before a later step failed: the work is on the remote */
  branch?: string;
  commit?: string;
  /** per-variable problems of an invalid configuration */
  configProblems?: GitConfigProblem[];
}

export type GitExportOutcome =
  | { status: 'unchanged'; baseBranch: string; baseCommit: string; summary: string }
  | { status: 'pushed'; branch: string; commit: string; baseBranch: string; summary: string }
  | { status: 'opened'; branch: string; commit: string; baseBranch: string; summary: string; pullRequestUrl: string; pullRequestNumber: number }
  | GitServiceFailure;

type ConfigOr = { ok: true; config: GitExportConfig } | { ok: false; failure: GitServiceFailure };

function configOrFailure(env: Env | undefined): ConfigOr {
  const state = gitConfigFromEnv(env);
  if (state.state === 'configured') return { ok: true, config: state.config };
  if (state.state === 'not-configured') return { ok: false, failure: { status: 'failed', code: 'not-configured', message: state.message } };
  return {
    ok: false,
    failure: {
      status: 'failed',
      code: 'invalid-config',
      message: `the Git export settings are invalid:\n${formatConfigProblems(state.problems)}`,
      configProblems: state.problems,
    },
  };
}

function failureOf(error: unknown): GitServiceFailure {
  if (!(error instanceof GitExportError)) throw error;
  return { status: 'failed', code: error.code, message: error.message, ...pick(error.details) };
}

function pick(details: GitExportError['details']): Pick<GitServiceFailure, 'branch' | 'commit'> {
  return { ...(details.branch ? { branch: details.branch } : {}), ...(details.commit ? { commit: details.commit } : {}) };
}

/** Commits the stored registry and what it generates to a new branch, pushes it and opens a pull request. */
export async function exportRegistryToGit(db: Db, actor: Actor, deps: GitServiceDeps = {}): Promise<GitExportOutcome> {
  const configured = configOrFailure(deps.env);
  if (!configured.ok) return configured.failure;
  const { config } = configured;
  const [settings, registry] = await Promise.all([loadAppSettings(deps.env), loadRegistry(db)]);
  if (!settings.ok) {
    const lines = settings.problems.map((p) => `${settings.file}${p.path ? ` ${p.path}` : ''}: ${p.message}`);
    return { status: 'failed', code: 'invalid-settings', message: `the generator settings are invalid, so nothing was exported:\n${lines.join('\n')}` };
  }

  let outcome: GitExportOutcome;
  try {
    const result = await exportToGit({
      repo: config.repo,
      github: config.github,
      registryYaml: registryToYaml(registry),
      files: generate(registry, settings.settings).files,
      author: config.author,
      now: (deps.now ?? (() => new Date()))(),
    });
    outcome = outcomeOf(result);
  } catch (error) {
    outcome = failureOf(error);
  }
  // Attempts that reached the repository are recorded, failed ones too: a pushed branch must be traceable.
  await db.$transaction((tx) => recordAudit(tx, actor, { action: GIT_EXPORT_ACTION, summary: auditSummary(outcome), changes: auditChanges(outcome) }));
  return outcome;
}

/** A pushed branch is a thing on the remote: one 'deploy' change row, so the section filter finds it. */
function auditChanges(outcome: GitExportOutcome): AuditChangeInput[] {
  if (outcome.status !== 'pushed' && outcome.status !== 'opened') return [];
  const { branch, commit, baseBranch, summary } = outcome;
  const pullRequest = outcome.status === 'opened' ? { pullRequestUrl: outcome.pullRequestUrl } : {};
  return [{ section: 'deploy', key: `git-export ${branch}`, op: 'added', after: { branch, commit, baseBranch, summary, ...pullRequest } }];
}

function outcomeOf(result: ExportToGitResult): GitExportOutcome {
  if (result.status === 'unchanged') {
    const { baseBranch, baseCommit } = result;
    return { status: 'unchanged', baseBranch, baseCommit, summary: `Nothing changed since ${baseBranch}` };
  }
  const common = { branch: result.branch, commit: result.commit, baseBranch: result.baseBranch, summary: result.summary };
  if (result.status === 'pushed') return { status: 'pushed', ...common };
  return { status: 'opened', ...common, pullRequestUrl: result.pullRequestUrl, pullRequestNumber: result.pullRequestNumber };
}

function auditSummary(outcome: GitExportOutcome): string {
  const short = (commit: string) => commit.slice(0, 12);
  switch (outcome.status) {
    case 'unchanged':
      return `exported to Git: nothing changed since ${outcome.baseBranch} (${short(outcome.baseCommit)})`;
    case 'pushed':
      return `exported to Git: pushed branch ${outcome.branch} (${short(outcome.commit)}): ${outcome.summary}`;
    case 'opened':
      return `exported to Git: pull request #${outcome.pullRequestNumber} ${outcome.pullRequestUrl} (branch ${outcome.branch}, ${short(outcome.commit)}): ${outcome.summary}`;
    case 'failed':
      return `export to Git failed (${outcome.code}): ${outcome.message}`;
  }
}

export type SyncPreview =
  | {
      status: 'preview';
      /** the commit the file was read from: applying reads exactly this commit again */
      commit: string;
      ref: string;
      path: string;
      diff: RegistryDiff;
      /** the stored registry's revision the diff was computed against: applying refuses if it moved */
      revision: string;
    }
  | { status: 'problems'; commit: string; path: string; yaml: string; problems: RegistryProblem[] }
  | GitServiceFailure;

/** Reads the registry file at the base branch and runs the import's dry run on it; changes nothing. */
export async function previewSyncFromGit(db: Db, deps: GitServiceDeps = {}): Promise<SyncPreview> {
  const configured = configOrFailure(deps.env);
  if (!configured.ok) return configured.failure;
  try {
    const read = await readRegistryFromGit({ repo: configured.config.repo });
    const result = await importRegistryYaml(db, read.yaml, { dryRun: true });
    if (!result.ok) return { status: 'problems', commit: read.commit, path: read.path, yaml: read.yaml, problems: result.problems };
    return { status: 'preview', commit: read.commit, ref: read.ref, path: read.path, diff: result.diff, revision: result.baseRevision };
  } catch (error) {
    return failureOf(error);
  }
}

export interface ApplySyncInput {
  /** the full commit id the preview showed */
  commit: string;
  /** the preview's revision */
  expectedRevision: string;
}

export type SyncApplied =
  | { status: 'applied'; commit: string; diff: RegistryDiff; revision: string }
  /** the registry changed since the preview: nothing written */
  | { status: 'conflict'; message: string; revision: string }
  | { status: 'problems'; commit: string; path: string; yaml: string; problems: RegistryProblem[] }
  | GitServiceFailure;

const FULL_COMMIT = /^[0-9a-f]{40}$/;

/** Imports the registry file exactly as it is at `commit`, if the stored registry is still at `expectedRevision`. */
export async function applySyncFromGit(db: Db, actor: Actor, input: ApplySyncInput, deps: GitServiceDeps = {}): Promise<SyncApplied> {
  if (!FULL_COMMIT.test(input.commit)) {
    return { status: 'failed', code: 'invalid-config', message: `commit "${input.commit}" is not a full 40-character commit id; preview again` };
  }
  if (!input.expectedRevision) {
    return { status: 'failed', code: 'invalid-config', message: 'the preview\'s revision is missing; preview again before applying' };
  }
  const configured = configOrFailure(deps.env);
  if (!configured.ok) return configured.failure;
  try {
    const read = await readRegistryFromGit({ repo: configured.config.repo, ref: input.commit });
    const result = await importRegistryYaml(db, read.yaml, {
      expectedRevision: input.expectedRevision,
      actor,
      summary: `synced from git ${read.commit}`,
    });
    if (!result.ok) return { status: 'problems', commit: read.commit, path: read.path, yaml: read.yaml, problems: result.problems };
    return { status: 'applied', commit: read.commit, diff: result.diff, revision: result.revision };
  } catch (error) {
    if (error instanceof RevisionConflictError) return { status: 'conflict', message: error.message, revision: error.actual };
    return failureOf(error);
  }
}
