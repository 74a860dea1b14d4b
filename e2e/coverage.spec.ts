// The coverage dashboard and the wall screen at 1920x1080, after the 'registry' project imported the seed.
// Expected figures come from the registry as the server holds it (its YAML export) through the same pure report
// the server uses, not from constants, so other specs' edits before this one cannot make it wrong.
// Screenshots land in test-results/screenshots for a look after the run.
import { expect, test, type Page } from '@playwright/test';
import { coverageReport, percent, type CoverageReport } from '../lib/coverage/report';
import type { Registry } from '../lib/registry/model';
import { registryFromYaml } from '../tests/helpers/seed';
import { fixtures, storageStateFor } from './auth-fixtures';

const FULL_HD = { width: 1920, height: 1080 };
test.use({ viewport: FULL_HD });
test.describe.configure({ mode: 'serial' });

const shown = (ratio: number | null) => (ratio === null ? 'n/a' : `${percent(ratio)}%`);
let registry: Registry;
let report: CoverageReport;
let overallShown: string;
let sentry: CoverageReport['sections']['services']['ratios']['sentry'];

test.beforeAll(async ({ playwright, baseURL }) => {
  const api = await playwright.request.newContext({ baseURL, storageState: storageStateFor('admin') });
  const res = await api.get('/api/v1/registry');
  expect(res.status()).toBe(200);
  registry = registryFromYaml(await res.text());
  await api.dispose();
  report = coverageReport(registry);
  overallShown = shown(report.overall.ratio);
  sentry = report.sections.services.ratios.sentry;
});

/** Errors in the browser: a hydration mismatch (server and browser rendering different text) shows up here. */
function collectErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  page.on('console', (m) => void (m.type() === 'error' && errors.push(m.text())));
  return errors;
}

async function expectNoScrollbars(page: Page) {
  const size = await page.evaluate(() => ({
    scrollHeight: document.documentElement.scrollHeight,
    scrollWidth: document.documentElement.scrollWidth,
    innerHeight: window.innerHeight,
    innerWidth: window.innerWidth,
  }));
  expect(size.scrollHeight, 'page taller than the screen').toBeLessThanOrEqual(size.innerHeight);
  expect(size.scrollWidth, 'page wider than the screen').toBeLessThanOrEqual(size.innerWidth);
}

test('the dashboard shows a tile per dimension with the seed’s figures, the trend, the gaps and the teams', async ({ page }) => {
  expect(report.overall.ratio).not.toBeNull();
  const errors = collectErrors(page);
  await page.goto('/coverage');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Coverage');

  const overall = page.getByTestId('tile-overall');
  await expect(overall.getByTestId('value')).toHaveText(overallShown);
  await expect(overall).toContainText(report.overall.status === 'good' ? 'Good' : report.overall.status === 'warning' ? 'Warning' : 'Poor');
  // a fresh database has no snapshot from a week ago
  await expect(overall.getByTestId('change')).toHaveText('no history yet');

  const sentryTile = page.getByTestId('tile-services.sentry');
  await expect(sentryTile.getByTestId('value')).toHaveText(shown(sentry.ratio));
  await expect(sentryTile.getByTestId('counts')).toHaveText(`${sentry.covered} of ${sentry.total}`);
  const vitals = report.sections.pages.ratios.web_vitals;
  await expect(page.getByTestId('tile-pages.web_vitals').getByTestId('value')).toHaveText(shown(vitals.ratio));
  await expect(page.getByTestId('tile-api_endpoints.slo').getByTestId('value')).toHaveText(shown(report.sections.api_endpoints.ratios.slo.ratio));

  // the chart is named for screen readers and its figures are in a (visually hidden) table
  await expect(page.getByRole('img', { name: /^Coverage trend over \d+ days?, in percent: Overall, Discovery, Alerts$/ })).toBeVisible();
  await expect(page.locator('.recharts-line')).toHaveCount(3);
  await expect(page.getByRole('table', { name: 'Coverage per day, the figures of the chart' })).toBeAttached();
  await page.getByRole('checkbox', { name: 'Prometheus' }).check();
  await expect(page.locator('.recharts-line')).toHaveCount(4);

  const gaps = page.getByTestId('gaps-services.sentry');
  await expect(gaps).toContainText(`${sentry.missing.length} services without`);
  for (const name of sentry.missing) await expect(gaps.getByRole('link', { name, exact: true })).toBeVisible();

  const teams = page.getByRole('table', { name: 'Coverage per team' });
  const infra = registry.services.filter((s) => s.owner === 'infra-team').length;
  await expect(teams.getByTestId('team-infra-team').getByRole('cell').first()).toHaveText(String(infra));

  await page.screenshot({ path: 'test-results/screenshots/coverage.png', fullPage: true });
  expect(errors).toEqual([]);
});

test('a gap links to the entry’s edit form', async ({ page }) => {
  const name = sentry.missing[0];
  expect(name, 'the seed has services without Sentry').toBeDefined();
  await page.goto('/coverage');
  await page.getByTestId('gaps-services.sentry').getByRole('link', { name: name!, exact: true }).click();
  await expect(page).toHaveURL(`/services/edit?name=${encodeURIComponent(name!)}`);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Edit service');
  await expect(page.getByRole('checkbox', { name: 'Sentry' })).not.toBeChecked();
});

test('the wall fits 1920x1080, is dark, refreshes every 30 s, and says when its data is stale', async ({ page }) => {
  const errors = collectErrors(page);
  // Fake timers from the start, so 30 s of refresh interval pass in an instant.
  await page.clock.install();
  await page.goto('/wall');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Monitoring coverage');
  await expect(page.getByRole('main')).toHaveCount(1);
  await expect(page.getByRole('navigation', { name: 'Main' })).toHaveCount(0);
  const overall = page.getByTestId('wall-overall');
  await expect(overall).toHaveText(overallShown);
  await expect(page.getByTestId('wall-tile-services.sentry').getByTestId('value')).toHaveText(shown(sentry.ratio));
  await expect(page.getByRole('img', { name: /^Coverage trend/ })).toBeVisible();
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  await expectNoScrollbars(page);

  // Dark, and the wall covers the whole screen (the corners are the wall, not the light page behind it).
  const look = await page.getByTestId('wall').evaluate((el) => {
    // Tailwind's colours compute to oklch(); a canvas turns any CSS colour into sRGB bytes.
    const ctx = document.createElement('canvas').getContext('2d')!;
    const rgb = (css: string) => {
      ctx.clearRect(0, 0, 1, 1);
      ctx.fillStyle = css;
      ctx.fillRect(0, 0, 1, 1);
      return [...ctx.getImageData(0, 0, 1, 1).data.slice(0, 3)];
    };
    const style = getComputedStyle(el);
    const corners = [document.elementFromPoint(1, 1), document.elementFromPoint(window.innerWidth - 1, window.innerHeight - 1)];
    return { background: rgb(style.backgroundColor), color: rgb(style.color), covers: corners.every((c) => el.contains(c)) };
  });
  expect(look.covers).toBe(true);
  expect(luminance(look.background)).toBeLessThan(0.05);
  expect(luminance(look.color)).toBeGreaterThan(0.9);
  await page.screenshot({ path: 'test-results/screenshots/wall.png' });

  // A refresh comes on its own after 30 s.
  const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/v1/coverage'));
  await page.clock.runFor(31_000);
  expect((await refreshed).status()).toBe(200);
  await expect(page.getByTestId('stale-banner')).toHaveCount(0);
  expect(errors).toEqual([]);

  // The server stops answering: the old figures stay, and a banner says how old they are.
  await page.route('**/api/v1/coverage', (route) => route.abort('connectionrefused'));
  await page.clock.runFor(31_000);
  const banner = page.getByTestId('stale-banner');
  // the failed request and its one retry (2 s later) settle between clock steps
  await expect(async () => {
    await page.clock.runFor(1_000);
    await expect(banner).toBeVisible({ timeout: 250 });
  }).toPass();
  await expect(banner).toHaveText(/Data is stale: last updated \d\d:\d\d:\d\d UTC \(\d+ s ago\); the server did not answer/);
  await expect(banner).toHaveAttribute('role', 'alert');
  await expect(overall).toHaveText(overallShown);
  await expectNoScrollbars(page);
  await page.screenshot({ path: 'test-results/screenshots/wall-stale.png' });

  // Minutes later it still says so, with the age counting up.
  await page.clock.runFor(2 * 60_000);
  await expect(banner).toHaveText(/\(2 min ago\); the server did not answer/);

  // The server is back: the banner goes with the next refresh.
  await page.unroute('**/api/v1/coverage');
  await page.clock.runFor(31_000);
  await expect(banner).toHaveCount(0);
  await expect(overall).toHaveText(overallShown);
});

test('a viewer share link opens the wall with no sign-in', async ({ browser }) => {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] }, viewport: FULL_HD });
  try {
    const page = await context.newPage();
    await page.goto(`/wall?share=${fixtures().share}`);
    await expect(page).toHaveURL(/\/wall$/); // the token left the address bar
    await expect(page.getByTestId('wall-overall')).toHaveText(overallShown);
    // the refresh is allowed with the share cookie too
    const api = await page.request.get('/api/v1/coverage');
    expect(api.status()).toBe(200);
    expect(((await api.json()) as { dimensions: unknown[] }).dimensions.length).toBeGreaterThan(0);
    await expectNoScrollbars(page);
  } finally {
    await context.close();
  }
});

/** WCAG relative luminance (0 black .. 1 white) of sRGB bytes. */
function luminance(rgb: number[]): number {
  const [r, g, b] = rgb.map((v) => {
    const c = v / 255;
    return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
}
