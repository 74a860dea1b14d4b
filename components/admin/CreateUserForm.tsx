'use client';
// New local account: email, name, role and an initial password the admin hands over.
import { useRef } from 'react';
import { createUserAction } from '@/app/admin/actions';
import { ROLES, ROLE_DESCRIPTIONS } from '@/lib/auth/roles';
import { fieldText, OutcomeMessage, primaryButton, SelectField, TextField, useServerAction } from './form-kit';

const ROLE_OPTIONS = ROLES.map((r) => ({ value: r, label: `${r}: ${ROLE_DESCRIPTIONS[r]}` }));

export function CreateUserForm() {
  const form = useRef<HTMLFormElement>(null);
  const { pending, outcome, fieldErrors, run } = useServerAction(createUserAction);
  return (
    <form
      ref={form}
      // The server's messages, at the fields, rather than the browser's bubbles: one wording, one place.
      noValidate
      aria-labelledby="create-user-heading"
      className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-xs"
      onSubmit={(e) => {
        e.preventDefault();
        const data = new FormData(e.currentTarget);
        const input = { email: fieldText(data, 'email'), name: fieldText(data, 'name'), role: fieldText(data, 'role'), password: fieldText(data, 'password') };
        run(input, () => form.current?.reset());
      }}
    >
      <h2 id="create-user-heading" className="text-lg font-semibold text-slate-900">
        Add a user
      </h2>
      <div className="grid gap-4 sm:grid-cols-2">
        <TextField label="Email" name="email" type="email" autoComplete="off" required maxLength={254} error={fieldErrors.email} />
        <TextField label="Name" name="name" autoComplete="off" required maxLength={100} error={fieldErrors.name} />
        <SelectField label="Role" name="role" options={ROLE_OPTIONS} defaultValue="viewer" error={fieldErrors.role} />
        <TextField
          label="Initial password"
          name="password"
          type="password"
          autoComplete="new-password"
          required
          minLength={12}
          maxLength={256}
          error={fieldErrors.password}
          hint="At least 12 characters. Give it to them in person or through your password manager, not by email."
        />
      </div>
      <div className="flex flex-wrap items-center gap-4">
        <button type="submit" className={primaryButton} disabled={pending}>
          {pending ? 'Adding…' : 'Add user'}
        </button>
        <OutcomeMessage outcome={outcome} />
      </div>
    </form>
  );
}
