'use client';
// API tokens or share links: what each is (never its value: only the first characters), who made it, when it
// was last used, and a revoke button that asks first. A revoked one stays listed, so the audit trail reads.
import { useState } from 'react';
import { revokeTokenAction } from '@/app/admin/actions';
import { Badge } from '@/components/ui/Badge';
import { formatTime } from './format';
import { dangerButton, OutcomeMessage, secondaryButton, useServerAction } from './form-kit';

export interface TokenView {
  id: number;
  name: string;
  role: string;
  prefix: string;
  createdBy: string | null;
  /** ISO times */
  createdAt: string;
  lastUsedAt: string | null;
  expiresAt: string | null;
  revokedAt: string | null;
  /** decided on the server, at render time */
  state: 'active' | 'expired' | 'revoked';
}

const cell = 'px-3 py-2 align-top';

export function TokenTable({ kind, tokens }: { kind: 'api' | 'share'; tokens: TokenView[] }) {
  const noun = kind === 'api' ? 'API tokens' : 'share links';
  if (tokens.length === 0) return <p className="text-sm text-slate-600">No {noun} yet.</p>;
  return (
    <div className="overflow-x-auto rounded-lg border border-slate-200 bg-white shadow-xs">
      <table className="min-w-full text-sm">
        <caption className="sr-only">{kind === 'api' ? 'API tokens' : 'Share links'}</caption>
        <thead className="border-b border-slate-200 bg-slate-50 text-left text-xs font-semibold tracking-wide text-slate-700 uppercase">
          <tr>
            <th scope="col" className={cell}>Name</th>
            <th scope="col" className={cell}>Starts with</th>
            <th scope="col" className={cell}>Role</th>
            <th scope="col" className={cell}>Created by</th>
            <th scope="col" className={cell}>Created</th>
            <th scope="col" className={cell}>Last used</th>
            <th scope="col" className={cell}>Expires</th>
            <th scope="col" className={cell}>Status</th>
            <th scope="col" className={cell}>Actions</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100">
          {tokens.map((t) => (
            <TokenRow key={t.id} token={t} noun={kind === 'api' ? 'API token' : 'share link'} />
          ))}
        </tbody>
      </table>
    </div>
  );
}

const STATE_TONE = { active: 'on', expired: 'warning', revoked: 'neutral' } as const;

function TokenRow({ token: t, noun }: { token: TokenView; noun: string }) {
  const [confirming, setConfirming] = useState(false);
  const revoke = useServerAction(revokeTokenAction);
  const time = (iso: string | null, none: string) => (iso ? <time dateTime={iso}>{formatTime(iso)}</time> : none);
  return (
    <tr data-testid={`token-${t.id}`}>
      <th scope="row" className={`${cell} text-left font-medium text-slate-900`}>
        {t.name}
      </th>
      <td className={cell}>
        <code className="font-mono text-xs">{t.prefix}…</code>
      </td>
      <td className={cell}>{t.role}</td>
      <td className={cell}>{t.createdBy ?? <span className="text-slate-500">(deleted user or system)</span>}</td>
      <td className={`${cell} whitespace-nowrap`}>{time(t.createdAt, '')}</td>
      <td className={`${cell} whitespace-nowrap`}>{time(t.lastUsedAt, 'never')}</td>
      <td className={`${cell} whitespace-nowrap`}>{time(t.expiresAt, 'never')}</td>
      <td className={`${cell} whitespace-nowrap`}>
        <Badge tone={STATE_TONE[t.state]}>{t.state}</Badge>
        {t.revokedAt && <span className="block text-xs text-slate-600">{time(t.revokedAt, '')}</span>}
      </td>
      <td className={cell}>
        {t.state !== 'revoked' &&
          (confirming ? (
            <div role="group" aria-label={`Confirm revoking ${t.name}`} className="flex flex-col gap-2">
              <p className="max-w-xs text-sm text-red-900">Revoke &quot;{t.name}&quot;? Whatever uses it stops working at once.</p>
              <div className="flex gap-2">
                <button type="button" className={dangerButton} disabled={revoke.pending} onClick={() => revoke.run({ id: t.id }, () => setConfirming(false))}>
                  {revoke.pending ? 'Revoking…' : `Revoke ${noun}`}
                </button>
                <button type="button" className={secondaryButton} disabled={revoke.pending} onClick={() => setConfirming(false)}>
                  Cancel
                </button>
              </div>
            </div>
          ) : (
            <button type="button" className={secondaryButton} onClick={() => setConfirming(true)}>
              Revoke…<span className="sr-only"> {t.name}</span>
            </button>
          ))}
        <div className="mt-1 max-w-xs">
          <OutcomeMessage outcome={revoke.outcome} />
        </div>
      </td>
    </tr>
  );
}
