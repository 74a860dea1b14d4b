import type { Metadata } from 'next';
import { headers } from 'next/headers';
import { requirePageRole } from '@/lib/auth/guard';
import { listTokens, type TokenRow } from '@/lib/auth/tokens';
import { db } from '@/lib/db/client';
import { PageHeader } from '@/components/ui/PageHeader';
import { CreateTokenForm } from '@/components/admin/CreateTokenForm';
import { TokenTable, type TokenView } from '@/components/admin/TokenTable';
import { iso } from '@/components/admin/format';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'API tokens & share links' };

/** This site's address as the browser reached it (behind a proxy: its X-Forwarded-* headers), for the share URLs. */
async function requestOrigin(): Promise<string> {
  const h = await headers();
  const first = (name: string) => h.get(name)?.split(',')[0]?.trim() || null;
  const given = first('x-forwarded-host') ?? first('host');
  // Only a host[:port]: anything else would make a broken (or misleading) address.
  const host = given && /^[A-Za-z0-9.-]+(:\d{1,5})?$|^\[[0-9A-Fa-f:.]+\](:\d{1,5})?$/.test(given) ? given : 'localhost';
  const proto = first('x-forwarded-proto') ?? (process.env.BETTER_AUTH_URL?.startsWith('https:') ? 'https' : 'http');
  return `${proto === 'https' ? 'https' : 'http'}://${host}`;
}

function view(t: TokenRow, now: number): TokenView {
  const state = t.revokedAt ? 'revoked' : t.expiresAt && t.expiresAt.getTime() <= now ? 'expired' : 'active';
  return {
    id: t.id,
    name: t.name,
    role: t.role,
    prefix: t.prefix,
    createdBy: t.createdBy,
    createdAt: iso(t.createdAt)!,
    lastUsedAt: iso(t.lastUsedAt),
    expiresAt: iso(t.expiresAt),
    revokedAt: iso(t.revokedAt),
    state,
  };
}

export default async function TokensPage() {
  await requirePageRole('admin', '/admin/tokens');
  const [origin, apiTokens, shareLinks] = await Promise.all([requestOrigin(), listTokens(db(), 'api'), listTokens(db(), 'share')]);
  const now = Date.now();

  return (
    <>
      <PageHeader
        title="API tokens & share links"
        description="Tokens let the CLI and CI call the API with a role; share links show the app read-only on a wall screen. Each is shown once when created and stored only as a hash. Revoking one stops it at once."
      />
      <div className="flex flex-col gap-10">
        <section aria-labelledby="api-tokens" className="flex flex-col gap-4">
          <h2 id="api-tokens" className="text-lg font-semibold text-slate-900">
            API tokens
          </h2>
          <div className="text-sm text-slate-700">
            <p>Send the token in the Authorization header of each request, for example:</p>
            <pre className="mt-2 overflow-x-auto rounded-md bg-slate-900 px-3 py-2 font-mono text-xs text-slate-100">
              <code>{`curl -H "Authorization: Bearer awm_…" ${origin}/api/v1/registry`}</code>
            </pre>
          </div>
          <CreateTokenForm kind="api" origin={origin} />
          <TokenTable kind="api" tokens={apiTokens.map((t) => view(t, now))} />
        </section>
        <section aria-labelledby="share-links" className="flex flex-col gap-4">
          <h2 id="share-links" className="text-lg font-semibold text-slate-900">
            Share links
          </h2>
          <p className="text-sm text-slate-700">
            A share link opens a page of this site as a read-only viewer, without signing in. Its token moves from the address
            into a cookie on first visit, so it does not stay in the address bar.
          </p>
          <CreateTokenForm kind="share" origin={origin} />
          <TokenTable kind="share" tokens={shareLinks.map((t) => view(t, now))} />
        </section>
      </div>
    </>
  );
}
