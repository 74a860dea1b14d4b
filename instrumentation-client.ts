// Runs in the browser before the app hydrates. Sentry reports uncaught errors and unhandled rejections only when
// NEXT_PUBLIC_SENTRY_DSN was set at build time: the value is inlined, so without it the branch is dead code and the
// SDK is not bundled at all. Loaded lazily either way, so an error thrown before the chunk arrives is not reported.
const dsn = process.env.NEXT_PUBLIC_SENTRY_DSN;
if (dsn) {
  void Promise.all([import('@sentry/nextjs'), import('./lib/observability/sentry')]).then(([Sentry, { sentryOptions }]) =>
    Sentry.init(sentryOptions(dsn.trim(), { environment: process.env.NEXT_PUBLIC_SENTRY_ENVIRONMENT, release: process.env.NEXT_PUBLIC_SENTRY_RELEASE })),
  );
}
