// End-to-end tests against the production build and a fresh PostgreSQL database (see e2e/serve.mjs).
import { defineConfig } from '@playwright/test';
import { storageStateFor } from './e2e/auth-fixtures';

const admin = storageStateFor('admin');

const port = Number(process.env.E2E_PORT ?? 3100);
const baseURL = `http://127.0.0.1:${port}`;

export default defineConfig({
  testDir: 'e2e',
  // The tests share one database and build on each other's state (import, then list, then export).
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : 'list',
  use: {
    baseURL,
    trace: 'retain-on-failure',
    browserName: 'chromium',
    // Debian's chromium: Playwright's own browser download needs a host these machines cannot reach.
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
      ],
    },
  },
  projects: [
    // Signs in as each role through the sign-in page; the others start signed in (admin unless they say).
    { name: 'setup', testMatch: /auth\.setup\.ts$/ },
    { name: 'registry', testMatch: /registry\.spec\.ts$/, dependencies: ['setup'], use: { storageState: admin } },
    // Right after the import, before the specs that edit the registry: it expects the seed's figures.
    { name: 'coverage', testMatch: /coverage\.spec\.ts$/, dependencies: ['registry'], use: { storageState: admin } },
    { name: 'configs', testMatch: /configs\.spec\.ts$/, dependencies: ['registry'], use: { storageState: admin } },
    // After the import, so the lists have rows and tables get checked too.
    { name: 'accessibility', testMatch: /accessibility\.spec\.ts$/, dependencies: ['registry'], use: { storageState: admin } },
    // Editing, conflicts, bulk edit, audit; then every route as every role.
    { name: 'editing', testMatch: /editing\.spec\.ts$/, dependencies: ['registry'], use: { storageState: admin } },
    // Starts a loopback sshd, registers it as a host and scans it through the page.
    { name: 'discovery', testMatch: /discovery\.spec\.ts$/, dependencies: ['registry'], use: { storageState: admin } },
    // A test page on another origin with monitor.js; its beacons on the RUM pages.
    { name: 'rum', testMatch: /rum\.spec\.ts$/, dependencies: ['registry'], use: { storageState: admin } },
    // Pages counted in /metrics, errors reaching a Sentry stand-in.
    { name: 'self-monitoring', testMatch: /self-monitoring\.spec\.ts$/, dependencies: ['registry'] },
    // Push, roll back and export to Git through the pages; after the specs that read the seed's registry.
    { name: 'deploy', testMatch: /deploy\.spec\.ts$/, dependencies: ['editing', 'discovery', 'coverage'], use: { storageState: admin } },
    // A second server.mjs: beacons ahead of Next, the shutdown flush.
    { name: 'server', testMatch: /server\.spec\.ts$/ },
    // After discovery: its POST /api/v1/discovery/run calls would find that spec's scan running (409).
    { name: 'roles', testMatch: /roles\.spec\.ts$/, dependencies: ['editing', 'discovery', 'coverage'] },
  ],
  webServer: {
    command: 'node e2e/serve.mjs',
    url: `${baseURL}/api/v1/health`,
    // Never reuse a server someone else left on the port: it would point at another database.
    reuseExistingServer: false,
    // A fresh build takes 15-60 s here, plus migrations; the first run may also wait for scripts/db/migrate.mjs.
    timeout: 15 * 60_000,
    stdout: 'pipe',
    stderr: 'pipe',
  },
});
