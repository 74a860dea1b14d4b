// The registry's round trip through the UI, against a fresh database (e2e/serve.mjs):
// import the seed, browse it, export it, re-import the export, and reject a broken file.
import fs from 'node:fs';
import path from 'node:path';
import { expect, test, type Page } from '@playwright/test';

const SEED_PATH = path.resolve('registry/service-registry.yaml');
const SEED = fs.readFileSync(SEED_PATH, 'utf8');
const SEED_SERVICES = [
  'awoooi-api', 'awoooi-web', 'awoooi-worker', 'ollama', 'openclaw', 'redis',
  'postgres', 'harbor', 'sentry', 'langfuse', 'github-runner',
];

// Tests build on each other: the import must come before browsing and exporting.
test.describe.configure({ mode: 'serial' });

const yamlBox = (page: Page) => page.getByLabel('Registry YAML');
const previewButton = (page: Page) => page.getByRole('button', { name: 'Preview changes' });
const applyButton = (page: Page) => page.getByRole('button', { name: 'Apply', exact: true });
const resultHeading = (page: Page) => page.getByRole('main').getByRole('heading', { level: 2 }).first();

/** The names in the first column of the services table, in display order. */
/** The listed services' names, a locator: assertions on it retry until the page has navigated. */
const serviceRows = (page: Page) => page.getByRole('table', { name: 'Services' }).locator('tbody tr th[scope=row]');

test('imports the seed registry through the UI: upload, preview, apply', async ({ page }) => {
  await page.goto('/registry');
  await expect(page.getByRole('heading', { level: 1, name: 'Import / Export' })).toBeVisible();
  await expect(applyButton(page)).toBeDisabled();

  await page.getByLabel('Upload a .yaml file').setInputFiles(SEED_PATH);
  await expect(yamlBox(page)).toHaveValue(SEED);

  await previewButton(page).click();
  await expect(page.getByTestId('summary-services')).toHaveText('11 added · 0 changed · 0 removed · 0 unchanged');
  await expect(page.getByTestId('summary-pages')).toHaveText('4 added · 0 changed · 0 removed · 0 unchanged');
  await expect(page.getByTestId('summary-api_endpoints')).toHaveText('4 added · 0 changed · 0 removed · 0 unchanged');
  // Owners are implied by the services (five teams).
  await expect(page.getByTestId('summary-owners')).toHaveText('5 added · 0 changed · 0 removed · 0 unchanged');
  const services = page.getByRole('region', { name: 'Services', exact: true });
  for (const name of ['awoooi-api', 'github-runner']) await expect(services.getByText(name, { exact: true })).toBeVisible();

  // Apply is offered only for the exact text that was previewed.
  await expect(applyButton(page)).toBeEnabled();
  await yamlBox(page).fill(`${SEED}\n# edited after the preview\n`);
  await expect(applyButton(page)).toBeDisabled();
  await expect(page.getByText('The text changed since the preview')).toBeVisible();
  await yamlBox(page).fill(SEED);
  await expect(applyButton(page)).toBeEnabled();

  await applyButton(page).click();
  await expect(resultHeading(page)).toHaveText(/^Applied: \d+ changes written$/);
  await expect(page.getByTestId('summary-services')).toHaveText('11 added · 0 changed · 0 removed · 0 unchanged');
  await expect(applyButton(page)).toBeDisabled();
});

test('lists the imported services, with filters and sorting', async ({ page }) => {
  await page.goto('/services');
  await expect(serviceRows(page)).toHaveText([...SEED_SERVICES].sort());
  await expect(page.getByText('Showing 1–11 of 11 services')).toBeVisible();

  // Free-text search goes through a GET form, so the filter is in the URL.
  // (Plain "awoooi" would also find github-runner: its systemd unit name contains it.)
  await page.getByLabel('Search services').fill('awoooi-w');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/[?&]q=awoooi-w/);
  await expect(serviceRows(page)).toHaveText(['awoooi-web', 'awoooi-worker']);

  await page.goto('/services');
  await page.getByLabel('Type').selectOption('systemd');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(serviceRows(page)).toHaveText(['github-runner']);

  await page.goto('/services');
  await page.getByLabel('Owner').selectOption('infra-team');
  await page.getByRole('button', { name: 'Apply filters' }).click();
  await expect(serviceRows(page)).toHaveText(['postgres', 'redis']);

  // Sorting: the active column says so (aria-sort) and a second click reverses it.
  await page.goto('/services');
  const nameHeader = page.getByRole('columnheader', { name: 'Name', exact: true });
  await expect(nameHeader).toHaveAttribute('aria-sort', 'ascending');
  await nameHeader.getByRole('link').click();
  await expect(page).toHaveURL(/sort=name&dir=desc/);
  await expect(page.getByRole('columnheader', { name: 'Name', exact: true })).toHaveAttribute('aria-sort', 'descending');
  await expect(serviceRows(page)).toHaveText([...SEED_SERVICES].sort().reverse());

  await page.getByRole('columnheader', { name: 'Port', exact: true }).getByRole('link').click();
  await expect(page.getByRole('columnheader', { name: 'Port', exact: true })).toHaveAttribute('aria-sort', 'ascending');
  await expect(serviceRows(page).first()).toHaveText('awoooi-web'); // port 3000, the lowest
  const byPort = await serviceRows(page).allTextContents();
  expect(byPort.slice(-2).sort()).toEqual(['awoooi-worker', 'github-runner']); // no port: last
});

test('explains invalid list parameters instead of failing', async ({ page }) => {
  const res = await page.goto('/services?sort=bogus&dir=sideways&page=abc&type=vm');
  expect(res?.status()).toBe(200);
  const alert = page.getByRole('main').getByRole('alert');
  await expect(alert).toContainText('Unknown sort column "bogus"');
  await expect(alert).toContainText('Unknown sort direction "sideways"');
  await expect(alert).toContainText('"abc" is not a page number');
  await expect(alert).toContainText('Unknown service type "vm"');
  await expect(serviceRows(page)).toHaveCount(11);

  await page.goto('/services?page=9');
  await expect(page.getByText('Page 9 does not exist.')).toBeVisible();
  await page.goto('/services?q=no-such-service');
  await expect(page.getByText('No services match these filters.')).toBeVisible();
});

test('lists pages, API endpoints and alert templates', async ({ page }) => {
  await page.goto('/pages');
  await expect(page.getByRole('table', { name: 'Frontend pages' }).locator('tbody tr')).toHaveCount(4);

  await page.goto('/endpoints?method=POST');
  const endpoints = page.getByRole('table', { name: 'API endpoints' });
  await expect(endpoints.locator('tbody tr')).toHaveCount(2);
  await expect(endpoints.getByText('/api/v1/analyze')).toBeVisible();

  await page.goto('/endpoints?sort=latency&dir=desc');
  await expect(page.getByRole('table', { name: 'API endpoints' }).locator('tbody tr th').first()).toHaveText('/api/v1/analyze');

  await page.goto('/templates?q=service_down');
  const row = page.getByRole('table', { name: 'Alert templates' }).getByRole('row', { name: /service_down/ });
  await expect(row).toContainText('7 services'); // ollama, openclaw, redis, postgres, harbor, sentry, langfuse
});

test('overview counts what was imported', async ({ page }) => {
  await page.goto('/');
  await expect(page.getByRole('heading', { level: 1, name: 'Overview' })).toBeVisible();
  const card = (name: RegExp) => page.getByRole('link', { name });
  await expect(card(/^Services\s*11$/)).toHaveAttribute('href', '/services');
  await expect(card(/^Pages\s*4$/)).toBeVisible();
  await expect(card(/^API endpoints\s*4$/)).toBeVisible();
  await expect(card(/^Owners\s*5$/)).toBeVisible();
  await expect(card(/^Alert templates\s*\d+$/)).toBeVisible();
  await expect(card(/^Services without alerts\s*0$/)).toBeVisible();
  await expect(card(/^Endpoints without SLO\s*0$/)).toBeVisible();
  const byType = page.getByRole('listitem').filter({ has: page.getByRole('link', { name: 'docker' }) });
  await expect(byType).toContainText('7');
  await page.getByRole('link', { name: 'systemd', exact: true }).click();
  await expect(page).toHaveURL(/\/services\?type=systemd$/);
  await expect(serviceRows(page)).toHaveText(['github-runner']);
});

test('exports the registry: the download equals the API, and re-importing it changes nothing', async ({ page, request }) => {
  await page.goto('/registry');
  const [download] = await Promise.all([page.waitForEvent('download'), page.getByRole('link', { name: 'Download YAML' }).click()]);
  expect(download.suggestedFilename()).toBe('service-registry.yaml');
  const downloaded = fs.readFileSync(await download.path(), 'utf8');

  const api = await request.get('/api/v1/registry');
  expect(api.status()).toBe(200);
  expect(downloaded).toBe(await api.text());
  for (const name of SEED_SERVICES) expect(downloaded).toContain(`name: ${name}`);

  await page.getByRole('button', { name: 'Load current registry' }).click();
  await expect(yamlBox(page)).toHaveValue(downloaded);
  await yamlBox(page).fill('');

  await page.getByLabel('Upload a .yaml file').setInputFiles({
    name: 'service-registry.yaml',
    mimeType: 'application/yaml',
    buffer: Buffer.from(downloaded),
  });
  await expect(yamlBox(page)).toHaveValue(downloaded);
  await previewButton(page).click();
  await expect(resultHeading(page)).toHaveText('Preview: no changes');
  await expect(page.getByText('The registry already matches this file.')).toBeVisible();
});

test('refuses to apply when the registry changed after the preview (412)', async ({ page, request }) => {
  const exported = await (await request.get('/api/v1/registry')).text();
  await page.goto('/registry');
  await yamlBox(page).fill(exported.replace('name: Dashboard', 'name: Dashboard (renamed)'));
  await previewButton(page).click();
  await expect(page.getByTestId('summary-pages')).toHaveText('0 added · 1 changed · 0 removed · 3 unchanged');

  // Someone else applies a different change in between.
  const other = await request.put('/api/v1/registry', { data: exported.replace('port: 8000', 'port: 8001') });
  expect(other.status()).toBe(200);

  await applyButton(page).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('Someone changed the registry since your preview');
  await expect(applyButton(page)).toBeDisabled();

  // Put the seed back for whatever runs next.
  expect((await request.put('/api/v1/registry', { data: exported })).status()).toBe(200);
});

test('shows a broken file’s problems at their lines and never applies it', async ({ page, request }) => {
  const before = await (await request.get('/api/v1/registry')).text();
  const broken = SEED.replace('port: 8000', 'port: eighty').replace('type: systemd', 'type: windows-service');
  const lines = broken.split('\n');
  const portLine = lines.findIndex((l) => l.includes('port: eighty')) + 1;
  const typeLine = lines.findIndex((l) => l.includes('type: windows-service')) + 1;

  await page.goto('/registry');
  await yamlBox(page).fill(broken);
  await previewButton(page).click();
  await expect(resultHeading(page)).toHaveText(/^\d+ problems? in the file$/);
  await expect(applyButton(page)).toBeDisabled();

  const problems = page.getByRole('list', { name: 'Problems' });
  for (const line of [portLine, typeLine]) {
    await expect(problems.getByRole('button', { name: new RegExp(`^${line}:\\d+ `) }).first()).toBeVisible();
    await expect(page.locator(`[data-line="${line}"]`)).toHaveAttribute('data-problem', 'true');
  }
  await expect(page.locator('[data-line="1"]')).not.toHaveAttribute('data-problem', 'true');

  await problems.getByRole('button', { name: new RegExp(`^${typeLine}:\\d+ `) }).first().click();
  await expect(page.locator(`[data-line="${typeLine}"]`)).toBeFocused();
  await expect(page.locator(`[data-line="${typeLine}"]`)).toBeInViewport();

  expect(await (await request.get('/api/v1/registry')).text()).toBe(before);
});

test('says when a file is too large (413)', async ({ page }) => {
  // e2e/serve.mjs sets REGISTRY_MAX_BYTES to 256 KiB.
  await page.goto('/registry');
  await yamlBox(page).fill(`${SEED}\n# ${'x'.repeat(300 * 1024)}\n`);
  await previewButton(page).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText('The file is too large');
  await expect(applyButton(page)).toBeDisabled();
});
