import { withSentryConfig } from '@sentry/nextjs/config';

/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // forbidden() renders app/forbidden.tsx with status 403 (lib/auth/guard.ts).
  experimental: { authInterrupts: true },
  // Server-only packages that must stay as Node modules rather than be bundled.
  serverExternalPackages: [
    'pg',
    '@prisma/adapter-pg',
    '@electric-sql/pglite',
    '@electric-sql/pglite-socket',
    // SSH (native crypto bindings) and the Kubernetes client: loaded by Node as they are
    'node-ssh',
    'ssh2',
    '@kubernetes/client-node',
    // One copy per process: a bundled copy per route would each have its own global register (GET /metrics) and
    // OpenTelemetry API (instrumentation.ts hooks the one Next itself loads).
    'prom-client',
    '@opentelemetry/api',
  ],
};

// Sentry's build side, reduced to what error reporting needs: nothing is uploaded or sent while building (no
// source maps, releases or telemetry), and no build-time instrumentation of dependencies (only errors are reported,
// not traces). The DSNs are read at run time (SENTRY_DSN) and inlined for the browser (NEXT_PUBLIC_SENTRY_DSN).
export default withSentryConfig(nextConfig, {
  telemetry: false,
  sourcemaps: { disable: true },
  release: { create: false, finalize: false },
  useRunAfterProductionCompileHook: false,
  buildTimeInstrumentation: false,
  routeManifestInjection: false,
  suppressOnRouterTransitionStartWarning: true,
});
