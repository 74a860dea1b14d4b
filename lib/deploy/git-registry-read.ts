// "Sync from Git", the reading half: the registry file as it is at a ref of the repository (by default the base
// branch, i.e. what was merged). The caller shows it through the import's dry run before applying anything.
import { GitExportError } from './git-errors';
import { isValidBranchName, resolveRepo, secretsOf, type GitRepoOptions } from './git-export-options';
import { withGitWorkspace } from './git-workspace';

export interface ReadRegistryFromGitOptions {
  repo: GitRepoOptions;
  /** a branch, a tag, `refs/...` or a full 40-hex commit; default the repository's base branch */
  ref?: string;
  timeoutMs?: number;
}

export interface RegistryAtRef {
  /** the file's exact text */
  yaml: string;
  /** the commit it was read from (for the audit log's summary, "synced from abc123") */
  commit: string;
  ref: string;
  /** the file's path in the repository */
  path: string;
}

const FULL_SHA = /^[0-9a-f]{40}$/i;

export async function readRegistryFromGit(options: ReadRegistryFromGitOptions): Promise<RegistryAtRef> {
  const repo = resolveRepo(options.repo);
  const ref = options.ref?.trim() || repo.baseBranch;
  if (!FULL_SHA.test(ref) && !isValidBranchName(ref.replace(/^refs\//, ''))) {
    throw new GitExportError('invalid-config', `ref "${ref}" is not a branch, tag or full commit id`);
  }
  // The base branch by its full name, so that a tag called "main" cannot stand in for it.
  const wanted = ref === repo.baseBranch ? `refs/heads/${ref}` : ref;
  const secrets = secretsOf(options.repo);

  return withGitWorkspace({ repo, secrets, timeoutMs: options.timeoutMs }, async (ws) => {
    await ws.git(['fetch', '--depth', '1', '--no-tags', 'origin', wanted], `fetching ${ref} from ${repo.display}`);
    const commit = (await ws.git(['rev-parse', 'FETCH_HEAD^{commit}'], `reading the commit of ${ref}`)).trim();
    const listed = await ws.git(['ls-tree', '--name-only', '-z', 'FETCH_HEAD', '--', repo.registryPath], `looking for ${repo.registryPath}`);
    if (!listed.split('\0').includes(repo.registryPath)) {
      throw new GitExportError(
        'registry-file-missing',
        `${repo.display} has no ${repo.registryPath} at ${ref} (commit ${commit.slice(0, 12)}); export to Git first, or set the registry path`,
      );
    }
    const yaml = await ws.git(['cat-file', 'blob', `FETCH_HEAD:${repo.registryPath}`], `reading ${repo.registryPath} at ${ref}`);
    return { yaml, commit, ref, path: repo.registryPath };
  });
}
