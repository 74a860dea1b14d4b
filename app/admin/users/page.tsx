import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { ROLE_DESCRIPTIONS, ROLES } from '@/lib/auth/roles';
import { listUsers } from '@/lib/auth/users';
import { db } from '@/lib/db/client';
import { PageHeader } from '@/components/ui/PageHeader';
import { CreateUserForm } from '@/components/admin/CreateUserForm';
import { UserTable, type UserView } from '@/components/admin/UserTable';
import { iso } from '@/components/admin/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Users' };

export default async function UsersPage() {
  const actor = await requirePageRole('admin', '/admin/users');
  const users: UserView[] = (await listUsers(db())).map((u) => ({
    id: u.id,
    email: u.email,
    name: u.name,
    role: u.role,
    banned: u.banned,
    createdAt: iso(u.createdAt)!,
    lastSeenAt: iso(u.lastSeenAt),
    providers: u.providers,
    isYou: actor.kind === 'user' && actor.id === u.id,
  }));

  return (
    <>
      <PageHeader
        title="Users"
        description="Who can sign in, and with which role. Banning or a new password signs the user out everywhere at once. Every change is in the audit log."
      />
      <dl className="mb-6 grid gap-2 text-sm sm:grid-cols-3">
        {ROLES.map((r) => (
          <div key={r} className="rounded-md border border-slate-200 bg-white px-3 py-2">
            <dt className="font-medium text-slate-900">{r}</dt>
            <dd className="text-slate-600">{ROLE_DESCRIPTIONS[r]}</dd>
          </div>
        ))}
      </dl>
      <div className="flex flex-col gap-8">
        <UserTable users={users} />
        <CreateUserForm />
      </div>
    </>
  );
}
