// The body of every new/edit page: heading, back and History links, and the client form with only what it needs
// from the edit context (never the whole registry: that stays on the server).
import Link from 'next/link';
import { PageHeader } from '@/components/ui/PageHeader';
import type { EditContext } from '@/lib/registry/edit-context';
import type { Draft } from '@/lib/registry/entry-draft';
import { historyHref, listHrefOf } from '@/lib/registry/entry-href';
import { entryKey } from '@/lib/registry/model';
import { EntryForm } from './EntryForm';
import { NOUN, PLURAL, type FormSection } from './form-sections';

/** Up to this many keys go to the browser for the live "already exists" check; beyond, only the server checks. */
const TAKEN_KEYS_LIMIT = 2_000;

function takenKeys(section: FormSection, context: EditContext, own: string | null): string[] | undefined {
  const entries = context.registry[section] as unknown[];
  if (entries.length > TAKEN_KEYS_LIMIT) return undefined;
  return entries.map((e) => entryKey(section, e)).filter((k) => k !== own);
}

export function EntryFormPage({
  section,
  entryKey: key,
  context,
  initialDraft,
}: {
  section: FormSection;
  entryKey: string | null;
  context: EditContext;
  initialDraft?: Draft | null;
}) {
  const noun = NOUN[section];
  const editing = key !== null;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href={listHrefOf(section)}>← All {PLURAL[section]}</Link>
      </p>
      <PageHeader
        title={editing ? `Edit ${noun}` : `New ${noun}`}
        description={
          editing ? (
            <>
              Editing <code className="font-mono text-slate-900">{key}</code>. Saving checks it exactly like a registry import.
            </>
          ) : (
            `Adds a ${noun} to the registry. It is checked exactly like a registry import.`
          )
        }
        actions={
          editing && (
            <Link href={historyHref(section, key)} className="text-sm">
              History
            </Link>
          )
        }
      />
      <EntryForm
        section={section}
        originalKey={key}
        base={editing ? context.entry : null}
        ownerNames={section === 'services' ? context.ownerNames : []}
        hosts={section === 'services' ? context.hosts : []}
        templates={section === 'services' || section === 'pages' ? context.templates : []}
        takenKeys={takenKeys(section, context, key)}
        initialDraft={initialDraft}
      />
    </>
  );
}
