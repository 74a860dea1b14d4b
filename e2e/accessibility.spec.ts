// An accessibility smoke check of every page in the navigation: structure, landmarks, names, current page.
import { expect, test } from '@playwright/test';

const PAGES = [
  { path: '/', nav: 'Overview', h1: 'Overview' },
  { path: '/services', nav: 'Services', h1: 'Services' },
  { path: '/pages', nav: 'Pages', h1: 'Pages' },
  { path: '/endpoints', nav: 'API endpoints', h1: 'API endpoints' },
  { path: '/templates', nav: 'Alert templates', h1: 'Alert templates' },
  { path: '/registry', nav: 'Import / Export', h1: 'Import / Export' },
  { path: '/configs', nav: 'Configs', h1: 'Configs' },
  { path: '/slo', nav: 'SLOs', h1: 'SLOs' },
  { path: '/discovery', nav: 'Discovery', h1: 'Discovery' },
  { path: '/coverage', nav: 'Coverage', h1: 'Coverage' },
  { path: '/web-vitals', nav: 'Web Vitals', h1: 'Web Vitals' },
  { path: '/web-vitals/page?path=%2F', nav: 'Web Vitals', h1: 'Web Vitals: Dashboard' },
  { path: '/unknown-pages', nav: 'Unknown pages', h1: 'Unknown pages' },
  { path: '/errors', nav: 'Errors', h1: 'Errors' },
  { path: '/deploy', nav: 'Deploy', h1: 'Deploy' },
  { path: '/deploy/git', nav: 'Deploy', h1: 'Export to Git' },
  { path: '/owners', nav: 'Owners', h1: 'Owners' },
  { path: '/hosts', nav: 'Hosts', h1: 'Hosts' },
  { path: '/hosts/new', nav: 'Hosts', h1: 'New host' },
  { path: '/audit', nav: 'Audit log', h1: 'Audit log' },
  { path: '/admin/users', nav: 'Users', h1: 'Users' },
  { path: '/admin/tokens', nav: 'API tokens & share links', h1: 'API tokens & share links' },
  // forms: the current nav item is the list they belong to
  { path: '/services/new', nav: 'Services', h1: 'New service' },
  { path: '/services/edit?name=redis', nav: 'Services', h1: 'Edit service' },
  { path: '/services/bulk', nav: 'Services', h1: 'Bulk edit services' },
  { path: '/templates/edit?key=service_down', nav: 'Alert templates', h1: 'Alert template service_down' },
];

for (const { path, nav, h1 } of PAGES) {
  test(`${path} is structured and labelled`, async ({ page }) => {
    const res = await page.goto(path);
    expect(res?.status()).toBe(200);
    await expect(page).toHaveTitle(/awoooi-monitor/);
    expect(await page.locator('html').getAttribute('lang')).toBe('en');

    // Exactly one h1, and it names the page.
    await expect(page.locator('h1')).toHaveCount(1);
    await expect(page.getByRole('heading', { level: 1 })).toHaveText(h1);

    // Landmarks: one main, a labelled main navigation, and every navigation landmark has a distinct name.
    await expect(page.getByRole('main')).toHaveCount(1);
    const mainNav = page.getByRole('navigation', { name: 'Main' });
    await expect(mainNav).toBeVisible();
    const navNames = await page.locator('nav').evaluateAll((navs) => navs.map((n) => n.getAttribute('aria-label') ?? ''));
    expect(navNames.every((n) => n.length > 0)).toBe(true);
    expect(new Set(navNames).size).toBe(navNames.length);

    // The current page is marked in the navigation, and only it.
    await expect(mainNav.getByRole('link', { name: nav, exact: true })).toHaveAttribute('aria-current', 'page');
    await expect(mainNav.locator('[aria-current="page"]')).toHaveCount(1);

    // Every form control on screen has an accessible name (a closed dialog's buttons have none until it opens).
    // Retried as a whole: hydration may swap controls meanwhile (CodeMirror replaces the expression's textarea), so
    // the count taken first can point past the end.
    const controls = page.locator('input:not([type=hidden]), select, textarea, button').filter({ visible: true });
    await expect(async () => {
      const count = await controls.count();
      for (let i = 0; i < count; i++) await expect(controls.nth(i)).toHaveAccessibleName(/\S/, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });

    // Sortable tables say how they are sorted.
    const sortable = page.locator('th[aria-sort]');
    if ((await sortable.count()) > 0) await expect(page.locator('th[aria-sort="ascending"], th[aria-sort="descending"]')).toHaveCount(1);

    // The skip link is the first thing a keyboard reaches, and it becomes visible.
    await page.keyboard.press('Tab');
    const skip = page.getByRole('link', { name: 'Skip to content' });
    await expect(skip).toBeFocused();
    await expect(skip).toBeVisible();
  });
}
