// API tokens and share links: 32 random bytes, shown once; only their SHA-256 is stored. A fast hash is right
// here (unlike passwords): the token has 256 bits of entropy, so there is nothing to guess offline.
import { createHash, randomBytes } from 'node:crypto';

export const TOKEN_PREFIX = { api: 'awm_', share: 'aws_' } as const;
/** The cookie a share link's token lives in once proxy.ts has taken it out of the address. */
export const SHARE_COOKIE = 'awoooi_share';
export type TokenKind = keyof typeof TOKEN_PREFIX;

const TOKEN_RE = /^aw[ms]_[A-Za-z0-9_-]{43}$/;

export function newToken(kind: TokenKind): { token: string; hash: string; prefix: string } {
  const token = `${TOKEN_PREFIX[kind]}${randomBytes(32).toString('base64url')}`;
  return { token, hash: hashToken(token), prefix: token.slice(0, 10) };
}

export function hashToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/** Cheap shape check before touching the database (and so junk never reaches a query). */
export function looksLikeToken(value: string, kind?: TokenKind): boolean {
  return TOKEN_RE.test(value) && (kind === undefined || value.startsWith(TOKEN_PREFIX[kind]));
}
