// Editing the registry in a real browser, signed in as the admin (see playwright.config.ts): create a service
// through its form, two tabs saving the same service (the second gets the conflict with both versions), the
// alert template editor, bulk edit, the audit log and an entity's history, and a viewer refused.
// Screenshots of the main pages land in test-results/screenshots for a look after the run.
import { expect, test, type Page } from '@playwright/test';
import { parse } from 'yaml';
import { storageStateFor } from './auth-fixtures';

const SERVICE = 'e2e-checkout';
const shot = (page: Page, name: string) => page.screenshot({ path: `test-results/screenshots/${name}.png`, fullPage: true });

/** The service as the registry export (YAML) has it now. */
async function serviceFromApi(page: Page, name: string): Promise<Record<string, unknown> | undefined> {
  const res = await page.request.get('/api/v1/registry');
  expect(res.status()).toBe(200);
  const registry = parse(await res.text()) as { services?: Record<string, unknown>[] };
  return registry.services?.find((s) => s.name === name);
}

test.describe.configure({ mode: 'serial' });

test('creates a service through its form, checking as you type', async ({ page }) => {
  await page.goto('/services/new');
  await expect(page.getByRole('heading', { level: 1 })).toContainText(/new service/i);
  const name = page.getByLabel('Name', { exact: false }).first();
  await name.fill('Bad Name');
  await name.blur();
  // the import's rule, shown at the field before anything is sent
  await expect(page.locator('#' + (await name.getAttribute('aria-describedby'))!.split(' ').find((id) => id.endsWith('-error'))!)).toBeVisible();
  await name.fill(SERVICE);
  await page.getByLabel('Type').selectOption('docker');
  await page.getByLabel('Host').fill('shop-1.internal');
  await page.getByLabel('Port').fill('8080');
  await page.getByLabel('Owner').selectOption('ai-team');
  await page.getByRole('checkbox', { name: 'Prometheus' }).check();
  await shot(page, 'service-new');
  await page.getByRole('button', { name: 'Create service' }).click();
  await expect(page).toHaveURL(/\/services\?saved=e2e-checkout/);
  await expect(page.getByRole('status')).toContainText(`Saved service ${SERVICE}`);
  expect(await serviceFromApi(page, SERVICE)).toMatchObject({ type: 'docker', host: 'shop-1.internal', port: 8080, owner: 'ai-team' });
});

test('says a taken name at the field while the rest of the form is still empty', async ({ page }) => {
  await page.goto('/services/new');
  await page.getByLabel('Name', { exact: false }).first().fill('redis');
  await page.getByLabel('Name', { exact: false }).first().blur();
  await expect(page.getByText('a service "redis" already exists')).toBeVisible();
});

test('adds a host with an SSH key reference (never the key), and refuses deleting it while services run on it', async ({ page }) => {
  await page.goto('/hosts/new');
  const form = page.getByRole('form', { name: 'New host' });
  await form.getByRole('textbox', { name: /^Name/ }).fill('edge-188');
  await form.getByRole('textbox', { name: /^Address/ }).fill('192.168.0.188');
  await form.getByRole('textbox', { name: /^SSH user/ }).fill('deploy');
  const key = form.getByRole('textbox', { name: /^SSH key reference/ });
  await key.fill('-----BEGIN OPENSSH PRIVATE KEY-----');
  await key.blur();
  await expect(form.getByText(/looks like a private key/)).toBeVisible();
  await key.fill('env:EDGE188_SSH_KEY');
  await page.getByRole('button', { name: 'Create host' }).click();
  await expect(page).toHaveURL(/\/hosts\?saved=edge-188/);
  const row = page.getByRole('row', { name: /edge-188/ });
  await expect(row).toContainText('deploy@192.168.0.188:22');
  await expect(row).toContainText('env:EDGE188_SSH_KEY');
  await expect(row).toContainText('4 services');
  await shot(page, 'hosts');

  await row.getByRole('link', { name: 'edge-188' }).click();
  await page.getByRole('button', { name: 'Delete host…' }).click();
  await page.getByRole('button', { name: 'Yes, delete host' }).click();
  const refusal = page.getByRole('main').getByRole('alert');
  await expect(refusal).toContainText('in use');
  await expect(refusal).toContainText('redis');
  expect(await (await page.request.get('/api/v1/registry')).text()).toContain('ssh_key: env:EDGE188_SSH_KEY');

  // a Docker service's Host field offers the registered hosts
  await page.goto('/services/new');
  await page.getByLabel('Type').selectOption('docker');
  const host = page.getByRole('combobox', { name: /^Host/ });
  const listId = await host.getAttribute('list');
  await expect(page.locator(`datalist[id="${listId}"] option[value="edge-188"]`)).toHaveAttribute('label', '192.168.0.188');
});

test('two tabs saving the same service: the second gets a conflict with both versions, and decides', async ({ page, context }) => {
  const url = `/services/edit?name=${SERVICE}`;
  const first = page;
  const second = await context.newPage();
  await first.goto(url);
  await second.goto(url);

  await first.getByLabel('Port').fill('8081');
  await first.getByRole('button', { name: 'Save changes' }).click();
  await expect(first).toHaveURL(/saved=e2e-checkout/);

  await second.getByLabel('Port').fill('9090');
  await second.getByRole('button', { name: 'Save changes' }).click();
  const panel = second.getByRole('region', { name: /Someone else changed this service/ });
  await expect(panel).toBeVisible();
  const portRow = panel.getByRole('row', { name: /Port/ });
  await expect(portRow).toContainText('differs');
  await expect(portRow.getByRole('cell').nth(0)).toHaveText('8081'); // theirs, stored now
  await expect(portRow.getByRole('cell').nth(1)).toHaveText('9090'); // yours
  expect((await serviceFromApi(second, SERVICE))?.port).toBe(8081); // nothing overwritten yet
  await shot(second, 'service-conflict');

  await panel.getByRole('button', { name: 'Keep mine' }).click();
  await expect(second).toHaveURL(/saved=e2e-checkout/);
  expect((await serviceFromApi(second, SERVICE))?.port).toBe(9090);
  await second.close();
});

test("the service's history is one click from its form, with who and the before/after", async ({ page }) => {
  await page.goto(`/services/edit?name=${SERVICE}`);
  await page.getByRole('link', { name: 'History' }).click();
  await expect(page).toHaveURL(/\/audit\?.*section=services.*key=e2e-checkout|\/audit\?.*key=e2e-checkout.*section=services/);
  await expect(page.getByRole('heading', { level: 1 })).toContainText(SERVICE);
  const main = page.getByRole('main');
  await expect(main).toContainText('admin@awoooi.local');
  // created, then 8080 -> 8081, then 8081 -> 9090: both edits show their old and new port
  for (const port of ['8080', '8081', '9090']) await expect(main.getByText(port).first()).toBeVisible();
  await shot(page, 'service-history');

  await page.goto('/audit');
  await expect(page.getByRole('table', { name: /Audit log entries/ })).toBeVisible();
  await shot(page, 'audit-log');
  await page.getByRole('table', { name: /Audit log entries/ }).getByRole('row').nth(1).getByRole('link').first().click();
  await expect(page).toHaveURL(/\/audit\/\d+$/);
  await shot(page, 'audit-entry');
});

test('the alert template editor checks PromQL with its grammar and previews the rule for a service', async ({ page }) => {
  await page.goto('/templates/new');
  await page.getByLabel('Key').fill('e2e_queue_stuck');
  await page.getByLabel('Alert name').fill('QueueStuck');
  const editor = page.getByTestId('promql-editor').locator('[contenteditable="true"]');
  await editor.click();
  // (the editor closes brackets as you type, and typing the closer steps over it)
  await page.keyboard.type('rate(jobs_total{service="${service}"}[5m]) ==');
  await editor.blur();
  await page.getByRole('textbox', { name: 'For', exact: true }).fill('10m');
  await page.getByRole('textbox', { name: 'Summary', exact: true }).fill('{{ $labels.service }} stopped taking jobs');
  await page.getByRole('button', { name: 'Create template' }).click();
  // the missing right-hand operand is refused with its place, and nothing is created
  await expect(page.getByText(/line 1, column \d+/i).first()).toBeVisible();
  await expect(page).toHaveURL(/\/templates\/new/);

  await editor.click();
  await page.keyboard.press('ControlOrMeta+a');
  await page.keyboard.type('rate(jobs_total{service="${service}"}[5m]) == 0');
  await page.getByLabel('Preview for').selectOption({ label: 'service redis' });
  const rule = page.getByLabel(/Generated rule for/);
  await expect(rule).toContainText('alert: QueueStuck');
  await expect(rule).toContainText('service="redis"');
  await shot(page, 'template-new');
  await page.getByRole('button', { name: 'Create template' }).click();
  // created: the form reopens as the template's edit page, which says so
  await expect(page).toHaveURL(/\/templates\/edit\?key=e2e_queue_stuck&saved=created$/);
  await expect(page.getByRole('main').getByRole('status').filter({ hasText: 'Template created.' })).toBeVisible();
  const res = await page.request.get('/api/v1/registry');
  expect(await res.text()).toContain('key: e2e_queue_stuck');
});

test('deleting a template in use is refused with the list of its users', async ({ page }) => {
  await page.goto('/templates/edit?key=service_down');
  const usedBy = page.getByRole('region', { name: 'Used by' });
  await expect(usedBy).toContainText('redis');
  await shot(page, 'template-edit');
  await page.getByRole('button', { name: 'Delete…' }).click();
  await page.getByRole('dialog').getByRole('button', { name: 'Delete', exact: true }).click();
  await expect(page.getByRole('main').getByRole('alert')).toContainText(/in use|used by/i);
  const res = await page.request.get('/api/v1/registry');
  expect(await res.text()).toContain('key: service_down');
});

test('bulk edit: filter, select, preview, apply as one audited change', async ({ page }) => {
  // the list's filter comes along to the bulk editor
  await page.goto('/services?type=docker');
  await page.getByRole('link', { name: 'Bulk edit' }).click();
  await expect(page).toHaveURL(/\/services\/bulk\?type=docker$/);
  const filter = page.getByRole('search', { name: 'Filter the services to edit' });
  await expect(filter.getByLabel('Type')).toHaveValue('docker');
  await filter.getByLabel('Owner').selectOption('devops-team');
  await filter.getByRole('button', { name: 'Apply filters' }).click();
  await expect(page).toHaveURL(/type=docker/);
  const table = page.getByRole('table', { name: /Services matching the filter/ });
  await expect(table.getByRole('row')).toHaveCount(3); // header + harbor + sentry
  await page.getByRole('button', { name: /Select all 2 matching/ }).click();
  await expect(page.getByText('2 of 2 services selected')).toBeVisible();

  // harbor already has storage_full: the preview says so, and only sentry changes
  await page.getByRole('group', { name: 'Add alert templates' }).getByRole('checkbox', { name: /storage_full/ }).check();
  await page.getByRole('button', { name: /Preview the change to 2 services/ }).click();
  await expect(page.getByText(/Would change 1 of 2 selected services \(1 already match\)/)).toBeVisible();
  await shot(page, 'bulk-preview');
  await page.getByRole('button', { name: 'Apply to 1 service' }).click();
  await expect(page.getByText(/Applied: 1 service changed/)).toBeVisible();
  expect((await serviceFromApi(page, 'sentry'))?.alerts).toEqual(['service_down', 'storage_full']);
  expect((await serviceFromApi(page, 'harbor'))?.alerts).toEqual(['service_down', 'storage_full']);

  await page.getByRole('link', { name: 'audit log' }).last().click();
  await expect(page).toHaveURL(/\/audit\?action=services\.bulk/);
  const entries = page.getByRole('table', { name: 'Audit log entries' });
  await expect(entries).toContainText('admin@awoooi.local');
  await expect(entries).toContainText('services.bulk');
});

test('a viewer reads the lists but is refused the forms', async ({ browser }) => {
  const viewer = await browser.newContext({ storageState: storageStateFor('viewer') });
  const page = await viewer.newPage();
  await page.goto('/services');
  await expect(page.getByRole('link', { name: /new service/i })).toHaveCount(0);
  const res = await page.goto('/services/new');
  expect(res?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: 'Not allowed' })).toBeVisible();
  await viewer.close();
});

test('screenshots of the main pages', async ({ page }) => {
  for (const [name, url] of [
    ['overview', '/'],
    ['services', '/services'],
    ['owners', '/owners'],
    ['templates', '/templates'],
    ['users', '/admin/users'],
    ['tokens', '/admin/tokens'],
  ] as const) {
    const res = await page.goto(url);
    expect(res?.status(), url).toBe(200);
    await shot(page, name);
  }
});
