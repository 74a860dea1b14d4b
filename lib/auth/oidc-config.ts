// Optional OpenID Connect single sign-on, configured by environment only (no secrets in the database):
//   OIDC_DISCOVERY_URL  https://idp.example.com/.well-known/openid-configuration (or OIDC_ISSUER, to which the
//                       well-known path is appended)
//   OIDC_CLIENT_ID, OIDC_CLIENT_SECRET
//   OIDC_NAME           the button's label (default "single sign-on")
//   OIDC_SCOPES         default "openid email profile"
//   OIDC_CLIENT_AUTH    post (default) or basic: how the client secret is sent to the token endpoint
//   OIDC_LINK_BY_EMAIL  1: a verified email from the provider signs in the local account with that email
// New users who sign in this way start as viewers; an admin raises their role.
import type { GenericOAuthConfig } from 'better-auth/plugins/generic-oauth';

export const OIDC_PROVIDER_ID = 'oidc';

export interface OidcSummary {
  providerId: string;
  name: string;
}

export function oidcFromEnv(env: Record<string, string | undefined> = process.env): GenericOAuthConfig | null {
  const issuer = env.OIDC_ISSUER?.replace(/\/+$/, '');
  const discoveryUrl = env.OIDC_DISCOVERY_URL || (issuer ? `${issuer}/.well-known/openid-configuration` : undefined);
  // Any of these set means single sign-on is wanted (a lone client secret too: never ignore a secret silently).
  if (!discoveryUrl && !env.OIDC_CLIENT_ID && !env.OIDC_CLIENT_SECRET) return null;
  const missing = [!discoveryUrl && 'OIDC_DISCOVERY_URL (or OIDC_ISSUER)', !env.OIDC_CLIENT_ID && 'OIDC_CLIENT_ID']
    .filter(Boolean)
    .join(' and ');
  if (missing) throw new Error(`OIDC single sign-on is half configured: set ${missing} too, or unset the OIDC_* variables`);
  if (!URL.canParse(discoveryUrl!)) {
    throw new Error(`OIDC_DISCOVERY_URL (or OIDC_ISSUER) must be an absolute URL such as https://idp.example.com, got "${discoveryUrl}"`);
  }
  return {
    providerId: OIDC_PROVIDER_ID,
    name: env.OIDC_NAME || 'single sign-on',
    discoveryUrl,
    clientId: env.OIDC_CLIENT_ID!,
    clientSecret: env.OIDC_CLIENT_SECRET || undefined,
    scopes: (env.OIDC_SCOPES || 'openid email profile').split(/[\s,]+/).filter(Boolean),
    pkce: true,
    // Most providers accept the secret in the form body; some (Authelia by default) only HTTP Basic.
    authentication: env.OIDC_CLIENT_AUTH === 'basic' ? 'basic' : 'post',
  };
}

/** What the sign-in page needs to know (never the secret). */
export function oidcSummary(env: Record<string, string | undefined> = process.env): OidcSummary | null {
  const config = oidcFromEnv(env);
  return config ? { providerId: config.providerId, name: config.name ?? 'single sign-on' } : null;
}
