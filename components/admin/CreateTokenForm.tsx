'use client';
// Create an API token or a share link, then show it ONCE: only its hash is stored, so after "Done" (or a
// reload) nobody can see it again. It lives in this component's state only, never in the page's data.
import { useId, useRef, useState } from 'react';
import { createTokenAction, type CreateTokenResult } from '@/app/admin/actions';
import { shareUrl } from '@/app/admin/share-link';
import { ROLES, ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import { fieldText, OutcomeMessage, primaryButton, secondaryButton, SelectField, TextField, useServerAction } from './form-kit';

type Kind = 'api' | 'share';
type Created = Extract<CreateTokenResult, { ok: true }>;

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: `${r}: ${ROLE_DESCRIPTIONS[r]}` }));

export function CreateTokenForm({ kind, origin }: { kind: Kind; origin: string }) {
  const form = useRef<HTMLFormElement>(null);
  const [created, setCreated] = useState<Created | null>(null);
  const { pending, outcome, fieldErrors, run, reset } = useServerAction(createTokenAction);
  const noun = kind === 'api' ? 'API token' : 'share link';
  const headingId = useId();

  if (created) {
    const secret = kind === 'share' ? shareUrl(origin, created.path ?? '/', created.token) : created.token;
    return (
      <OneTimeSecret
        label={kind === 'share' ? `Share link "${created.row.name}"` : `API token "${created.row.name}" (${created.row.role})`}
        value={secret}
        onDone={() => {
          setCreated(null);
          reset();
        }}
      />
    );
  }

  return (
    <form
      ref={form}
      noValidate
      aria-labelledby={headingId}
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-xs"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        run(
          {
            kind,
            name: fieldText(data, 'name'),
            role: kind === 'api' ? fieldText(data, 'role') : undefined,
            expiresInDays: fieldText(data, 'expiresInDays'),
            path: kind === 'share' ? fieldText(data, 'path') : undefined,
          },
          (result) => {
            if (result.ok) setCreated(result);
          },
        );
      }}
    >
      <h3 id={headingId} className="text-base font-semibold text-slate-900">
        New {noun}
      </h3>
      <div className="grid gap-4 sm:grid-cols-3">
        <TextField
          label="Name"
          name="name"
          required
          maxLength={80}
          autoComplete="off"
          error={fieldErrors.name}
          hint={kind === 'api' ? 'Who uses it, such as "ci deploy".' : 'Where it is shown, such as "wall tv".'}
        />
        {kind === 'api' ? (
          <SelectField label="Role" name="role" options={ROLE_OPTIONS} defaultValue="viewer" error={fieldErrors.role} />
        ) : (
          <TextField label="Page to open" name="path" defaultValue="/" maxLength={500} autoComplete="off" error={fieldErrors.path} hint="A path on this site, such as / or /services." />
        )}
        <TextField
          label="Expires after (days)"
          name="expiresInDays"
          type="number"
          inputMode="numeric"
          min={1}
          max={3650}
          error={fieldErrors.expiresInDays}
          hint="Empty: works until revoked."
        />
      </div>
      {kind === 'share' && <p className="text-sm text-slate-600">Anyone with the link can read every page as a viewer, without signing in, until you revoke it.</p>}
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? 'Creating…' : `Create ${noun}`}
        </button>
        <OutcomeMessage outcome={outcome} />
      </div>
    </form>
  );
}

/** The new token or link, with a copy button and the warning that this is the only time it is shown. */
function OneTimeSecret({ label, value, onDone }: { label: string; value: string; onDone: () => void }) {
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<null | 'yes' | 'no'>(null);
  const id = useId();

  async function copy() {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // The clipboard API needs https (or localhost); elsewhere select the text so Ctrl+C copies it.
      input.current?.select();
      setCopied(document.execCommand?.('copy') ? 'yes' : 'no');
    }
  }

  return (
    <section aria-labelledby={`${id}-heading`} className="flex flex-col gap-3 rounded-lg border border-amber-300 bg-amber-50 p-5" data-testid="new-secret">
      <h3 id={`${id}-heading`} className="text-base font-semibold text-amber-950">
        {label} created
      </h3>
      <p className="text-sm font-medium text-amber-950">Copy it now: it will not be shown again. Only its hash is stored.</p>
      <div className="flex flex-wrap items-end gap-2">
        <div className="min-w-0 flex-1">
          <label htmlFor={id} className="block text-sm font-medium text-slate-800">
            {label}
          </label>
          <input
            ref={input}
            id={id}
            readOnly
            // Focus lands here (and selects it) when the form gives way to it, for keyboard and screen-reader users.
            autoFocus
            value={value}
            onFocus={(e) => e.currentTarget.select()}
            className="mt-1 block w-full rounded-md border border-slate-300 bg-white px-2.5 py-1.5 font-mono text-sm text-slate-900"
          />
        </div>
        <button type="button" className={primaryButton} onClick={copy}>
          Copy
        </button>
        <button type="button" className={secondaryButton} onClick={onDone}>
          Done
        </button>
      </div>
      <p role="status" className="text-sm text-amber-950">
        {copied === 'yes' ? 'Copied to the clipboard.' : copied === 'no' ? 'Could not copy: the text is selected, press Ctrl+C (⌘C).' : ''}
      </p>
    </section>
  );
}
