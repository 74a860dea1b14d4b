// `awoooi-monitor export --server URL --token T`, the real CLI binary as CI runs it, against the app's
// POST /api/v1/export handler served over real HTTP from a test database, exporting to the GitHub stand-in.
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SYSTEM_ACTOR } from '@/lib/auth/roles';
import { createToken } from '@/lib/auth/tokens';
import { postExportResponse } from '@/lib/deploy/git-export-http';
import { importRegistryYaml } from '@/lib/registry/import';
import { runGit, startGitHubStandIn, type GitHubStandIn } from '../helpers/github-api';
import { createTestDatabase, type TestDatabase } from '../helpers/test-database';

const BIN = path.resolve('cli/awoooi-monitor.mjs');
let t: TestDatabase;
let gh: GitHubStandIn;
let bare: string;
let server: http.Server;
let base: string;
let editorToken: string;
let viewerToken: string;
/** what the server's environment holds; tests change it between runs */
let serverEnv: Record<string, string>;

function run(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    // Async spawn: the server answering the CLI runs in this process.
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, AWOOOI_TOKEN: '', ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code, out, err }));
  });
}

beforeAll(async () => {
  t = await createTestDatabase();
  const imported = await importRegistryYaml(t.db, readFileSync('registry/service-registry.yaml', 'utf8'));
  if (!imported.ok) throw new Error('the example registry did not import');
  editorToken = (await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'ci editor', role: 'editor' })).token;
  viewerToken = (await createToken(t.db, SYSTEM_ACTOR, { kind: 'api', name: 'ci viewer', role: 'viewer' })).token;
  gh = await startGitHubStandIn({ apiPrefix: '' }); // api.github.com's layout this time
  bare = await gh.createRepository('acme', 'monitoring', { 'README.md': '# monitoring\n' });
  serverEnv = {
    AWOOOI_GIT_REPO_URL: gh.gitUrl('acme', 'monitoring'),
    AWOOOI_GIT_TOKEN: gh.token,
    AWOOOI_GITHUB_API_URL: gh.apiUrl,
    AWOOOI_GITHUB_REPO: 'acme/monitoring',
  };
  server = http.createServer(async (req, res) => {
    const request = new Request(`http://127.0.0.1${req.url}`, { method: req.method, headers: req.headers as Record<string, string> });
    const response = req.url === '/api/v1/export' ? await postExportResponse(request, () => t.db, { env: serverEnv }) : new Response('no such route', { status: 404 });
    res.writeHead(response.status, Object.fromEntries(response.headers));
    res.end(Buffer.from(await response.arrayBuffer()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
  await gh?.close();
  await t?.drop();
});

describe('awoooi-monitor export', () => {
  it('prints the pull request link, then "nothing changed" once it is merged (exit 0 both times)', async () => {
    const opened = await run(['export', '--server', base, '--token', editorToken]);
    expect(opened.err).toBe('');
    expect(opened.code).toBe(0);
    expect(opened.out.split('\n')[0]).toBe(`pull request opened: ${gh.webUrl}/acme/monitoring/pull/1`);
    expect(opened.out).toMatch(/Export registry: services \+11/);
    expect(gh.pulls).toHaveLength(1);

    await runGit(bare, 'update-ref', 'refs/heads/main', gh.pulls[0]!.headSha);
    const unchanged = await run(['export', '--server', `${base}/`], { AWOOOI_TOKEN: editorToken });
    expect(unchanged.code).toBe(0);
    expect(unchanged.out).toBe('nothing changed since main: no branch pushed, no pull request opened\n');
    expect(gh.pulls).toHaveLength(1);

    const json = await run(['export', '--server', base, '--token', editorToken, '--format', 'json']);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toEqual({ status: 'unchanged', baseBranch: 'main', commit: gh.pulls[0]!.headSha, summary: 'Nothing changed since main' });
  });

  it('exits 1 with the error when the export fails or the token may not export', async () => {
    const viewer = await run(['export', '--server', base, '--token', viewerToken]);
    expect(viewer.code).toBe(1);
    expect(viewer.err).toMatch(/^awoooi-monitor export: \/api\/v1\/export failed \(403\): .*needs the editor role/);

    serverEnv = { ...serverEnv, AWOOOI_GIT_TOKEN: 'ghp_revokedToken000' };
    const refused = await run(['export', '--server', base, '--token', editorToken]);
    expect(refused.code).toBe(1);
    expect(refused.err).toMatch(/failed \(502, auth\): fetching branch main from http:\/\/127\.0\.0\.1:\d+\/acme\/monitoring\.git: authentication failed/);
    expect(refused.err).not.toContain('ghp_revokedToken000');

    serverEnv = {};
    const unconfigured = await run(['export', '--server', base, '--token', editorToken]);
    expect(unconfigured.code).toBe(1);
    expect(unconfigured.err).toMatch(/failed \(409, not-configured\): Export to Git is not configured: set AWOOOI_GIT_REPO_URL/);

    const unreachable = await run(['export', '--server', 'http://127.0.0.1:1', '--token', editorToken]);
    expect(unreachable.code).toBe(1);
    expect(unreachable.err).toMatch(/cannot reach http:\/\/127\.0\.0\.1:1/);
  });

  it('exits 2 on bad usage', async () => {
    expect((await run(['export'])).code).toBe(2); // --server is required
    const noToken = await run(['export', '--server', base]);
    expect(noToken.code).toBe(2);
    expect(noToken.err).toMatch(/needs an API token with the editor role: --token T or AWOOOI_TOKEN/);
    expect((await run(['export', '--server', 'not a url', '--token', 'x'])).code).toBe(2);
    expect((await run(['export', '--server', base, '--token', 'x', '--format', 'xml'])).code).toBe(2);
  });
});
