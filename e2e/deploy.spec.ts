// Deploy from the browser: a push to the run's folder target (e2e/serve.mjs) with its progress and history, a
// rollback to an earlier push from the history, and "Export to Git" opening a pull request on a GitHub stand-in
// (real git over HTTP, the pulls API's shapes) through a second server.mjs whose settings point at it.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';
import { branchesOf, runGit, startGitHubStandIn, type GitHubStandIn } from '../tests/helpers/github-api';
import { fixtures } from './auth-fixtures';
import { e2eDeployDir } from './run-names.mjs';
import { startSecondServer } from './second-server';

test.describe.configure({ mode: 'serial' });

const TARGET = path.join(e2eDeployDir(), 'target');

/** One digest of every file the target holds, by path. */
function targetDigest(): string {
  const hash = createHash('sha256');
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else hash.update(`${path.relative(TARGET, full)}\0`).update(fs.readFileSync(full)).update('\0');
    }
  };
  walk(TARGET);
  return hash.digest('hex');
}

/** Waits for the push status line to say the push ended ok; returns its number. */
async function pushEndedOk(page: Page, label: RegExp): Promise<number> {
  const status = page.getByRole('status').filter({ hasText: label });
  await expect(status).toHaveText(/:\s*ok/, { timeout: 60_000 });
  return Number(/#(\d+)/.exec((await status.textContent()) ?? '')![1]);
}

test('a push from the page, then a rollback to an earlier push from the history', async ({ page, request }) => {
  const auth = { authorization: `Bearer ${fixtures().tokens.admin}` };
  const original = await (await request.get('/api/v1/registry', { headers: auth })).text();
  try {
    await page.goto('/deploy');
    await expect(page.getByRole('heading', { name: 'What a push would change' })).toBeVisible();
    await page.getByRole('button', { name: 'Push to every target' }).click();
    const firstId = await pushEndedOk(page, /^Push #\d+:/);
    const first = targetDigest();
    // The history lists it, ok, with the folder target's result.
    const firstRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: `#${firstId}`, exact: true }) });
    await expect(firstRow).toContainText('e2e-folder');
    await expect(firstRow).toContainText('ok');

    // A registry change makes different configs: the second push changes the target.
    const changed = original.replace(/(\n\s+port: )(\d+)/, (_, key: string, port: string) => `${key}${Number(port) + 1}`);
    expect(changed).not.toBe(original);
    expect((await request.put('/api/v1/registry', { headers: { ...auth, 'content-type': 'application/yaml' }, data: changed })).status()).toBe(200);
    await page.reload();
    await page.getByRole('button', { name: 'Push to every target' }).click();
    const secondId = await pushEndedOk(page, new RegExp(`^Push #(?!${firstId}\\b)\\d+:`));
    expect(secondId).toBeGreaterThan(firstId);
    expect(targetDigest()).not.toBe(first);

    // Roll back to the first: one click, then the confirmation; the progress line follows the rollback.
    await firstRow.getByRole('button', { name: `Roll back to push ${firstId}` }).click();
    await page.getByRole('button', { name: `Push #${firstId}'s files to every target now` }).click();
    const rollbackId = await pushEndedOk(page, new RegExp(`^Rollback #\\d+ to push #${firstId}:`));
    expect(targetDigest()).toBe(first);
    const rollbackRow = page.getByRole('row').filter({ has: page.getByRole('link', { name: `#${rollbackId}`, exact: true }) });
    await expect(rollbackRow).toContainText(`rollback to #${firstId}`);

    // Its own page tells the same story.
    await rollbackRow.getByRole('link', { name: `#${rollbackId}`, exact: true }).click();
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(`Rollback #${rollbackId} to push #${firstId}`);
  } finally {
    await request.put('/api/v1/registry', { headers: { ...auth, 'content-type': 'application/yaml' }, data: original });
  }
});

test('the history pages: an unknown page number says so, a bad one is explained', async ({ page }) => {
  await page.goto('/deploy?page=999');
  await expect(page.getByText('Page 999 does not exist.')).toBeVisible();
  await page.getByRole('link', { name: 'Go to the last page' }).click();
  await expect(page.getByRole('table', { name: 'Pushes, newest first' })).toBeVisible();
  await page.goto('/deploy?page=first');
  await expect(page.getByRole('alert').filter({ hasText: 'page="first": page must be a whole number from 1.' })).toBeVisible();
  await expect(page.getByRole('table', { name: 'Pushes, newest first' })).toBeVisible();
});

test.describe('Export to Git', () => {
  const GITHUB_PORT = Number(process.env.E2E_GITHUB_PORT ?? 3195);
  const APP_PORT = Number(process.env.E2E_GIT_APP_PORT ?? 3194);
  let gh: GitHubStandIn;
  let bare: string;
  let app: Awaited<ReturnType<typeof startSecondServer>>;

  test.beforeAll(async () => {
    gh = await startGitHubStandIn({ port: GITHUB_PORT });
    bare = await gh.createRepository('acme', 'monitoring', { 'README.md': '# monitoring\n' });
    app = await startSecondServer({
      port: APP_PORT,
      env: {
        AWOOOI_GIT_REPO_URL: gh.gitUrl('acme', 'monitoring'),
        AWOOOI_GIT_TOKEN: gh.token,
        AWOOOI_GITHUB_API_URL: gh.apiUrl,
        AWOOOI_GITHUB_REPO: 'acme/monitoring',
      },
    });
  });
  test.afterAll(async () => {
    await app?.stop();
    await gh?.close();
  });

  test('opens a pull request with the registry and the generated tree; once merged, says nothing changed', async ({ page }) => {
    await page.goto(`${app.base}/deploy/git`);
    await page.getByRole('button', { name: 'Export to Git' }).click();
    const opened = page.getByRole('status').filter({ hasText: 'Pull request #1 opened' });
    await expect(opened).toBeVisible({ timeout: 60_000 });

    const [pull] = gh.pulls;
    expect(pull).toMatchObject({ number: 1, owner: 'acme', repo: 'monitoring', base: 'main' });
    const url = `${gh.webUrl}/acme/monitoring/pull/1`;
    await expect(opened.getByRole('link', { name: url })).toHaveAttribute('href', url);
    // The branch is on the remote with the registry file and the generated configs.
    const branches = await branchesOf(bare);
    const head = branches.get(pull!.head);
    expect(head).toBeDefined();
    const files = (await runGit(bare, 'ls-tree', '-r', '--name-only', head!)).split('\n');
    expect(files).toContain('registry/service-registry.yaml');
    expect(files.some((f) => f.endsWith('prometheus/prometheus.yml'))).toBe(true);
    const createCall = gh.requests.find((r) => r.method === 'POST' && r.path === '/api/v3/repos/acme/monitoring/pulls');
    expect(createCall?.authorization).toMatch(new RegExp(`^(token|bearer) ${gh.token}$`, 'i'));

    // Merged (main fast-forwarded to the branch): a second export has nothing to propose and opens nothing.
    await runGit(bare, 'update-ref', 'refs/heads/main', head!);
    await page.reload();
    await page.getByRole('button', { name: 'Export to Git' }).click();
    await expect(page.getByRole('status').filter({ hasText: 'already holds this registry and these files' })).toBeVisible({ timeout: 60_000 });
    expect(gh.pulls).toHaveLength(1);
  });
});
