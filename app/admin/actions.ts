'use server';
// Server actions of the admin pages (users, API tokens, share links). Each is admin-only (defineAction checks
// on the server, on every call) and calls one function in lib/auth/. Bad input comes back as
// { ok: false, fieldErrors?, formError }, never as a thrown error.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/auth/action';
import { ROLES } from '@/lib/auth/roles';
import { createToken, revokeToken, TokenInputError, type TokenRow } from '@/lib/auth/tokens';
import { createUser, deleteUser, resetPassword, setBanned, setRole, type UserFailure, type UserOutcome } from '@/lib/auth/users';
import { checkSharePath, SHARE_PATH_MESSAGE } from './share-link';

export type AdminFailure = UserFailure;

export const createUserAction = defineAction('admin', async ({ actor, db }, input: unknown) =>
  after(await createUser(db, actor, input), '/admin/users'),
);

/** `input`: { userId, role } */
export const setRoleAction = defineAction('admin', async ({ actor, db }, input: unknown) => after(await setRole(db, actor, input), '/admin/users'));

/** `input`: { userId, banned }; banning ends the user's sessions. */
export const setBannedAction = defineAction('admin', async ({ actor, db }, input: unknown) =>
  after(await setBanned(db, actor, input), '/admin/users'),
);

/** `input`: { userId, password } */
export const resetPasswordAction = defineAction('admin', async ({ actor, db }, input: unknown) =>
  after(await resetPassword(db, actor, input), '/admin/users'),
);

/** `input`: { userId } */
export const deleteUserAction = defineAction('admin', async ({ actor, db }, input: unknown) =>
  after(await deleteUser(db, actor, input), '/admin/users'),
);

const tokenInput = z.object({
  kind: z.enum(['api', 'share']),
  name: z.string().max(1_000),
  role: z.enum(ROLES).optional(),
  // the form's text as typed ("" = never), or a number
  expiresInDays: z.union([z.number(), z.string().max(20)]).nullish(),
  path: z.string().max(2_000).optional(),
});

export type CreateTokenResult = { ok: true; token: string; row: TokenRow; path: string | null } | AdminFailure;

/**
 * `input`: { kind: 'api' | 'share', name, role?, expiresInDays?, path? }. The answer holds the token itself: the
 * only time anyone sees it (only its hash is stored). Share links are always viewers; `path` is the page to open.
 */
export const createTokenAction = defineAction('admin', async ({ actor, db }, input: unknown): Promise<CreateTokenResult> => {
  const parsed = tokenInput.safeParse(input);
  if (!parsed.success) return { ok: false, formError: 'Malformed request: reload the page and try again.' };
  const { kind, name, role, expiresInDays, path: rawPath } = parsed.data;
  const fieldErrors: Record<string, string> = {};
  if (kind === 'api' && !role) fieldErrors.role = 'Choose viewer, editor or admin.';
  const days = typeof expiresInDays === 'string' ? (expiresInDays.trim() === '' ? undefined : Number(expiresInDays.trim())) : (expiresInDays ?? undefined);
  const path = kind === 'share' ? checkSharePath(rawPath ?? '/') : null;
  if (kind === 'share' && path === null) fieldErrors.path = SHARE_PATH_MESSAGE;
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, formError: 'Check the marked fields.' };
  try {
    const { token, row } = await createToken(db, actor, { kind, name, role: role ?? 'viewer', expiresInDays: days });
    refresh('/admin/tokens');
    return { ok: true, token, row, path };
  } catch (e) {
    if (!(e instanceof TokenInputError)) throw e;
    return { ok: false, fieldErrors: { [e.field]: capitalize(e.message) }, formError: 'Check the marked fields.' };
  }
});

/** `input`: { id }. Revoking twice is harmless. */
export const revokeTokenAction = defineAction('admin', async ({ actor, db }, input: unknown): Promise<UserOutcome> => {
  const parsed = z.object({ id: z.number().int().positive() }).safeParse(input);
  if (!parsed.success) return { ok: false, formError: 'Malformed request: reload the page and try again.' };
  const row = await revokeToken(db, actor, parsed.data.id);
  if (!row) return { ok: false, formError: 'That token no longer exists. Reload the page.' };
  refresh('/admin/tokens');
  return { ok: true, message: `"${row.name}" is revoked: it stops working now.` };
});

function after<T extends UserOutcome>(outcome: T, path: string): T {
  if (outcome.ok) refresh(path);
  return outcome;
}

/** Pages that show the change: the admin page itself and the audit log. */
function refresh(path: string) {
  for (const p of [path, '/audit']) {
    try {
      revalidatePath(p);
    } catch (e) {
      // Outside a Next request (the integration tests call these actions directly) there is no cache to
      // invalidate, and Next says so with this invariant; that is the only error we let pass.
      if (!(e instanceof Error && e.message.includes('static generation store missing'))) throw e;
    }
  }
}

const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1) + (s.endsWith('.') || s.endsWith(')') ? '' : '.');
