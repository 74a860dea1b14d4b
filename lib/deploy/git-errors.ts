// Errors of "Export to Git" / "Sync from Git": a code the UI and CLI can branch on, a message that says where and
// what, and never a secret. Pure: no I/O.

export type GitExportErrorCode =
  /** the options are wrong (missing URL, a path escaping the repository, a token over plain http...) */
  | 'invalid-config'
  /** the registry YAML to export does not parse */
  | 'invalid-registry'
  /** the remote or GitHub refused the credentials */
  | 'auth'
  | 'repository-not-found'
  /** the base branch or the ref to read does not exist */
  | 'ref-not-found'
  | 'registry-file-missing'
  /** the export branch already exists on the remote */
  | 'branch-exists'
  /** the remote refused the push (protected branch, hook, size limit...) */
  | 'push-rejected'
  /** GitHub answered 422: a pull request for the branch exists */
  | 'pull-request-exists'
  /** any other GitHub API failure */
  | 'github'
  /** any other git failure */
  | 'git';

export interface GitExportErrorDetails {
  /** set once the branch was pushed: the work is on the remote even if a later step failed */
  branch?: string;
  commit?: string;
  /** HTTP status of a GitHub API failure */
  status?: number;
  /** GitHub's own words (message and errors[].message) */
  githubMessage?: string;
}

export class GitExportError extends Error {
  override readonly name = 'GitExportError';
  constructor(
    readonly code: GitExportErrorCode,
    message: string,
    readonly details: GitExportErrorDetails = {},
  ) {
    super(message);
  }
}

const REDACTED = '[REDACTED]';

/**
 * `text` with every secret removed: the secrets themselves, their base64 forms as they travel in a Basic
 * Authorization header, and the password part of any URL (`https://user:pass@host` -> `https://user:***@host`).
 */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text.replace(/(\b[a-z][a-z0-9+.-]*:\/\/[^\s/:@'"]*):[^\s/@'"]+@/gi, '$1:***@');
  for (const secret of secrets) {
    if (!secret || secret.length < 4) continue; // a tiny "secret" would shred the message and hide nothing
    for (const form of secretForms(secret)) out = out.split(form).join(REDACTED);
  }
  return out;
}

function secretForms(secret: string): string[] {
  const basic = (user: string) => Buffer.from(`${user}:${secret}`).toString('base64');
  return [secret, basic('x-access-token'), Buffer.from(secret).toString('base64')];
}

/** The lines of git's output that explain a failure: `fatal:`, `error:`, `remote:`, `! [rejected]` lines. */
export function gitFailureReason(output: string): string {
  const lines = output
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => /^(fatal|error|remote|!|hint: Updates were rejected)/i.test(line))
    .filter((line) => !/^remote:\s*$/.test(line));
  const reason = (lines.length ? lines : output.split('\n').filter((l) => l.trim())).join('; ');
  return reason.length > 600 ? `${reason.slice(0, 600)}…` : reason || 'git failed without a message';
}

export interface GitFailureContext {
  /** what was being done, e.g. `fetching branch main from https://github.com/o/r.git` */
  doing: string;
  /** the branch being pushed, for branch-exists/push-rejected */
  branch?: string;
}

/** Turns git's (already redacted) output into an error with a code and a message that says what failed. */
export function gitFailure(output: string, context: GitFailureContext): GitExportError {
  const reason = gitFailureReason(output);
  const code = classifyGitOutput(output);
  const message =
    code === 'branch-exists'
      ? `${context.doing}: the branch ${context.branch ?? ''} already exists on the remote; nothing was overwritten (${reason})`
      : code === 'auth'
        ? `${context.doing}: authentication failed; check the repository token and its access (${reason})`
        : `${context.doing}: ${reason}`;
  return new GitExportError(code, message);
}

/** What git and the common hosts say when credentials are missing or refused (HTTP and SSH). */
const AUTH_FAILURE =
  /Authentication failed|could not read (Username|Password)|terminal prompts disabled|returned error: 40[13]\b|Permission denied \(publickey|HTTP Basic: Access denied|invalid credentials/i;

function classifyGitOutput(output: string): GitExportErrorCode {
  if (/\(stale info\)|\[rejected\].*\(already exists\)/.test(output)) return 'branch-exists';
  if (AUTH_FAILURE.test(output)) return 'auth';
  if (/couldn't find remote ref|Remote branch .* not found/i.test(output)) return 'ref-not-found';
  if (/Repository not found|does not appear to be a git repository|returned error: 404\b/i.test(output)) {
    return 'repository-not-found';
  }
  if (/\[(remote )?rejected\]|pre-receive hook declined|protected branch/i.test(output)) return 'push-rejected';
  return 'git';
}
