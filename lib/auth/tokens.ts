// API tokens (CLI, CI) and read-only share links (wall screen): create (shown once), list, revoke, resolve.
import type { Db } from '../db/client';
import { recordAudit } from '../audit/record';
import { hashToken, looksLikeToken, newToken, type TokenKind } from './token-format';
import { isRole, type Actor, type Role } from './roles';

export interface TokenRow {
  id: number;
  kind: TokenKind;
  name: string;
  role: Role;
  prefix: string;
  createdBy: string | null;
  createdAt: Date;
  lastUsedAt: Date | null;
  expiresAt: Date | null;
  revokedAt: Date | null;
}

export interface CreateTokenInput {
  kind: TokenKind;
  name: string;
  /** ignored for share links, which are always viewer */
  role: Role;
  /** days until it stops working; none = until revoked */
  expiresInDays?: number;
}

export class TokenInputError extends Error {
  constructor(
    readonly field: 'name' | 'role' | 'expiresInDays',
    message: string,
  ) {
    super(message);
  }
}

const NAME_RE = /^[\p{L}\p{N}][\p{L}\p{N} ._:/-]{0,79}$/u;

export function checkTokenInput(input: CreateTokenInput): CreateTokenInput {
  const name = input.name.trim();
  if (!NAME_RE.test(name)) {
    throw new TokenInputError('name', 'a name of 1 to 80 letters, digits, spaces or . _ : / - (such as "ci deploy")');
  }
  const role: Role = input.kind === 'share' ? 'viewer' : input.role;
  if (!isRole(role)) throw new TokenInputError('role', 'one of viewer, editor, admin');
  const days = input.expiresInDays;
  if (days !== undefined && (!Number.isInteger(days) || days < 1 || days > 3650)) {
    throw new TokenInputError('expiresInDays', 'a whole number of days from 1 to 3650, or empty for no expiry');
  }
  return { kind: input.kind, name, role, expiresInDays: days };
}

/** Creates a token; the returned `token` is the only time anyone sees it. */
export async function createToken(db: Db, actor: Actor, raw: CreateTokenInput): Promise<{ token: string; row: TokenRow }> {
  const input = checkTokenInput(raw);
  const { token, hash, prefix } = newToken(input.kind);
  const expiresAt = input.expiresInDays ? new Date(Date.now() + input.expiresInDays * 86_400_000) : null;
  const row = await db.$transaction(async (tx) => {
    const created = await tx.apiToken.create({
      data: {
        kind: input.kind,
        name: input.name,
        role: input.role,
        tokenHash: hash,
        prefix,
        expiresAt,
        createdById: actor.kind === 'user' ? actor.id : null,
      },
      include: { createdBy: { select: { email: true } } },
    });
    const view = toRow(created);
    await recordAudit(tx, actor, {
      action: 'tokens.create',
      summary: `${input.kind === 'share' ? 'share link' : `${input.role} API token`} "${input.name}" created`,
      changes: [{ section: 'tokens', key: String(created.id), op: 'added', after: auditView(view) }],
    });
    return view;
  });
  return { token, row };
}

export async function listTokens(db: Db, kind?: TokenKind): Promise<TokenRow[]> {
  const rows = await db.apiToken.findMany({
    where: kind ? { kind } : undefined,
    include: { createdBy: { select: { email: true } } },
    orderBy: [{ revokedAt: { sort: 'desc', nulls: 'first' } }, { createdAt: 'desc' }],
  });
  return rows.map(toRow);
}

export async function revokeToken(db: Db, actor: Actor, id: number): Promise<TokenRow | null> {
  return db.$transaction(async (tx) => {
    const existing = await tx.apiToken.findUnique({ where: { id }, include: { createdBy: { select: { email: true } } } });
    if (!existing) return null;
    if (existing.revokedAt) return toRow(existing);
    const updated = await tx.apiToken.update({
      where: { id },
      data: { revokedAt: new Date() },
      include: { createdBy: { select: { email: true } } },
    });
    await recordAudit(tx, actor, {
      action: 'tokens.revoke',
      summary: `${existing.kind === 'share' ? 'share link' : 'API token'} "${existing.name}" revoked`,
      changes: [{ section: 'tokens', key: String(id), op: 'changed', before: auditView(toRow(existing)), after: auditView(toRow(updated)) }],
    });
    return toRow(updated);
  });
}

/**
 * The actor a presented token stands for, or null when it is unknown, revoked or expired. Records when it was
 * last used (at most once a minute per token, so a busy CI does not write on every call).
 */
export async function resolveToken(db: Db, token: string, kinds: readonly TokenKind[]): Promise<Actor | null> {
  if (!looksLikeToken(token)) return null;
  const row = await db.apiToken.findUnique({ where: { tokenHash: hashToken(token) } });
  if (!row || row.revokedAt || !kinds.includes(row.kind) || !isRole(row.role)) return null;
  const now = Date.now();
  if (row.expiresAt && row.expiresAt.getTime() <= now) return null;
  if (!row.lastUsedAt || now - row.lastUsedAt.getTime() > 60_000) {
    await db.apiToken.update({ where: { id: row.id }, data: { lastUsedAt: new Date(now) } }).catch(() => undefined);
  }
  return {
    kind: row.kind === 'share' ? 'share' : 'token',
    id: String(row.id),
    name: `${row.kind === 'share' ? 'share link' : 'token'} ${row.name}`,
    role: row.kind === 'share' ? 'viewer' : row.role,
  };
}

type Stored = Awaited<ReturnType<Db['apiToken']['findUnique']>> & { createdBy?: { email: string } | null };

function toRow(row: NonNullable<Stored>): TokenRow {
  return {
    id: row.id,
    kind: row.kind,
    name: row.name,
    role: isRole(row.role) ? row.role : 'viewer',
    prefix: row.prefix,
    createdBy: row.createdBy?.email ?? null,
    createdAt: row.createdAt,
    lastUsedAt: row.lastUsedAt,
    expiresAt: row.expiresAt,
    revokedAt: row.revokedAt,
  };
}

/** What the audit log keeps of a token: never its value or hash. */
function auditView(row: TokenRow) {
  return {
    kind: row.kind,
    name: row.name,
    role: row.role,
    prefix: row.prefix,
    expires_at: row.expiresAt?.toISOString() ?? null,
    revoked_at: row.revokedAt?.toISOString() ?? null,
  };
}
