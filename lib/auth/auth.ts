// The better-auth instance: local accounts (email + password), optional OIDC single sign-on, sessions in
// PostgreSQL, roles from its admin plugin, and sign-in rate limits counted in the database (so every replica
// counts the same attempts). No password or session crypto of our own: better-auth hashes (scrypt) and signs.
import { betterAuth } from 'better-auth';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { admin } from 'better-auth/plugins/admin';
import { genericOAuth } from 'better-auth/plugins/generic-oauth';
import { nextCookies } from 'better-auth/next-js';
import { db, type Db } from '../db/client';
import { oidcFromEnv } from './oidc-config';
import { trustedOriginsFor } from './origins';

/** Failed and successful sign-ins per IP: 5 per minute, then 429 with Retry-After (AUTH_SIGNIN_MAX / _WINDOW). */
export function signInLimit(): { window: number; max: number } {
  const max = Number(process.env.AUTH_SIGNIN_MAX);
  const window = Number(process.env.AUTH_SIGNIN_WINDOW_SECONDS);
  return { max: Number.isInteger(max) && max > 0 ? max : 5, window: Number.isInteger(window) && window > 0 ? window : 60 };
}

function ipHeaders(): string[] {
  const raw = process.env.AUTH_IP_HEADERS;
  return raw === undefined ? ['x-forwarded-for', 'x-real-ip'] : raw.split(',').map((h) => h.trim().toLowerCase()).filter(Boolean);
}

export function authSecret(): string {
  const secret = process.env.BETTER_AUTH_SECRET;
  if (!secret || secret.length < 32) {
    throw new Error(
      'BETTER_AUTH_SECRET is not set (or shorter than 32 characters). `npm start` creates one in .data/auth-secret; ' +
        'elsewhere set it to a long random string, the same on every replica.',
    );
  }
  return secret;
}

function createAuth(database: Db) {
  const oidc = oidcFromEnv();
  const limit = signInLimit();
  return betterAuth({
    appName: 'awoooi-monitor',
    secret: authSecret(),
    // Unset: taken from each request, so one build serves any host name. Set it behind proxies that rewrite Host.
    baseURL: process.env.BETTER_AUTH_URL || undefined,
    // A function, not a list: the site's own origin is known only per request (see lib/auth/origins.ts).
    trustedOrigins: (request) => trustedOriginsFor(request),
    database: prismaAdapter(database, { provider: 'postgresql' }),
    telemetry: { enabled: false },
    emailAndPassword: {
      enabled: true,
      // Accounts are made by an admin (or the first-start bootstrap), never by strangers.
      disableSignUp: true,
      minPasswordLength: 12,
      maxPasswordLength: 256,
    },
    account: {
      // An identity provider saying "this email is verified" must not be enough to take over a local account
      // (e.g. the first admin): linking by email is opt-in (OIDC_LINK_BY_EMAIL=1, for providers you control).
      accountLinking: { disableImplicitLinking: process.env.OIDC_LINK_BY_EMAIL !== '1' },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': limit, '/sign-in/social': limit, '/callback/*': limit },
    },
    advanced: {
      // Enforced everywhere, tests included (better-auth skips it under a test runner unless told).
      disableOriginCheck: false,
      // Where the client's address is (for the per-address sign-in limit). Behind an ingress that is
      // X-Forwarded-For; AUTH_IP_HEADERS names others (e.g. cf-connecting-ip). With none found, better-auth counts
      // every client in one shared bucket, which still bounds guessing.
      ipAddress: { ipAddressHeaders: ipHeaders() },
      useSecureCookies: process.env.AUTH_SECURE_COOKIES === '1' || (process.env.BETTER_AUTH_URL ?? '').startsWith('https:'),
    },
    // better-auth's own admin endpoints would change users past our audit log and last-admin guard: the Users page
    // goes through lib/auth/users.ts (which calls the plugin in-process), so the HTTP paths are switched off.
    disabledPaths: ADMIN_HTTP_PATHS,
    plugins: [
      admin({ defaultRole: 'viewer', adminRoles: ['admin'] }),
      ...(oidc ? [genericOAuth({ config: [oidc] })] : []),
      nextCookies(),
    ],
  });
}

/** Every HTTP endpoint of better-auth's admin plugin (1.7). */
export const ADMIN_HTTP_PATHS = [
  'ban-user', 'create-user', 'get-user', 'has-permission', 'impersonate-user', 'list-user-sessions', 'list-users',
  'remove-user', 'revoke-user-session', 'revoke-user-sessions', 'set-role', 'set-user-password', 'stop-impersonating',
  'unban-user', 'update-user',
].map((name) => `/admin/${name}`);

export type Auth = ReturnType<typeof createAuth>;

/** The settings createAuth reads from the environment: an instance is rebuilt when any of them changes. */
function authEnvSignature(env: NodeJS.ProcessEnv = process.env): string {
  return JSON.stringify(
    Object.keys(env)
      .filter((key) => /^(AUTH_|OIDC_|BETTER_AUTH_)/.test(key))
      .sort()
      .map((key) => [key, env[key]]),
  );
}

const holder = globalThis as unknown as { __awoooiAuth?: WeakMap<Db, { signature: string; instance: Auth }> };

/**
 * The auth instance over a database: the shared Prisma client by default, another one in tests. One instance
 * per database and configuration: building one costs milliseconds and logs, and every request asks for it.
 */
export function auth(database: Db = db()): Auth {
  holder.__awoooiAuth ??= new WeakMap();
  const signature = authEnvSignature();
  const cached = holder.__awoooiAuth.get(database);
  if (cached?.signature === signature) return cached.instance;
  const instance = createAuth(database);
  holder.__awoooiAuth.set(database, { signature, instance });
  return instance;
}
