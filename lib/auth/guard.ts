// The server-side role checks. Every page, route handler and server action calls one of these first:
//   pages:    await requirePageRole('viewer', '/services')   anonymous -> sign-in page; too low -> 403 page
//   routes:   const who = await requireRouteRole(request, 'editor'); if (who instanceof Response) return who;
//   actions:  defineAction('editor', handler) in ./action.ts
import { headers } from 'next/headers';
import { forbidden, redirect } from 'next/navigation';
import { db, type Db } from '../db/client';
import { json } from '../http/responses';
import { identifyCaller, type Caller } from './actor';
import { roleAllows, type Actor, type Role } from './roles';

export const ROLE_NEEDED_MESSAGE = (needed: Role, actor: Actor) =>
  `this needs the ${needed} role; you are signed in as ${actor.name} with the ${actor.role} role`;

const REASONS: Record<Exclude<Caller, { ok: true }>['reason'], string> = {
  anonymous: 'sign in, or send an API token as "Authorization: Bearer <token>"',
  'invalid-token': 'the API token is unknown, revoked or expired',
  'invalid-share': 'the share link is unknown, revoked or expired',
};

/** The caller of the current page or server action, or null when anonymous. */
export async function currentActor(database: Db = db()): Promise<Actor | null> {
  const caller = await identifyCaller(await headers(), database);
  return caller.ok ? caller.actor : null;
}

/** For server components: the actor, or a redirect to sign in, or Next's 403 page (app/forbidden.tsx). */
export async function requirePageRole(needed: Role, from: string): Promise<Actor> {
  const actor = await currentActor();
  if (!actor) redirect(`/sign-in?next=${encodeURIComponent(safeNext(from))}`);
  if (!roleAllows(actor.role, needed)) forbidden();
  return actor;
}

/** For route handlers: the actor, or the 401/403 JSON response to return. */
export async function requireRouteRole(request: Request, needed: Role, database: Db = db()): Promise<Actor | Response> {
  const caller = await identifyCaller(request.headers, database);
  if (!caller.ok) {
    return json({ error: REASONS[caller.reason] }, 401, { 'www-authenticate': 'Bearer realm="awoooi-monitor"' });
  }
  if (!roleAllows(caller.actor.role, needed)) return json({ error: ROLE_NEEDED_MESSAGE(needed, caller.actor) }, 403);
  return caller.actor;
}

/** Only same-site paths, so `?next=` cannot send someone to another site after signing in. */
export function safeNext(value: string | null | undefined): string {
  if (!value || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  return value;
}
