'use client';
// Create or edit one alert template. Every field is checked as you type with the import's own rules
// (checkDraft); the server checks again on save and its errors land at their fields. A template changed by
// someone else meanwhile gives the conflict panel; one still in use cannot be deleted (the refusal lists who
// uses it). Beside the form: who uses the template, and the rule the current draft gives one of them.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition, type ComponentProps, type FormEvent } from 'react';
import { deleteEntryAction, saveEntryAction } from '@/app/actions/registry';
import { checkDraft, DRAFT_FIELDS, draftFromEntry, type Draft, type Entry, type FieldErrors } from '@/lib/registry/entry-draft';
import { editHref, listHrefOf } from '@/lib/registry/entry-href';
import { SEVERITIES } from '@/lib/registry/model';
import { ConflictPanel, type Conflict } from './ConflictPanel';
import { DeleteTemplate } from './DeleteTemplate';
import { describedByField, FieldShell, fieldId, inputClass, primaryButton, secondaryButton, TextField } from './fields';
import { PromqlField } from './PromqlField';
import { TemplatePreview } from './TemplatePreview';
import { parseTemplateUsers, type TemplateUser } from '@/lib/templates/users';
import { UsedByList } from './used-by';

const SECTION = 'alert_templates';
const FIELDS = Object.keys(DRAFT_FIELDS[SECTION]);

interface Props {
  initialDraft: Draft;
  /** the key of the template being edited; absent when creating */
  originalKey?: string;
  /** the stored template as this page loaded it: sent back as `base`, so a change by someone else is noticed */
  base?: unknown;
  /** keys of the other templates (a new or renamed key must not be one of them) */
  takenKeys: string[];
  /** false for viewers: the form is read-only, the preview still works */
  canEdit: boolean;
  users: TemplateUser[];
  /** every service name and page path, for the preview's picker */
  services: string[];
  pages: string[];
  /** shown once after a redirect here (e.g. "Template created.") */
  notice?: string;
}

type Result = Awaited<ReturnType<typeof saveEntryAction>>;

export function TemplateForm({ initialDraft, originalKey, base, takenKeys, canEdit, users, services, pages, notice }: Props) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [draft, setDraft] = useState(initialDraft);
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [inUse, setInUse] = useState<TemplateUser[] | null>(null);
  const [conflict, setConflict] = useState<(Conflict & { mine: 'save' | 'delete' }) | null>(null);
  const [status, setStatus] = useState(notice ?? '');
  // after "keep mine" or "use theirs" the base is their version, until the page reloads the stored one
  const [baseOverride, setBaseOverride] = useState<{ value: unknown } | null>(null);
  const [editingKey, setEditingKey] = useState(originalKey);
  const currentBase = baseOverride ? baseOverride.value : base;

  const check = useMemo(() => checkDraft(SECTION, draft, { takenKeys }), [draft, takenKeys]);
  const errorOf = (field: string): string | undefined =>
    serverErrors[field] ?? ((touched[field] || submitted) && !check.ok ? check.errors[field] : undefined);

  function set(field: string, value: string) {
    setDraft((d) => ({ ...d, [field]: value }));
    setTouched((t) => (t[field] ? t : { ...t, [field]: true }));
    setServerErrors((e) => {
      if (!(field in e)) return e;
      const { [field]: _gone, ...rest } = e;
      return rest;
    });
  }
  const text = (field: string) => String(draft[field] ?? '');

  function focusFirstError(errors: FieldErrors) {
    const first = FIELDS.find((f) => f in errors);
    if (first) requestAnimationFrame(() => document.getElementById(fieldId(first))?.focus());
  }

  function clearOutcome() {
    setFormError(null);
    setInUse(null);
    setConflict(null);
    setStatus('');
  }

  function refused(result: Exclude<Result, { ok: true }>, mine: 'save' | 'delete', sentBase: unknown) {
    if (!('kind' in result)) return setFormError(result.formError); // not signed in, or not allowed
    switch (result.kind) {
      case 'invalid':
        setServerErrors(result.fieldErrors);
        setFormError(result.formError ?? (Object.keys(result.fieldErrors).length ? 'Not saved: see the fields marked below.' : 'Not saved.'));
        focusFirstError(result.fieldErrors);
        return;
      case 'conflict':
        setConflict({ message: result.message, theirs: result.theirs, yours: mine === 'save' ? result.yours : sentBase, mine });
        return;
      case 'in-use':
        setFormError(result.formError);
        setInUse(parseTemplateUsers(result.usedBy));
        return;
      case 'not-found':
        setFormError(result.formError);
        return;
    }
  }

  function save(key: string | undefined, withBase: unknown) {
    clearOutcome();
    startTransition(async () => {
      const result = await saveEntryAction({ section: SECTION, originalKey: key, base: key === undefined ? undefined : withBase, draft });
      // updates after an await belong to the transition only when wrapped again: the form stays busy until
      // the page has reloaded the stored version (the base of the next save)
      startTransition(() => {
        if (!result.ok) return refused(result, 'save', withBase);
        setServerErrors({});
        setBaseOverride(null);
        const savedKey = result.key ?? String(draft.key);
        if (key === undefined || savedKey !== key) {
          router.replace(`${editHref(SECTION, savedKey)}&saved=${key === undefined ? 'created' : 'renamed'}`);
        } else {
          setStatus(result.changed ? 'Saved.' : 'Saved (nothing had changed).');
          router.refresh();
        }
      });
    });
  }

  function remove(withBase: unknown) {
    if (editingKey === undefined) return;
    clearOutcome();
    const key = editingKey;
    startTransition(async () => {
      const result = await deleteEntryAction({ section: SECTION, key, base: withBase });
      startTransition(() => {
        if (result.ok) router.push(`${listHrefOf(SECTION)}?deleted=${encodeURIComponent(key)}`);
        else refused(result, 'delete', withBase);
      });
    });
  }

  function onSubmit(e: FormEvent) {
    e.preventDefault();
    setSubmitted(true);
    if (!check.ok) {
      setStatus('');
      setFormError('Not saved: see the fields marked below.');
      return focusFirstError(check.errors);
    }
    save(editingKey, currentBase);
  }

  function keepMine() {
    if (!conflict) return;
    const theirs = conflict.theirs;
    if (conflict.mine === 'delete') return remove(theirs);
    if (theirs === null) {
      setEditingKey(undefined); // it was deleted: create it again
      return save(undefined, undefined);
    }
    setBaseOverride({ value: theirs });
    save(editingKey, theirs);
  }

  function takeTheirs() {
    if (!conflict) return;
    if (conflict.theirs === null) return router.push(listHrefOf(SECTION));
    setDraft(draftFromEntry(SECTION, conflict.theirs as Entry<typeof SECTION>));
    setBaseOverride({ value: conflict.theirs });
    setServerErrors({});
    clearOutcome();
    setStatus('Their version is loaded into the form.');
  }

  const readOnly = !canEdit;
  const field = (name: string, label: string, extra: Partial<ComponentProps<typeof TextField>> = {}) => (
    <TextField name={name} label={label} value={text(name)} onChange={(v) => set(name, v)} error={errorOf(name)} readOnly={readOnly} {...extra} />
  );

  return (
    <div className="grid gap-8 xl:grid-cols-[minmax(0,3fr)_minmax(0,2fr)]">
      <form onSubmit={onSubmit} noValidate aria-label={editingKey ? `Alert template ${editingKey}` : 'New alert template'} className="space-y-5">
        {readOnly && <p className="rounded-md bg-slate-100 p-3 text-sm text-slate-700">You can view this template; changing it needs the editor role.</p>}
        {formError && (
          <div role="alert" className="rounded-md border border-red-300 bg-red-50 p-3 text-sm text-red-800">
            <p>{formError}</p>
            {inUse && (
              <div className="mt-2">
                <UsedByList users={inUse} />
              </div>
            )}
          </div>
        )}
        {conflict && <ConflictPanel conflict={conflict} busy={pending} mine={conflict.mine} onKeepMine={keepMine} onUseTheirs={takeTheirs} />}

        <div className="grid gap-4 sm:grid-cols-2">
          {field('key', 'Key', { required: true, mono: true, hint: 'snake_case, such as service_down: what services and pages list under alerts' })}
          {field('alert', 'Alert name', { required: true, mono: true, hint: 'the Prometheus alert name, such as ServiceDown' })}
        </div>
        <PromqlField value={text('expr')} onChange={(v) => set('expr', v)} error={errorOf('expr')} showProblems={Boolean(touched.expr || submitted)} readOnly={readOnly} />
        <div className="grid gap-4 sm:grid-cols-2">
          {field('for', 'For', { required: true, mono: true, hint: 'how long it must hold before firing, such as 5m' })}
          <FieldShell name="severity" label="Severity" error={errorOf('severity')} required>
            <select
              id={fieldId('severity')}
              name="severity"
              value={text('severity')}
              onChange={(e) => set('severity', e.target.value)}
              disabled={readOnly}
              aria-invalid={errorOf('severity') ? true : undefined}
              aria-describedby={describedByField('severity', false, errorOf('severity'))}
              className={inputClass}
            >
              {SEVERITIES.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </FieldShell>
        </div>
        {field('summary', 'Summary', { required: true, hint: 'one line; may use {{ $labels.name }} and {{ $value }}' })}
        <div className="grid gap-4 sm:grid-cols-2">
          {field('auto_repair', 'Auto repair', { mono: true, hint: 'optional action id, such as restart_pod' })}
          {field('runbook_url', 'Runbook URL', { type: 'url', hint: 'optional http(s) link' })}
        </div>

        {canEdit && (
          <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-4">
            <button type="submit" className={primaryButton} disabled={pending}>
              {pending ? 'Saving…' : editingKey ? 'Save changes' : 'Create template'}
            </button>
            <Link href={listHrefOf(SECTION)} className={`${secondaryButton} no-underline hover:no-underline`}>
              Back to the list
            </Link>
            {editingKey && (
              <span className="ml-auto">
                <DeleteTemplate templateKey={editingKey} usedBy={users.length} busy={pending} onConfirm={() => remove(currentBase)} />
              </span>
            )}
          </div>
        )}
        <p role="status" className="min-h-5 text-sm text-emerald-800">
          {pending ? '' : status}
        </p>
      </form>

      <div className="space-y-8">
        {editingKey && (
          <section aria-labelledby="template-used-by">
            <h2 id="template-used-by" className="mb-2 text-base font-semibold text-slate-900">
              Used by
            </h2>
            <UsedByList users={users} />
          </section>
        )}
        <section aria-labelledby="template-preview">
          <h2 id="template-preview" className="mb-2 text-base font-semibold text-slate-900">
            Preview of the generated rule
          </h2>
          <TemplatePreview draft={draft} draftOk={check.ok} users={users} services={services} pages={pages} />
        </section>
      </div>
    </div>
  );
}
