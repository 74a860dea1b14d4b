// A small OpenID Connect provider on 127.0.0.1 (random port), standing in for a real identity provider in
// tests. It speaks just enough of the real protocol (OpenID Connect Core 1.0, OAuth 2.0 RFC 6749, PKCE RFC 7636,
// issuer identification RFC 9207) and is strict about it, so a client that gets something wrong fails here as it
// would against a real provider:
//
//   GET  {issuer}/.well-known/openid-configuration   discovery document
//   GET  {issuer}/authorize   checks client_id, redirect_uri, response_type=code, scope openid, state, nonce and an
//                             S256 code_challenge, then redirects straight back with code, state and iss (as if the
//                             configured user had signed in)
//   POST {issuer}/token       client authentication (client_secret_basic and/or client_secret_post, as configured),
//                             single-use code, redirect_uri and PKCE checks; access_token + RS256 id_token
//   GET  {issuer}/userinfo    Bearer access token -> sub, email, email_verified, name (by granted scope)
//   GET  {issuer}/jwks        the public signing key
//
// Errors are the real OAuth shapes: {"error":"invalid_grant","error_description":...} with 400, invalid_client with
// 401, invalid_token in WWW-Authenticate. Every request is recorded (with the response status and error code) so
// tests can assert what the client sent.
//
//   const idp = await startOidcProvider({ clientId: 'awoooi', clientSecret: 's3cret', redirectUris: [...], user });
//   process.env.OIDC_ISSUER = idp.issuer; ...
//   await idp.close();
import { createHash, randomBytes } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { SignJWT, exportJWK, generateKeyPair, type JWK } from 'jose';

export type ClientAuthMethod = 'client_secret_basic' | 'client_secret_post';

export interface OidcTestUser {
  sub: string;
  email: string;
  email_verified: boolean;
  name: string;
}

export interface OidcProviderOptions {
  clientId: string;
  clientSecret: string;
  /** exact redirect URIs registered for the client */
  redirectUris: string[];
  /** the user "signed in" at /authorize; can be changed later through `provider.user` */
  user: OidcTestUser;
  /** accepted client authentication methods at /token (default: both) */
  clientAuthMethods?: ClientAuthMethod[];
  /**
   * Put email/name claims in the id_token too. Off by default: OpenID Connect Core 5.4 returns the claims of the
   * `email` and `profile` scopes from the UserInfo endpoint when an access token is issued, so the id_token has
   * only the identity claims (iss, sub, aud, exp, iat, nonce, ...), and the client must call /userinfo.
   */
  claimsInIdToken?: boolean;
  /** path under the origin the issuer lives at, like Keycloak's realms (default "/realms/awoooi") */
  issuerPath?: string;
}

export interface RecordedRequest {
  method: string;
  /** path below the issuer, e.g. "/token" */
  path: string;
  query: Record<string, string>;
  /** form parameters of a POST (application/x-www-form-urlencoded) */
  form: Record<string, string>;
  headers: Record<string, string | undefined>;
  /** the client authentication method /token saw, if any */
  clientAuth?: ClientAuthMethod | 'none';
  status: number;
  /** the OAuth error code answered, if any */
  error?: string;
}

export interface OidcProvider {
  issuer: string;
  discoveryUrl: string;
  /** every request so far, oldest first */
  readonly requests: RecordedRequest[];
  /** the user the next /authorize signs in */
  user: OidcTestUser;
  /** requests to one endpoint ("/authorize", "/token", "/userinfo", "/jwks", "/.well-known/openid-configuration") */
  requestsTo(path: string): RecordedRequest[];
  close(): Promise<void>;
}

interface CodeGrant {
  clientId: string;
  redirectUri: string;
  codeChallenge: string;
  nonce: string;
  scope: string[];
  user: OidcTestUser;
  expiresAt: number;
}

interface AccessGrant {
  scope: string[];
  user: OidcTestUser;
  expiresAt: number;
}

class OAuthError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    description: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(description);
  }
}

const CODE_TTL_MS = 60_000;
const TOKEN_TTL_S = 300;
// RFC 7636 4.1: 43 to 128 unreserved characters
const VERIFIER_RE = /^[A-Za-z0-9\-._~]{43,128}$/;
const CHALLENGE_RE = /^[A-Za-z0-9_-]{43}$/;

const b64urlSha256 = (value: string) => createHash('sha256').update(value, 'ascii').digest('base64url');

function formDecode(value: string): string {
  return new URLSearchParams(`v=${value}`).get('v') ?? '';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

export async function startOidcProvider(options: OidcProviderOptions): Promise<OidcProvider> {
  const methods = options.clientAuthMethods ?? ['client_secret_basic', 'client_secret_post'];
  const issuerPath = (options.issuerPath ?? '/realms/awoooi').replace(/\/+$/, '');
  const { privateKey, publicKey } = await generateKeyPair('RS256', { extractable: true });
  const kid = randomBytes(8).toString('hex');
  const publicJwk: JWK = { ...(await exportJWK(publicKey)), kid, alg: 'RS256', use: 'sig' };

  const codes = new Map<string, CodeGrant>();
  const accessTokens = new Map<string, AccessGrant>();
  const requests: RecordedRequest[] = [];
  let issuer = '';

  const provider: OidcProvider = {
    issuer: '',
    discoveryUrl: '',
    requests,
    user: options.user,
    requestsTo: (path) => requests.filter((r) => r.path === path),
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };

  function discovery() {
    return {
      issuer,
      authorization_endpoint: `${issuer}/authorize`,
      token_endpoint: `${issuer}/token`,
      userinfo_endpoint: `${issuer}/userinfo`,
      jwks_uri: `${issuer}/jwks`,
      response_types_supported: ['code'],
      response_modes_supported: ['query'],
      grant_types_supported: ['authorization_code'],
      subject_types_supported: ['public'],
      id_token_signing_alg_values_supported: ['RS256'],
      scopes_supported: ['openid', 'email', 'profile'],
      token_endpoint_auth_methods_supported: methods,
      code_challenge_methods_supported: ['S256'],
      claims_supported: ['iss', 'sub', 'aud', 'exp', 'iat', 'auth_time', 'nonce', 'at_hash', 'email', 'email_verified', 'name'],
      authorization_response_iss_parameter_supported: true,
    };
  }

  /** /authorize: errors about the client or redirect_uri are shown (never redirected, RFC 6749 4.1.2.1). */
  function authorize(query: Record<string, string>): { status: number; location?: string; error?: string; body?: unknown } {
    if (query.client_id !== options.clientId) {
      return { status: 400, error: 'invalid_request', body: { error: 'invalid_request', error_description: 'unknown client_id' } };
    }
    const redirectUri = query.redirect_uri;
    if (!redirectUri || !options.redirectUris.includes(redirectUri)) {
      return { status: 400, error: 'invalid_request', body: { error: 'invalid_request', error_description: 'redirect_uri is not registered for this client' } };
    }
    const back = (params: Record<string, string>) => {
      const url = new URL(redirectUri);
      for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
      if (query.state) url.searchParams.set('state', query.state);
      url.searchParams.set('iss', issuer);
      return url.toString();
    };
    const fail = (error: string, description: string) => ({ status: 302, error, location: back({ error, error_description: description }) });
    if (query.response_type !== 'code') return fail('unsupported_response_type', 'only response_type=code is supported');
    const scope = (query.scope ?? '').split(' ').filter(Boolean);
    if (!scope.includes('openid')) return fail('invalid_scope', 'the openid scope is required');
    if (!query.state) return fail('invalid_request', 'state is required');
    if (!query.nonce) return fail('invalid_request', 'nonce is required');
    if (query.code_challenge_method !== 'S256') return fail('invalid_request', 'code_challenge_method must be S256');
    if (!query.code_challenge || !CHALLENGE_RE.test(query.code_challenge)) return fail('invalid_request', 'a S256 code_challenge is required');
    const code = randomBytes(24).toString('base64url');
    codes.set(code, {
      clientId: options.clientId,
      redirectUri,
      codeChallenge: query.code_challenge,
      nonce: query.nonce,
      scope,
      user: { ...provider.user },
      expiresAt: Date.now() + CODE_TTL_MS,
    });
    return { status: 302, location: back({ code }) };
  }

  /** Client authentication at /token (RFC 6749 2.3.1): exactly one method, and one that is allowed. */
  function authenticateClient(req: IncomingMessage, form: Record<string, string>): ClientAuthMethod {
    const header = req.headers.authorization;
    const basic = header ? /^Basic +(\S+)$/i.exec(header) : null;
    if (header && !basic) throw new OAuthError(401, 'invalid_client', 'unsupported Authorization scheme', { 'www-authenticate': 'Basic realm="oidc"' });
    if (basic && form.client_secret !== undefined) throw new OAuthError(400, 'invalid_request', 'more than one client authentication method');
    let method: ClientAuthMethod;
    let clientId: string;
    let secret: string;
    if (basic) {
      const decoded = Buffer.from(basic[1]!, 'base64').toString('utf8');
      const colon = decoded.indexOf(':');
      if (colon < 0) throw new OAuthError(401, 'invalid_client', 'malformed Basic credentials', { 'www-authenticate': 'Basic realm="oidc"' });
      method = 'client_secret_basic';
      clientId = formDecode(decoded.slice(0, colon));
      secret = formDecode(decoded.slice(colon + 1));
      if (form.client_id !== undefined && form.client_id !== clientId) throw new OAuthError(400, 'invalid_request', 'client_id differs from the authenticated client');
    } else if (form.client_secret !== undefined) {
      method = 'client_secret_post';
      clientId = form.client_id ?? '';
      secret = form.client_secret;
    } else {
      throw new OAuthError(401, 'invalid_client', 'client authentication is required');
    }
    const challenge = method === 'client_secret_basic' ? { 'www-authenticate': 'Basic realm="oidc"' } : undefined;
    if (!methods.includes(method)) throw new OAuthError(401, 'invalid_client', `${method} is not allowed for this client`, challenge);
    if (clientId !== options.clientId || secret !== options.clientSecret) throw new OAuthError(401, 'invalid_client', 'client authentication failed', challenge);
    return method;
  }

  async function token(req: IncomingMessage, form: Record<string, string>, record: RecordedRequest) {
    const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
    if (type !== 'application/x-www-form-urlencoded') throw new OAuthError(400, 'invalid_request', 'the body must be application/x-www-form-urlencoded');
    record.clientAuth = req.headers.authorization ? 'client_secret_basic' : form.client_secret !== undefined ? 'client_secret_post' : 'none';
    authenticateClient(req, form);
    if (form.grant_type !== 'authorization_code') throw new OAuthError(400, 'unsupported_grant_type', 'only authorization_code is supported');
    const code = form.code ?? '';
    const grant = codes.get(code);
    // single use: a code is gone after its first exchange attempt, successful or not
    codes.delete(code);
    if (!grant || grant.expiresAt < Date.now()) throw new OAuthError(400, 'invalid_grant', 'the authorization code is invalid, expired or already used');
    if (grant.clientId !== options.clientId) throw new OAuthError(400, 'invalid_grant', 'the code was issued to another client');
    if (form.redirect_uri !== grant.redirectUri) throw new OAuthError(400, 'invalid_grant', 'redirect_uri does not match the authorization request');
    const verifier = form.code_verifier;
    if (!verifier || !VERIFIER_RE.test(verifier)) throw new OAuthError(400, 'invalid_grant', 'a code_verifier of 43 to 128 characters is required');
    if (b64urlSha256(verifier) !== grant.codeChallenge) throw new OAuthError(400, 'invalid_grant', 'PKCE verification failed');

    const accessToken = randomBytes(32).toString('base64url');
    accessTokens.set(accessToken, { scope: grant.scope, user: grant.user, expiresAt: Date.now() + TOKEN_TTL_S * 1000 });
    const atHash = createHash('sha256').update(accessToken, 'ascii').digest().subarray(0, 16).toString('base64url');
    const now = Math.floor(Date.now() / 1000);
    const idToken = await new SignJWT({
      nonce: grant.nonce,
      auth_time: now,
      at_hash: atHash,
      ...(options.claimsInIdToken ? scopedClaims(grant.scope, grant.user) : {}),
    })
      .setProtectedHeader({ alg: 'RS256', kid, typ: 'JWT' })
      .setIssuer(issuer)
      .setSubject(grant.user.sub)
      .setAudience(options.clientId)
      .setIssuedAt(now)
      .setExpirationTime(now + TOKEN_TTL_S)
      .sign(privateKey);
    return {
      access_token: accessToken,
      token_type: 'Bearer',
      expires_in: TOKEN_TTL_S,
      id_token: idToken,
      scope: grant.scope.join(' '),
    };
  }

  function userinfo(req: IncomingMessage) {
    const match = /^Bearer +(\S+)$/i.exec(req.headers.authorization ?? '');
    if (!match) throw new OAuthError(401, 'invalid_request', 'a Bearer access token is required', { 'www-authenticate': 'Bearer realm="oidc"' });
    const grant = accessTokens.get(match[1]!);
    if (!grant || grant.expiresAt < Date.now()) {
      throw new OAuthError(401, 'invalid_token', 'the access token is invalid or expired', {
        'www-authenticate': 'Bearer realm="oidc", error="invalid_token", error_description="the access token is invalid or expired"',
      });
    }
    return { sub: grant.user.sub, ...scopedClaims(grant.scope, grant.user) };
  }

  function send(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
    res.writeHead(status, { 'content-type': 'application/json', 'cache-control': 'no-store', pragma: 'no-cache', ...headers });
    res.end(JSON.stringify(body));
  }

  const server = createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url ?? '/', issuer);
      const path = url.pathname.startsWith(`${issuerPath}/`) ? url.pathname.slice(issuerPath.length) : url.pathname;
      const raw = req.method === 'POST' ? await readBody(req) : '';
      const form = Object.fromEntries(new URLSearchParams(raw));
      const record: RecordedRequest = {
        method: req.method ?? 'GET',
        path,
        query: Object.fromEntries(url.searchParams),
        form,
        headers: { authorization: req.headers.authorization, 'content-type': req.headers['content-type'], accept: req.headers.accept },
        status: 0,
      };
      requests.push(record);
      try {
        if (path === '/.well-known/openid-configuration' && req.method === 'GET') {
          send(res, (record.status = 200), discovery());
        } else if (path === '/jwks' && req.method === 'GET') {
          send(res, (record.status = 200), { keys: [publicJwk] }, { 'content-type': 'application/jwk-set+json' });
        } else if (path === '/authorize' && req.method === 'GET') {
          const result = authorize(record.query);
          record.status = result.status;
          record.error = result.error;
          if (result.location) {
            res.writeHead(302, { location: result.location, 'cache-control': 'no-store' });
            res.end();
          } else send(res, result.status, result.body);
        } else if (path === '/token' && req.method === 'POST') {
          send(res, (record.status = 200), await token(req, form, record));
        } else if (path === '/userinfo' && (req.method === 'GET' || req.method === 'POST')) {
          send(res, (record.status = 200), userinfo(req));
        } else {
          send(res, (record.status = 404), { error: 'not_found' });
        }
      } catch (e) {
        if (e instanceof OAuthError) {
          record.status = e.status;
          record.error = e.code;
          send(res, e.status, { error: e.code, error_description: e.message }, e.headers);
        } else {
          record.status = 500;
          record.error = 'server_error';
          send(res, 500, { error: 'server_error', error_description: (e as Error).message });
        }
      }
    })();
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  issuer = `http://127.0.0.1:${port}${issuerPath}`;
  provider.issuer = issuer;
  provider.discoveryUrl = `${issuer}/.well-known/openid-configuration`;
  return provider;
}

/** The claims the granted scopes release (OpenID Connect Core 5.4). */
function scopedClaims(scope: string[], user: OidcTestUser): Record<string, unknown> {
  return {
    ...(scope.includes('email') ? { email: user.email, email_verified: user.email_verified } : {}),
    ...(scope.includes('profile') ? { name: user.name } : {}),
  };
}
