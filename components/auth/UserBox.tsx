'use client';
// Who is signed in, with which role, and the way out. A share link shows that it is one.
import { useRouter } from 'next/navigation';
import { useState } from 'react';
import { authClient } from '@/lib/auth/client';
import type { Actor } from '@/lib/auth/roles';

export function UserBox({ actor }: { actor: Pick<Actor, 'kind' | 'name' | 'role'> }) {
  const router = useRouter();
  const [busy, setBusy] = useState(false);
  return (
    <div className="border-t border-slate-200 px-6 py-4 text-xs text-slate-600">
      <p className="truncate font-medium text-slate-800" title={actor.name}>
        {actor.name}
      </p>
      <p>
        Role: <span data-testid="current-role">{actor.role}</span>
        {actor.kind === 'share' && ' (read-only share link)'}
      </p>
      {actor.kind === 'user' && (
        <button
          type="button"
          disabled={busy}
          className="mt-2 rounded border border-slate-300 px-2 py-1 text-slate-700 hover:bg-slate-100 disabled:opacity-50"
          onClick={async () => {
            setBusy(true);
            await authClient.signOut();
            router.push('/sign-in');
            router.refresh();
          }}
        >
          Sign out
        </button>
      )}
    </div>
  );
}
