// Unit and integration tests (Vitest 4; Vitest 5 needs Node 22). Browser tests are Playwright's (e2e/).
// Integration tests get a real PostgreSQL database each: see tests/helpers/global-setup.ts.
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

export default defineConfig({
  // tsconfig's `@/*` path alias; a regex so that `@prisma/...` and other scoped packages are untouched.
  resolve: { alias: [{ find: /^@\//, replacement: root }] },
  test: {
    environment: 'node',
    include: ['tests/**/*.test.ts'],
    globalSetup: ['tests/helpers/global-setup.ts'],
    // Each file gets its own database, so files may run in parallel.
    fileParallelism: true,
    // Generous: some tests start PGlite (~3 s for a new data folder) or run the migration CLI.
    // A fixed secret for better-auth in tests (the app gets its own from .data/auth-secret or the environment).
    env: { BETTER_AUTH_SECRET: 'test-secret-for-vitest-only-0123456789abcdef' },
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
