// POST /api/v1/export: "Export to Git" for CI (the CLI's `export --server`). Editor token; the body is ignored.
//   200 { status: 'opened', pullRequestUrl, pullRequestNumber, branch, commit, summary }
//   200 { status: 'pushed', branch, commit, summary }       (no GitHub configured: the branch only)
//   200 { status: 'unchanged', commit, summary }            (nothing changed since the base branch; nothing opened)
//   409 / 500 / 502 { status: 'failed', code, error, summary, branch?, commit? }
import { requireRouteRole } from '../auth/guard';
import { db, type Db } from '../db/client';
import { guarded, json } from '../http/responses';
import { exportRegistryToGit, type GitServiceDeps, type GitServiceFailure } from './git-service';

export function postExportResponse(request: Request, database: () => Db = db, deps: GitServiceDeps = {}): Promise<Response> {
  return guarded('export API', async () => {
    const actor = await requireRouteRole(request, 'editor', database());
    if (actor instanceof Response) return actor;
    const outcome = await exportRegistryToGit(database(), actor, deps);
    switch (outcome.status) {
      case 'unchanged':
        return json({ status: 'unchanged', baseBranch: outcome.baseBranch, commit: outcome.baseCommit, summary: outcome.summary });
      case 'pushed':
        return json({ status: 'pushed', baseBranch: outcome.baseBranch, branch: outcome.branch, commit: outcome.commit, summary: outcome.summary });
      case 'opened': {
        const { status, pullRequestUrl, pullRequestNumber, baseBranch, branch, commit, summary } = outcome;
        return json({ status, pullRequestUrl, pullRequestNumber, baseBranch, branch, commit, summary });
      }
      case 'failed':
        return json(
          { status: 'failed', code: outcome.code, error: outcome.message, summary: outcome.message, ...pushed(outcome) },
          httpStatusOf(outcome.code),
        );
    }
  });
}

function pushed(failure: GitServiceFailure) {
  return { ...(failure.branch ? { branch: failure.branch } : {}), ...(failure.commit ? { commit: failure.commit } : {}) };
}

/** The server's own setup -> 409/500; the repository or GitHub refusing -> 502 (a gateway's failure). */
function httpStatusOf(code: GitServiceFailure['code']): number {
  if (code === 'not-configured' || code === 'branch-exists' || code === 'pull-request-exists') return 409;
  if (code === 'invalid-config' || code === 'invalid-settings' || code === 'invalid-registry') return 500;
  return 502;
}
