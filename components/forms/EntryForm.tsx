'use client';
// The create/edit form of one registry entry. Validates as you type with checkDraft (the import's own checks),
// saves through the server action (which checks again, authoritatively), and handles every refusal in place:
// field errors at their fields, form errors on top, conflicts side by side, in-use deletes with their users.
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useRef, useState, useTransition, type FormEvent } from 'react';
import { saveEntryAction } from '@/app/actions/registry';
import { checkDraft, draftFromEntry, emptyDraft, IDENTITY_FIELDS, type Draft, type DraftValue, type FieldErrors } from '@/lib/registry/entry-draft';
import { listHrefOf } from '@/lib/registry/entry-href';
import { formErrorOf, isDenial, UNREACHABLE, type ActionResult, type ConflictResult } from './action-result';
import { ConflictPanel, type Conflict } from './ConflictPanel';
import { DeleteEntryButton } from './DeleteEntryButton';
import type { FormApi } from './Field';
import { fieldShown, labelOf, NOUN, type FormSection } from './form-sections';
import { SectionFields, type FieldOptions } from './SectionFields';
import { card, errorBox, primaryButton, secondaryButton, successBox } from './styles';

export interface EntryFormProps extends FieldOptions {
  section: FormSection;
  /** the key of the entry being edited; null when creating */
  originalKey: string | null;
  /** the entry exactly as loaded (the `base` of the optimistic concurrency check); null when creating */
  base: unknown;
  /** keys already taken in the section (without this entry's), when few enough to send; the server checks anyway */
  takenKeys?: string[];
  /** a new entry's starting values (from prefillDraft), instead of an empty form */
  initialDraft?: Draft | null;
}

const fieldId = (field: string) => `field-${field}`;

/** Focus a field from the error summary (a fieldset of checkboxes: its first box). */
function focusField(field: string) {
  const el = document.getElementById(fieldId(field));
  const target = el && !el.matches('input, select, textarea') ? el.querySelector<HTMLElement>('input, select, textarea') : el;
  target?.focus();
}

export function EntryForm({ section, originalKey: initialKey, base: initialBase, ownerNames, templates, hosts, takenKeys, initialDraft }: EntryFormProps) {
  const router = useRouter();
  const [pending, startTransition] = useTransition();
  const [originalKey, setOriginalKey] = useState(initialKey);
  const [base, setBase] = useState<unknown>(initialBase);
  const [draft, setDraft] = useState<Draft>(() => (initialBase ? draftFromEntry(section, initialBase as never) : (initialDraft ?? emptyDraft(section))));
  const [touched, setTouched] = useState<Record<string, boolean>>({});
  const [submitted, setSubmitted] = useState(false);
  const [serverErrors, setServerErrors] = useState<FieldErrors>({});
  const [formError, setFormError] = useState<string | null>(null);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [saved, setSaved] = useState<string | null>(null);
  const top = useRef<HTMLDivElement>(null);
  const noun = NOUN[section];
  const listHref = listHrefOf(section);

  const templateKeys = useMemo(() => templates.map((t) => t.key), [templates]);
  const check = useMemo(
    () => checkDraft(section, draft, { ownerNames, templateKeys, takenKeys }),
    [section, draft, ownerNames, templateKeys, takenKeys],
  );
  const liveErrors: FieldErrors = check.ok ? {} : check.errors;

  const api: FormApi = {
    section,
    draft,
    disabled: pending,
    id: fieldId,
    error: (f) => serverErrors[f] ?? (touched[f] || submitted ? liveErrors[f] : undefined),
    set(field: string, value: DraftValue) {
      setDraft((d) => ({ ...d, [field]: value }));
      setSaved(null);
      // A server error is about the value it saw; editing the field (or any part of the key) retires it.
      const related = IDENTITY_FIELDS[section].includes(field) ? IDENTITY_FIELDS[section] : [field];
      setServerErrors((e) => Object.fromEntries(Object.entries(e).filter(([k]) => !related.includes(k))));
    },
    touch: (field) => setTouched((t) => (t[field] ? t : { ...t, [field]: true })),
  };

  // The summary lists what blocks saving: live errors once a submit was tried, plus the server's.
  const summary = Object.entries({ ...(submitted ? liveErrors : {}), ...serverErrors });

  function showTop() {
    requestAnimationFrame(() => top.current?.focus());
  }

  function done(key: string, changed: boolean) {
    setSaved(changed ? `Saved ${noun} ${key}.` : `No changes: ${noun} ${key} was already like this.`);
    router.push(`${listHref}?${new URLSearchParams(changed ? { saved: key } : { saved: key, unchanged: '1' })}`);
    router.refresh();
  }

  function save(toSend: Draft, baseToSend: unknown, key: string | null) {
    setFormError(null);
    setSaved(null);
    startTransition(async () => {
      let result: ActionResult;
      try {
        const input = key === null ? { section, draft: toSend } : { section, originalKey: key, base: baseToSend, draft: toSend };
        result = (await saveEntryAction(input)) as ActionResult;
      } catch {
        setFormError(UNREACHABLE);
        return showTop();
      }
      if (result.ok) return done(result.key ?? '', result.changed);
      if (!isDenial(result) && result.kind === 'conflict') {
        setConflict({ message: result.message, theirs: result.theirs, yours: toSend });
        return;
      }
      if (!isDenial(result) && result.kind === 'invalid') {
        setServerErrors(result.fieldErrors);
        setSubmitted(true);
      }
      setFormError(formErrorOf(result) ?? (isDenial(result) || result.kind !== 'invalid' ? `The ${noun} could not be saved.` : null));
      showTop();
    });
  }

  function onSubmit(e: FormEvent<HTMLFormElement>) {
    e.preventDefault();
    if (pending) return;
    setSubmitted(true);
    setConflict(null);
    if (!check.ok) {
      setFormError(null);
      return showTop();
    }
    save(draft, base, originalKey);
  }

  function keepMine() {
    if (!conflict?.yours) return;
    const yours = conflict.yours;
    setConflict(null);
    setDraft(yours);
    if (conflict.theirs) {
      // Theirs becomes the base: the save now knowingly replaces what is stored.
      setBase(conflict.theirs);
      save(yours, conflict.theirs, originalKey);
    } else {
      // Deleted meanwhile: keeping mine creates it again.
      setBase(null);
      setOriginalKey(null);
      save(yours, undefined, null);
    }
  }

  function takeTheirs() {
    const theirs = conflict?.theirs;
    setConflict(null);
    if (!theirs) {
      router.push(listHref);
      router.refresh();
      return;
    }
    setBase(theirs);
    setDraft(draftFromEntry(section, theirs as never));
    setTouched({});
    setSubmitted(false);
    setServerErrors({});
    setFormError(null);
  }

  function onDeleteConflict(result: ConflictResult) {
    setConflict({ message: result.message, theirs: result.theirs, yours: null });
  }

  return (
    <div>
      <div ref={top} tabIndex={-1} className="space-y-3 focus:outline-none">
        <div role="status" className={saved ? `${successBox} mb-4` : undefined}>
          {saved}
        </div>
        {formError && (
          <div role="alert" className={`${errorBox} mb-4`}>
            {formError}
          </div>
        )}
        {summary.length > 0 && (
          <div role="alert" className={`${errorBox} mb-4`}>
            <p className="font-medium">
              {summary.length === 1 ? 'One field needs attention' : `${summary.length} fields need attention`} before this {noun} can be saved:
            </p>
            <ul className="mt-1 list-disc pl-5">
              {summary.map(([field, message]) => (
                <li key={field}>
                  {field && fieldShown(section, draft, field) ? (
                    <a
                      href={`#${fieldId(field)}`}
                      onClick={(e) => {
                        e.preventDefault();
                        focusField(field);
                      }}
                      className="text-red-900 underline"
                    >
                      {labelOf(section, field)}
                    </a>
                  ) : (
                    <span className="font-medium">{field ? labelOf(section, field) : 'Entry'}</span>
                  )}
                  : {message}
                </li>
              ))}
            </ul>
          </div>
        )}
      </div>
      {conflict && (
        <ConflictPanel
          section={section}
          conflict={conflict}
          loaded={base ? draftFromEntry(section, base as never) : null}
          pending={pending}
          onKeepMine={keepMine}
          onUseTheirs={takeTheirs}
        />
      )}
      <form noValidate onSubmit={onSubmit} aria-label={originalKey === null ? `New ${noun}` : `Edit ${noun}`} className={`${card} space-y-6`}>
        <SectionFields section={section} api={api} options={{ ownerNames, templates, hosts }} />
        <div className="flex flex-wrap items-center gap-3 border-t border-slate-200 pt-5">
          <button type="submit" className={primaryButton} disabled={pending}>
            {pending ? 'Saving…' : originalKey === null ? `Create ${noun}` : 'Save changes'}
          </button>
          <Link href={listHref} className={`${secondaryButton} no-underline hover:no-underline`} aria-disabled={pending || undefined}>
            Cancel
          </Link>
        </div>
      </form>
      {originalKey !== null && base !== null && (
        <DeleteEntryButton
          section={section}
          entryKey={originalKey}
          base={base}
          pending={pending}
          run={(work) => startTransition(work)}
          onConflict={onDeleteConflict}
          onDeleted={(key) => {
            router.push(`${listHref}?${new URLSearchParams({ deleted: key })}`);
            router.refresh();
          }}
        />
      )}
    </div>
  );
}
