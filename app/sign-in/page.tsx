import type { Metadata } from 'next';
import { redirect } from 'next/navigation';
import { SignInForm } from '@/components/auth/SignInForm';
import { currentActor, safeNext } from '@/lib/auth/guard';
import { oidcSummary } from '@/lib/auth/oidc-config';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Sign in' };

export default async function SignInPage({ searchParams }: { searchParams: Promise<{ next?: string; error?: string }> }) {
  const { next, error } = await searchParams;
  const target = safeNext(next);
  const actor = await currentActor();
  if (actor && actor.kind === 'user') redirect(target);
  return (
    <div className="mx-auto mt-12 max-w-sm">
      <h1 className="mb-1 text-2xl font-semibold text-slate-900">Sign in</h1>
      <p className="mb-6 text-sm text-slate-600">to awoooi-monitor. Accounts are created by an admin.</p>
      <SignInForm next={target} sso={oidcSummary()} ssoError={error ?? null} />
    </div>
  );
}
