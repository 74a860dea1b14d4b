// First start: make sure someone can sign in. When no admin exists, create one:
//   ADMIN_EMAIL     default admin@awoooi.local
//   ADMIN_PASSWORD  default: a random one, printed once by the caller (never logged again, never stored in clear)
import { randomBytes } from 'node:crypto';
import { z } from 'zod';
import type { Db } from '../db/client';
import { createLocalUser } from './users';

// It lives in users.ts with the other account operations; re-exported for existing callers.
export { createLocalUser };

export interface BootstrapOutcome {
  created: boolean;
  email: string;
  /** only when it was generated here: the one time it is shown */
  generatedPassword?: string;
}

export async function ensureAdmin(database: Db, env: Record<string, string | undefined> = process.env): Promise<BootstrapOutcome> {
  const existing = await database.user.findFirst({ where: { role: 'admin', banned: { not: true } }, select: { email: true } });
  if (existing) return { created: false, email: existing.email };
  const email = (env.ADMIN_EMAIL || 'admin@awoooi.local').trim().toLowerCase();
  if (!z.email().safeParse(email).success) throw new Error(`ADMIN_EMAIL must be an email address such as ops@example.com, got "${email}"`);
  const given = env.ADMIN_PASSWORD;
  if (given !== undefined && given.length < 12) throw new Error('ADMIN_PASSWORD must be at least 12 characters long');
  const password = given ?? randomBytes(18).toString('base64url');
  await createLocalUser(database, { email, name: 'Administrator', role: 'admin', password });
  return { created: true, email, generatedPassword: given === undefined ? password : undefined };
}
