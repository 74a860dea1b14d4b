// Who is calling: an API token (Authorization: Bearer), a signed-in user (better-auth session cookie), or a
// read-only share link (its cookie, set by proxy.ts from `?share=`). In that order.
import type { Db } from '../db/client';
import { auth } from './auth';
import { isRole, type Actor } from './roles';
import { SHARE_COOKIE } from './token-format';
import { resolveToken } from './tokens';

export type Caller =
  | { ok: true; actor: Actor }
  | { ok: false; reason: 'anonymous' }
  /** credentials were presented and are wrong: say so rather than treat the caller as anonymous */
  | { ok: false; reason: 'invalid-token' | 'invalid-share' };

function bearer(headers: Headers): string | null {
  const value = headers.get('authorization');
  if (!value) return null;
  const match = /^Bearer\s+(\S+)\s*$/i.exec(value);
  return match?.[1] ?? value.trim();
}

function cookie(headers: Headers, name: string): string | null {
  const raw = headers.get('cookie');
  if (!raw) return null;
  for (const part of raw.split(';')) {
    const eq = part.indexOf('=');
    if (eq > 0 && part.slice(0, eq).trim() === name) return decodeURIComponent(part.slice(eq + 1).trim());
  }
  return null;
}

export async function identifyCaller(headers: Headers, database: Db): Promise<Caller> {
  const token = bearer(headers);
  if (token !== null) {
    const actor = await resolveToken(database, token, ['api']);
    return actor ? { ok: true, actor } : { ok: false, reason: 'invalid-token' };
  }
  const session = await auth(database).api.getSession({ headers }).catch(() => null);
  if (session?.user) {
    const user = session.user as { id: string; email: string; role?: string | null; banned?: boolean | null };
    if (!user.banned && isRole(user.role)) {
      return { ok: true, actor: { kind: 'user', id: user.id, name: user.email, role: user.role } };
    }
  }
  const share = cookie(headers, SHARE_COOKIE);
  if (share !== null) {
    const actor = await resolveToken(database, share, ['share']);
    return actor ? { ok: true, actor } : { ok: false, reason: 'invalid-share' };
  }
  return { ok: false, reason: 'anonymous' };
}
