'use server';
// Server actions of the "Export to Git" panel. Each checks the caller's role on the server (defineAction), then
// calls one function in lib/deploy/git-service.ts. Reading Git for a sync preview uses the server's credentials
// and reaches out to the repository, so it needs the editor role like the export and the apply.
import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/auth/action';
import { applySyncFromGit, exportRegistryToGit, previewSyncFromGit, type GitExportOutcome, type SyncApplied, type SyncPreview } from '@/lib/deploy/git-service';

/** Export the registry and its generated configs to a new branch and open a pull request. Takes no input. */
export const exportToGitAction = defineAction('editor', async ({ actor, db }): Promise<GitExportOutcome> => {
  const outcome = await exportRegistryToGit(db, actor);
  // Not configured: nothing was attempted, nothing recorded, so there is nothing to refresh.
  if (outcome.status !== 'failed' || outcome.code !== 'not-configured') revalidatePath('/audit');
  return outcome;
});

/** The import preview (dry run) of the registry file at the base branch. Takes no input. */
export const previewSyncFromGitAction = defineAction('editor', async ({ db }): Promise<SyncPreview> => previewSyncFromGit(db));

/** Apply the previewed commit. `input`: { commit, expectedRevision } as the preview gave them. */
export const applySyncFromGitAction = defineAction('editor', async ({ actor, db }, input: unknown): Promise<SyncApplied> => {
  const { commit, expectedRevision } = (input ?? {}) as { commit?: unknown; expectedRevision?: unknown };
  if (typeof commit !== 'string' || typeof expectedRevision !== 'string') {
    return { status: 'failed', code: 'invalid-config', message: 'commit and expectedRevision are required (as the preview gave them); preview again' };
  }
  const result = await applySyncFromGit(db, actor, { commit, expectedRevision });
  if (result.status === 'applied' && !result.diff.empty) {
    revalidatePath('/', 'layout');
  }
  return result;
});
