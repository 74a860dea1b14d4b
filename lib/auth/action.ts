// Server actions with their role check built in. `defineAction('editor', handler)` gives the function a
// "use server" file exports; the check runs on the server before the handler, on every call.
// `requiredRole` and `runAs` let the role-matrix test call every action as every role.
import { db, type Db } from '../db/client';
import { currentActor, ROLE_NEEDED_MESSAGE } from './guard';
import type { Denied } from './denied';
import { roleAllows, type Actor, type Role } from './roles';

export { isDenied, type Denied } from './denied';

export type GuardedAction<Args extends unknown[], Result> = ((...args: Args) => Promise<Result | Denied>) & {
  requiredRole: Role;
  /** the same action for a given caller (null = anonymous), with a given database */
  runAs(actor: Actor | null, database: Db): (...args: Args) => Promise<Result | Denied>;
};

export function defineAction<Args extends unknown[], Result>(
  requiredRole: Role,
  handler: (ctx: { actor: Actor; db: Db }, ...args: Args) => Promise<Result>,
): GuardedAction<Args, Result> {
  const run = (actor: Actor | null, database: Db) => async (...args: Args): Promise<Result | Denied> => {
    if (!actor) return { ok: false, status: 401, formError: 'You are not signed in (or your session ended). Sign in again.' };
    if (!roleAllows(actor.role, requiredRole)) {
      return { ok: false, status: 403, formError: `Not allowed: ${ROLE_NEEDED_MESSAGE(requiredRole, actor)}.` };
    }
    return handler({ actor, db: database }, ...args);
  };
  const action = async (...args: Args) => {
    const database = db();
    return run(await currentActor(database), database)(...args);
  };
  return Object.assign(action, { requiredRole, runAs: run });
}
