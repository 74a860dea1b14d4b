// Discovery in a real browser against a real sshd on loopback (its `docker` prints real `docker ps` lines):
// register the sshd as a host through the form, "Scan now" with live progress, then Register an unregistered
// container through the prefilled service form, Ignore another and undo it, and read the run history.
// The e2e server's discovery config (e2e/discovery.yaml) scans only this host.
import os from 'node:os';
import { expect, test, type Page } from '@playwright/test';
import { container, startSshd, type SshdFixture } from '../tests/helpers/sshd';

let sshd: SshdFixture;

test.describe.configure({ mode: 'serial' });

test.beforeAll(async () => {
  sshd = await startSshd({
    containers: [container('grafana', { Image: 'docker.io/grafana/grafana:11.2.0' }), container('e2e-cache', { Image: 'redis:7' })],
  });
});
test.afterAll(async () => {
  await sshd?.stop();
});

const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });
const section = (page: Page, name: string) => page.getByRole('region', { name: new RegExp(`^${name}`) });

test('registers the loopback sshd as a host', async ({ page }) => {
  await page.goto('/hosts/new');
  const form = page.getByRole('form', { name: 'New host' });
  await form.getByRole('textbox', { name: /^Name/ }).fill('e2e-sshd');
  await form.getByRole('textbox', { name: /^Address/ }).fill('127.0.0.1');
  await form.getByLabel(/^SSH port/).fill(String(sshd.port));
  await form.getByRole('textbox', { name: /^SSH user/ }).fill(os.userInfo().username);
  await form.getByRole('textbox', { name: /^SSH key reference/ }).fill(`file:${sshd.clientKeyPath}`);
  await form.getByRole('button', { name: 'Create host' }).click();
  await expect(page).toHaveURL(/\/hosts\?saved=e2e-sshd/);
});

test('"Scan now" shows the run, then the unregistered containers', async ({ page }) => {
  await page.goto('/discovery');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Discovery');
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect(page.getByRole('status').filter({ hasText: /^Run \d+/ })).toBeVisible();
  const unregistered = section(page, 'Unregistered workloads');
  await expect(unregistered.getByRole('rowheader', { name: /grafana/ })).toBeVisible({ timeout: 30_000 });
  await expect(unregistered.getByRole('rowheader', { name: /e2e-cache/ })).toBeVisible();
  await expect(unregistered.getByText('new', { exact: true }).first()).toBeVisible();
  const latest = section(page, 'Latest run');
  await expect(latest.getByRole('row', { name: /docker e2e-sshd ok 2/ })).toBeVisible();
  await shot(page, 'discovery');
});

test('Register opens the service form prefilled from the workload, and the saved service counts as matched', async ({ page }) => {
  await page.goto('/discovery');
  await section(page, 'Unregistered workloads').getByRole('link', { name: 'Register grafana' }).click();
  await expect(page).toHaveURL(/\/services\/new\?name=grafana&type=docker&host=e2e-sshd/);
  await expect(page.getByLabel('Name', { exact: false }).first()).toHaveValue('grafana');
  await expect(page.getByLabel('Type')).toHaveValue('docker');
  await expect(page.getByLabel('Host')).toHaveValue('e2e-sshd');
  await page.getByLabel('Owner').selectOption('ai-team');
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page).toHaveURL(/\/services\?saved=grafana/);

  await page.goto('/discovery');
  await expect(section(page, 'Unregistered workloads').getByRole('rowheader', { name: /grafana/ })).toHaveCount(0);
  await expect(section(page, 'Matched')).toContainText('(1)');
});

test('Ignore hides a workload until "Stop ignoring"', async ({ page }) => {
  await page.goto('/discovery');
  await section(page, 'Unregistered workloads').getByRole('button', { name: 'Ignore e2e-cache on e2e-sshd' }).click();
  await expect(page.getByText('Everything that runs is registered.')).toBeVisible();
  const ignored = section(page, 'Ignored');
  await ignored.getByText('Show what is ignored').click();
  await expect(ignored).toContainText('docker/e2e-sshd/e2e-cache');
  await ignored.getByRole('button', { name: 'Stop ignoring docker/e2e-sshd/e2e-cache' }).click();
  await expect(section(page, 'Unregistered workloads').getByRole('rowheader', { name: /e2e-cache/ })).toBeVisible();
});

test('a second scan adds to the run history and marks nothing new', async ({ page }) => {
  await page.goto('/discovery');
  await page.getByRole('button', { name: 'Scan now' }).click();
  await expect(page.getByRole('status').filter({ hasText: /finished/ })).toBeVisible({ timeout: 30_000 });
  const history = section(page, 'Run history');
  await expect(history.getByRole('row')).toHaveCount(3); // header + two runs
  await expect(history.getByRole('row').nth(1)).toContainText(/manual by admin@awoooi\.local/);
});
