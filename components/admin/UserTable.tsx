'use client';
// The users and what an admin can do to each: change the role, ban or unban, set a new password, delete (after
// a confirmation). The server refuses what would lock everyone out; the buttons for your own account are
// disabled here too, so you do not have to try to find out.
import { useState } from 'react';
import { deleteUserAction, resetPasswordAction, setBannedAction, setRoleAction } from '@/app/admin/actions';
import { ROLES } from '@/lib/auth/roles';
import { Badge } from '@/components/ui/Badge';
import { formatTime } from './format';
import { controlClass, dangerButton, fieldText, OutcomeMessage, primaryButton, secondaryButton, TextField, useServerAction } from './form-kit';

export interface UserView {
  id: string;
  email: string;
  name: string;
  role: string;
  banned: boolean;
  /** ISO times */
  createdAt: string;
  lastSeenAt: string | null;
  providers: string[];
  isYou: boolean;
}

const cell = 'px-3 py-2 align-top';

export function UserTable({ users }: { users: UserView[] }) {
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full text-sm">
        <caption className="sr-only">Users</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase">
          <tr>
            <th scope="col" className={cell}>User</th>
            <th scope="col" className={cell}>Role</th>
            <th scope="col" className={cell}>Status</th>
            <th scope="col" className={cell}>Signs in with</th>
            <th scope="col" className={cell}>Created</th>
            <th scope="col" className={cell}>Last seen</th>
            <th scope="col" className={cell}>Actions</th>
          </tr>
        </thead>
        {users.map((u) => (
          <UserRows key={u.id} user={u} />
        ))}
      </table>
    </div>
  );
}

type Panel = null | 'password' | 'delete';

/** One user: a row of facts and buttons, and below it the panel a button opened (password, delete). */
function UserRows({ user }: { user: UserView }) {
  const [role, setRole] = useState(user.role);
  const [panel, setPanel] = useState<Panel>(null);
  const roleChange = useServerAction(setRoleAction);
  const ban = useServerAction(setBannedAction);
  const password = useServerAction(resetPasswordAction);
  const remove = useServerAction(deleteUserAction);
  const pending = roleChange.pending || ban.pending || password.pending || remove.pending;
  const roleId = `role-${user.id}`;
  const self = user.isYou ? 'This is you: another admin can change your role, ban or delete you.' : undefined;
  // One message per row, by the user it concerns: starting an action clears the others' answers.
  const actions = [roleChange, ban, password, remove];
  const outcome = actions.find((a) => a.outcome)?.outcome ?? null;
  const only = (current: { reset(): void }) => actions.forEach((a) => a !== current && a.reset());

  return (
    <tbody className="border-b border-slate-100 last:border-b-0" data-testid={`user-${user.email}`}>
      <tr>
        <th scope="row" className={`${cell} text-left font-normal`}>
          <span className="font-medium text-slate-900">{user.email}</span>
          {user.isYou && <span className="ml-2"><Badge tone="accent">you</Badge></span>}
          <span className="block text-slate-600">{user.name}</span>
        </th>
        <td className={cell}>
          <form
            className="flex items-end gap-2"
            onSubmit={(e) => {
              e.preventDefault();
              only(roleChange);
              roleChange.run({ userId: user.id, role });
            }}
          >
            <div>
              <label htmlFor={roleId} className="sr-only">
                Role of {user.email}
              </label>
              <select id={roleId} value={role} onChange={(e) => setRole(e.target.value)} disabled={pending || user.isYou} title={self} className={`${controlClass} w-28`}>
                {!ROLES.includes(role as (typeof ROLES)[number]) && <option value={role}>{role} (unknown)</option>}
                {ROLES.map((r) => (
                  <option key={r} value={r}>
                    {r}
                  </option>
                ))}
              </select>
            </div>
            {role !== user.role && (
              <button type="submit" className={primaryButton} disabled={pending}>
                {roleChange.pending ? 'Saving…' : 'Save role'}
              </button>
            )}
          </form>
        </td>
        <td className={cell}>{user.banned ? <Badge tone="critical">banned</Badge> : <Badge tone="on">active</Badge>}</td>
        <td className={cell}>{user.providers.length ? user.providers.map((p) => (p === 'credential' ? 'password' : p)).join(', ') : 'nothing'}</td>
        <td className={`${cell} whitespace-nowrap`}>
          <time dateTime={user.createdAt}>{formatTime(user.createdAt)}</time>
        </td>
        <td className={`${cell} whitespace-nowrap`}>
          {user.lastSeenAt ? <time dateTime={user.lastSeenAt}>{formatTime(user.lastSeenAt)}</time> : 'never'}
        </td>
        <td className={cell}>
          <div className="flex flex-wrap gap-2">
            <button
              type="button"
              className={secondaryButton}
              disabled={pending || (user.isYou && !user.banned)}
              title={self}
              onClick={() => {
                only(ban);
                ban.run({ userId: user.id, banned: !user.banned });
              }}
            >
              {ban.pending ? 'Saving…' : user.banned ? 'Unban' : 'Ban'}
              <span className="sr-only"> {user.email}</span>
            </button>
            <button type="button" className={secondaryButton} disabled={pending} aria-expanded={panel === 'password'} onClick={() => setPanel(panel === 'password' ? null : 'password')}>
              Reset password…<span className="sr-only"> of {user.email}</span>
            </button>
            <button type="button" className={secondaryButton} disabled={pending || user.isYou} title={self} aria-expanded={panel === 'delete'} onClick={() => setPanel(panel === 'delete' ? null : 'delete')}>
              Delete…<span className="sr-only"> {user.email}</span>
            </button>
          </div>
          <div className="mt-2 max-w-xs">
            <OutcomeMessage outcome={outcome} />
          </div>
        </td>
      </tr>
      {panel === 'password' && (
        <tr>
          <td colSpan={7} className="bg-slate-50 px-3 py-3">
            <form
              noValidate
              className="flex flex-wrap items-end gap-3"
              onSubmit={(e) => {
                e.preventDefault();
                const form = e.currentTarget;
                only(password);
                password.run({ userId: user.id, password: fieldText(new FormData(form), 'password') }, () => setPanel(null));
              }}
            >
              <TextField
                label={`New password for ${user.email}`}
                name="password"
                type="password"
                autoComplete="new-password"
                required
                className="w-72"
                error={password.fieldErrors.password}
                hint={user.isYou ? 'At least 12 characters. You will be signed out and sign in again with it.' : 'At least 12 characters. They are signed out everywhere.'}
              />
              <button type="submit" className={primaryButton} disabled={pending}>
                {password.pending ? 'Saving…' : 'Set password'}
              </button>
              <button type="button" className={secondaryButton} disabled={pending} onClick={() => setPanel(null)}>
                Cancel
              </button>
            </form>
          </td>
        </tr>
      )}
      {panel === 'delete' && (
        <tr>
          <td colSpan={7} className="bg-red-50 px-3 py-3">
            <div className="flex flex-wrap items-center gap-3" role="group" aria-label={`Confirm deleting ${user.email}`}>
              <p className="text-sm text-red-900">
                Delete <strong>{user.email}</strong>? Their sessions and sign-in methods go too; API tokens they created keep
                working until revoked. This cannot be undone.
              </p>
              <button type="button" className={dangerButton} disabled={pending} onClick={() => {
                  only(remove);
                  remove.run({ userId: user.id }, () => setPanel(null));
                }}>
                {remove.pending ? 'Deleting…' : 'Delete user'}
              </button>
              <button type="button" className={secondaryButton} disabled={pending} onClick={() => setPanel(null)}>
                Cancel
              </button>
            </div>
          </td>
        </tr>
      )}
    </tbody>
  );
}
