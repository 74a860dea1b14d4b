// What an edit page shows for a key that is not in the registry (rendered by each edit route's not-found.tsx).
import Link from 'next/link';
import { PageHeader } from '@/components/ui/PageHeader';
import { listHrefOf, newHref } from '@/lib/registry/entry-href';
import { NOUN, PLURAL, type FormSection } from './form-sections';

export function EntryNotFound({ section }: { section: FormSection }) {
  const noun = NOUN[section];
  return (
    <>
      <PageHeader title={`No such ${noun}`} />
      <div className="rounded-lg border border-slate-200 bg-white px-6 py-8 text-sm text-slate-700">
        <p>
          There is no such {noun} in the registry: the address names none, or it was renamed or deleted since the link was made.
        </p>
        <p className="mt-3 flex flex-wrap gap-4">
          <Link href={listHrefOf(section)}>Back to {PLURAL[section]}</Link>
          <Link href={newHref(section)}>Create a new {noun}</Link>
        </p>
      </div>
    </>
  );
}
