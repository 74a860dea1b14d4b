// Local accounts for the Users page: list, create, role, ban, password reset, delete.
// Writes go through better-auth's own adapter (its hooks, its scrypt hasher, its account shape) but bound to OUR
// Prisma transaction, so a change and its audit record commit together. Each mutation also takes one advisory
// lock, so two admins demoting each other at the same moment cannot leave nobody able to manage users.
import { runWithAdapter } from '@better-auth/core/context';
import { prismaAdapter } from 'better-auth/adapters/prisma';
import { z } from 'zod';
import type { Db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { recordAudit } from '../audit/record';
import { auth, type Auth } from './auth';
import { ROLES, SYSTEM_ACTOR, type Actor } from './roles';

export interface UserRow {
  id: string;
  email: string;
  name: string;
  /** normally a Role; a hand-edited row may hold anything, and the page shows it as it is */
  role: string;
  banned: boolean;
  createdAt: Date;
  /** the latest activity of any of their sessions (sign-in or refresh), null when they have none */
  lastSeenAt: Date | null;
  /** how they sign in: "credential" (a local password) and/or single sign-on provider ids */
  providers: string[];
}

export interface UserFailure {
  ok: false;
  fieldErrors?: Record<string, string>;
  formError: string;
}
export type UserOutcome<T extends object = object> = ({ ok: true; message: string } & T) | UserFailure;

const MESSAGES = {
  email: 'Enter an email address, such as ops@example.com.',
  name: 'Enter a name of 1 to 100 characters.',
  role: 'Choose viewer, editor or admin.',
  password: 'Enter a password of 12 to 256 characters.',
} as const;

const userId = z.string().min(1).max(200);
const createInput = z.object({
  email: z.string().trim().toLowerCase().max(254).pipe(z.email()),
  name: z.string().trim().min(1).max(100),
  role: z.enum(ROLES),
  password: z.string().min(12).max(256),
});
const roleInput = z.object({ userId, role: z.enum(ROLES) });
const banInput = z.object({ userId, banned: z.boolean() });
const passwordInput = z.object({ userId, password: createInput.shape.password });
const idInput = z.object({ userId });

type Parsed<T> = { ok: true; value: T } | UserFailure;

/** Field-level messages for the form fields; anything else means the request was not made by our forms. */
function parse<S extends z.ZodType>(schema: S, input: unknown): Parsed<z.output<S>> {
  const result = schema.safeParse(input);
  if (result.success) return { ok: true, value: result.data };
  const fieldErrors: Record<string, string> = {};
  for (const issue of result.error.issues) {
    const field = String(issue.path[0] ?? '');
    if (field in MESSAGES) fieldErrors[field] ??= MESSAGES[field as keyof typeof MESSAGES];
  }
  if (Object.keys(fieldErrors).length > 0) return { ok: false, fieldErrors, formError: 'Check the marked fields.' };
  return { ok: false, formError: 'Malformed request: reload the page and try again.' };
}

type Tx = Prisma.TransactionClient;
type AuthContext = Awaited<Auth['$context']>;
type Users = AuthContext['internalAdapter'];

const USERS_LOCK = 727_002; // lib/registry/store.ts holds 727_001

/** Runs `work` in one transaction, users locked, with better-auth's internal adapter writing through `tx`. */
async function inUsersTransaction<T>(database: Db, work: (tx: Tx, users: Users) => Promise<T>): Promise<T> {
  const ctx = await auth(database).$context;
  return database.$transaction(async (tx) => {
    await tx.$executeRaw`SELECT pg_advisory_xact_lock(${USERS_LOCK}::bigint)`;
    const adapter = prismaAdapter(tx, { provider: 'postgresql' })(ctx.options);
    return runWithAdapter(adapter, () => work(tx, ctx.internalAdapter));
  });
}

const ACTIVE_ADMIN = { role: 'admin', OR: [{ banned: false }, { banned: null }] } satisfies Prisma.UserWhereInput;
const TARGET = { id: true, email: true, name: true, role: true, banned: true } as const;
type Target = { id: string; email: string; name: string; role: string; banned: boolean | null };

const GONE: UserFailure = { ok: false, formError: 'That user no longer exists. Reload the page.' };

/** Why `actor` may not take admin rights away from `target` (demote, ban, delete), or null when they may. */
async function protectAdmins(tx: Tx, actor: Actor, target: Target, verb: string): Promise<UserFailure | null> {
  if (actor.kind === 'user' && actor.id === target.id) {
    return { ok: false, formError: `You cannot ${verb} your own account. Ask another admin to do it.` };
  }
  if (target.role === 'admin' && !target.banned && (await tx.user.count({ where: ACTIVE_ADMIN })) <= 1) {
    return {
      ok: false,
      formError: `${target.email} is the last active admin, so you cannot ${verb} them: nobody could manage users any more. Make another user an admin first.`,
    };
  }
  return null;
}

/** What the audit log keeps of a user: never a password or hash. */
const auditView = (u: Pick<Target, 'email' | 'name' | 'role' | 'banned'>) => ({ email: u.email, name: u.name, role: u.role, banned: !!u.banned });

export async function listUsers(database: Db): Promise<UserRow[]> {
  const rows = await database.user.findMany({
    orderBy: { email: 'asc' },
    select: {
      ...TARGET,
      createdAt: true,
      sessions: { select: { updatedAt: true }, orderBy: { updatedAt: 'desc' }, take: 1 },
      accounts: { select: { providerId: true } },
    },
  });
  return rows.map(({ sessions, accounts, banned, ...u }) => ({
    ...u,
    banned: !!banned,
    lastSeenAt: sessions[0]?.updatedAt ?? null,
    providers: [...new Set(accounts.map((a) => a.providerId))].sort(),
  }));
}

/** A local account with an initial password (hashed by better-auth; never stored or logged in clear). */
export async function createUser(database: Db, actor: Actor, input: unknown): Promise<UserOutcome<{ userId: string }>> {
  const parsed = parse(createInput, input);
  if (!parsed.ok) return parsed;
  const { email, name, role, password } = parsed.value;
  // Hash before the transaction: scrypt is deliberately slow and must not hold the lock.
  const hash = await (await auth(database).$context).password.hash(password);
  return inUsersTransaction(database, async (tx, users) => {
    if (await users.findUserByEmail(email, { includeAccounts: false })) {
      return { ok: false, fieldErrors: { email: 'A user with this email already exists.' }, formError: 'Check the marked fields.' };
    }
    const user = await users.createUser({ email, name, emailVerified: true, role }, { method: 'admin' });
    await users.linkAccount({ userId: user.id, providerId: 'credential', accountId: user.id, password: hash });
    await recordAudit(tx, actor, {
      action: 'users.create',
      summary: `user ${email} created with the ${role} role`,
      changes: [{ section: 'users', key: email, op: 'added', after: auditView({ email, name, role, banned: false }) }],
    });
    return { ok: true, message: `${email} can now sign in as ${role}.`, userId: user.id };
  });
}

export async function setRole(database: Db, actor: Actor, input: unknown): Promise<UserOutcome> {
  const parsed = parse(roleInput, input);
  if (!parsed.ok) return parsed;
  const { userId: id, role } = parsed.value;
  return inUsersTransaction(database, async (tx, users) => {
    const target = await tx.user.findUnique({ where: { id }, select: TARGET });
    if (!target) return GONE;
    if (target.role === role) return { ok: true, message: `${target.email} already has the ${role} role.` };
    if (target.role === 'admin') {
      const refused = await protectAdmins(tx, actor, target, 'demote');
      if (refused) return refused;
    }
    await users.updateUser(id, { role });
    await recordAudit(tx, actor, {
      action: 'users.role',
      summary: `user ${target.email}: role ${target.role} -> ${role}`,
      changes: [{ section: 'users', key: target.email, op: 'changed', before: auditView(target), after: auditView({ ...target, role }) }],
    });
    return { ok: true, message: `${target.email} now has the ${role} role.` };
  });
}

/** Banning also ends every session of theirs, so it takes effect at once rather than when a session expires. */
export async function setBanned(database: Db, actor: Actor, input: unknown): Promise<UserOutcome> {
  const parsed = parse(banInput, input);
  if (!parsed.ok) return parsed;
  const { userId: id, banned } = parsed.value;
  return inUsersTransaction(database, async (tx, users) => {
    const target = await tx.user.findUnique({ where: { id }, select: TARGET });
    if (!target) return GONE;
    if (!!target.banned === banned) return { ok: true, message: `${target.email} is already ${banned ? 'banned' : 'allowed to sign in'}.` };
    if (banned) {
      const refused = await protectAdmins(tx, actor, target, 'ban');
      if (refused) return refused;
    }
    await users.updateUser(id, { banned, banReason: null, banExpires: null });
    if (banned) await users.deleteUserSessions(id);
    await recordAudit(tx, actor, {
      action: banned ? 'users.ban' : 'users.unban',
      summary: banned ? `user ${target.email} banned and signed out everywhere` : `user ${target.email} unbanned`,
      changes: [{ section: 'users', key: target.email, op: 'changed', before: auditView(target), after: auditView({ ...target, banned }) }],
    });
    return { ok: true, message: banned ? `${target.email} is banned and signed out everywhere.` : `${target.email} can sign in again.` };
  });
}

/** Sets a new password (a single sign-on user gets a local one too) and ends their sessions. */
export async function resetPassword(database: Db, actor: Actor, input: unknown): Promise<UserOutcome> {
  const parsed = parse(passwordInput, input);
  if (!parsed.ok) return parsed;
  const { userId: id, password } = parsed.value;
  const hash = await (await auth(database).$context).password.hash(password);
  return inUsersTransaction(database, async (tx, users) => {
    const target = await tx.user.findUnique({ where: { id }, select: TARGET });
    if (!target) return GONE;
    if (await users.findCredentialAccount(id)) await users.updatePassword(id, hash);
    else await users.linkAccount({ userId: id, providerId: 'credential', accountId: id, password: hash });
    await users.deleteUserSessions(id);
    await recordAudit(tx, actor, {
      action: 'users.password',
      summary: `user ${target.email}: password reset by an admin; their sessions ended`,
      // Only the fact, never the password or its hash.
      changes: [{ section: 'users', key: target.email, op: 'changed', after: { password: 'reset' } }],
    });
    return { ok: true, message: `${target.email} has a new password and was signed out everywhere.` };
  });
}

/** Deletes the account, its sessions and sign-in methods. Tokens they created stay (created by: nobody). */
export async function deleteUser(database: Db, actor: Actor, input: unknown): Promise<UserOutcome> {
  const parsed = parse(idInput, input);
  if (!parsed.ok) return parsed;
  const { userId: id } = parsed.value;
  return inUsersTransaction(database, async (tx, users) => {
    const target = await tx.user.findUnique({ where: { id }, select: TARGET });
    if (!target) return GONE;
    const refused = await protectAdmins(tx, actor, target, 'delete');
    if (refused) return refused;
    await users.deleteUser(id);
    await recordAudit(tx, actor, {
      action: 'users.delete',
      summary: `user ${target.email} deleted`,
      changes: [{ section: 'users', key: target.email, op: 'removed', before: auditView(target) }],
    });
    return { ok: true, message: `${target.email} was deleted.` };
  });
}

/** For first start and scripts: like createUser as the system, but throws instead of answering. */
export async function createLocalUser(
  database: Db,
  input: { email: string; name: string; role: string; password: string },
): Promise<string> {
  const result = await createUser(database, SYSTEM_ACTOR, input);
  if (!result.ok) {
    const fields = Object.entries(result.fieldErrors ?? {}).map(([field, message]) => `${field}: ${message}`);
    throw new Error(`cannot create user ${input.email}: ${fields.length > 0 ? fields.join(' ') : result.formError}`);
  }
  return result.userId;
}
