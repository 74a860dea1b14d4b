'use client';
// Email + password through better-auth's endpoint (rate-limited per address: too many attempts -> 429),
// and the single sign-on button when OIDC is configured.
import { useRouter } from 'next/navigation';
import { useId, useState, type FormEvent } from 'react';
import { authClient } from '@/lib/auth/client';
import type { OidcSummary } from '@/lib/auth/oidc-config';

export function SignInForm({ next, sso, ssoError }: { next: string; sso: OidcSummary | null; ssoError: string | null }) {
  const router = useRouter();
  const ids = { email: useId(), password: useId(), error: useId() };
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(ssoError ? `Single sign-on failed (${ssoError}).` : null);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const { error: failure } = await authClient.signIn.email({
      email: String(form.get('email') ?? '').trim(),
      password: String(form.get('password') ?? ''),
    });
    if (failure) {
      setBusy(false);
      setError(
        failure.status === 429
          ? 'Too many sign-in attempts from here. Wait a minute, then try again.'
          : failure.status === 401 || failure.status === 400
            ? 'Wrong email or password.'
            : `Sign-in failed: ${failure.message ?? failure.statusText}`,
      );
      return;
    }
    router.replace(next);
    router.refresh();
  }

  return (
    <div className="rounded-lg border border-slate-200 bg-white p-6 shadow-sm">
      <form onSubmit={submit} aria-describedby={error ? ids.error : undefined} className="flex flex-col gap-4">
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.email} className="text-sm font-medium text-slate-800">
            Email
          </label>
          <input id={ids.email} name="email" type="email" autoComplete="username" required className="rounded-md border border-slate-300 px-3 py-2 text-sm" />
        </div>
        <div className="flex flex-col gap-1">
          <label htmlFor={ids.password} className="text-sm font-medium text-slate-800">
            Password
          </label>
          <input
            id={ids.password}
            name="password"
            type="password"
            autoComplete="current-password"
            required
            className="rounded-md border border-slate-300 px-3 py-2 text-sm"
          />
        </div>
        {error && (
          <p id={ids.error} role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-sm text-red-800">
            {error}
          </p>
        )}
        <button type="submit" disabled={busy} className="rounded-md bg-indigo-700 px-4 py-2 text-sm font-medium text-white hover:bg-indigo-800 disabled:opacity-50">
          {busy ? 'Signing in…' : 'Sign in'}
        </button>
      </form>
      {sso && (
        <div className="mt-4 border-t border-slate-200 pt-4">
          <button
            type="button"
            disabled={busy}
            className="w-full rounded-md border border-slate-300 px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-50 disabled:opacity-50"
            onClick={async () => {
              setBusy(true);
              const { error: failure } = await authClient.signIn.social({
                provider: sso.providerId,
                callbackURL: next,
                errorCallbackURL: `/sign-in?next=${encodeURIComponent(next)}`,
              });
              if (failure) {
                setBusy(false);
                setError(`Single sign-on could not start: ${failure.message ?? failure.statusText}`);
              }
            }}
          >
            Sign in with {sso.name}
          </button>
        </div>
      )}
    </div>
  );
}
