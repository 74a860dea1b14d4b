// Who may do what: three roles, each including the ones below it. Pure, so pages, actions, routes and the
// role-matrix test all read the same table.
export const ROLES = ['viewer', 'editor', 'admin'] as const;
export type Role = (typeof ROLES)[number];

export const ROLE_DESCRIPTIONS: Record<Role, string> = {
  viewer: 'reads everything; changes nothing',
  editor: 'changes the registry (services, pages, endpoints, templates, owners, imports)',
  admin: 'also manages users, API tokens, share links and settings',
};

const RANK: Record<Role, number> = { viewer: 0, editor: 1, admin: 2 };

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}

/** Whether `role` may do what `needed` may do. Unknown roles (a hand-edited row) may do nothing. */
export function roleAllows(role: string | null | undefined, needed: Role): boolean {
  return isRole(role) && RANK[role] >= RANK[needed];
}

/** Who did something: a signed-in user, an API token, a share link, or the app itself (first start). */
export interface Actor {
  kind: 'user' | 'token' | 'share' | 'system';
  /** user id or token id */
  id: string | null;
  /** what the audit log shows: an email, "token ci-deploy", "share wall-tv", "system" */
  name: string;
  role: Role;
}

export const SYSTEM_ACTOR: Actor = { kind: 'system', id: null, name: 'system', role: 'admin' };
