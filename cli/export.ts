// `awoooi-monitor export --server URL --token T`: asks a running awoooi-monitor to export its registry and generated
// configs to Git (POST /api/v1/export, editor token) and prints the pull request's link, or that nothing changed.
// Exit 0 done (also when nothing changed), 1 the export failed, 2 bad usage (no token, not a URL).

export interface ExportOptions {
  server: string;
  token?: string;
  format: 'text' | 'json';
}

interface ExportAnswer {
  status?: 'opened' | 'pushed' | 'unchanged' | 'failed';
  pullRequestUrl?: string;
  branch?: string;
  commit?: string;
  baseBranch?: string;
  summary?: string;
  code?: string;
  error?: string;
}

export async function exportCommand(options: ExportOptions): Promise<number> {
  const token = options.token ?? process.env.AWOOOI_TOKEN;
  if (!token) {
    process.stderr.write('awoooi-monitor export: needs an API token with the editor role: --token T or AWOOOI_TOKEN\n');
    return 2;
  }
  let base: URL;
  try {
    base = new URL(options.server);
    if (!/^https?:$/.test(base.protocol)) throw new Error('not http');
  } catch {
    process.stderr.write(`awoooi-monitor export: --server must be a URL such as https://monitor.example.com, got ${JSON.stringify(options.server)}\n`);
    return 2;
  }
  const url = new URL('api/v1/export', base.href.endsWith('/') ? base : `${base.href}/`);
  let response: Response;
  try {
    response = await fetch(url, { method: 'POST', headers: { authorization: `Bearer ${token}`, accept: 'application/json' } });
  } catch (error) {
    const cause = (error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message;
    process.stderr.write(`awoooi-monitor export: cannot reach ${url.origin}: ${cause}\n`);
    return 1;
  }
  const body = (await response.json().catch(() => null)) as ExportAnswer | null;
  if (options.format === 'json' && body) process.stdout.write(`${JSON.stringify(body, null, 2)}\n`);
  if (!response.ok || !body || body.status === 'failed' || !body.status) {
    const why = body?.error ?? `answered ${response.status} ${response.statusText}`.trim();
    process.stderr.write(`awoooi-monitor export: ${url.pathname} failed (${response.status}${body?.code ? `, ${body.code}` : ''}): ${why}\n`);
    if (body?.branch) process.stderr.write(`the branch ${body.branch} was pushed${body.commit ? ` (commit ${body.commit})` : ''}; open the pull request by hand\n`);
    return 1;
  }
  if (options.format === 'text') process.stdout.write(`${textOf(body)}\n`);
  return 0;
}

function textOf(body: ExportAnswer): string {
  switch (body.status) {
    case 'opened':
      return `pull request opened: ${body.pullRequestUrl}\n${body.summary ?? ''}`.trimEnd();
    case 'pushed':
      return `pushed branch ${body.branch} (commit ${body.commit?.slice(0, 12)}); no pull request (GitHub is not configured)\n${body.summary ?? ''}`.trimEnd();
    default:
      return `nothing changed since ${body.baseBranch ?? 'the base branch'}: no branch pushed, no pull request opened`;
  }
}
