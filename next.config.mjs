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
  ],
};

export default nextConfig;
