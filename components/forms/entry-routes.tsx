// What every /<list>/new and /<list>/edit page does: check the role, load the form's context, 404 for an unknown
// entry. Plain async functions, awaited by the page itself, so the redirect, 403 and 404 they throw decide the
// response status before anything streams.
import { notFound } from 'next/navigation';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';
import { editHref, keyFromParams, listHrefOf, newHref } from '@/lib/registry/entry-href';
import type { SearchParams } from '@/lib/registry/queries';
import { EntryFormPage } from './EntryFormPage';
import type { FormSection } from './form-sections';

export async function newEntryPage(section: FormSection) {
  await requirePageRole('editor', newHref(section));
  return <EntryFormPage section={section} entryKey={null} context={await loadEditContext(db(), section, null)} />;
}

export async function editEntryPage(section: FormSection, searchParams: Promise<SearchParams>) {
  const key = keyFromParams(section, await searchParams);
  await requirePageRole('editor', key === null ? listHrefOf(section) : editHref(section, key));
  if (key === null) notFound();
  const context = await loadEditContext(db(), section, key);
  if (!context.entry) notFound();
  return <EntryFormPage section={section} entryKey={key} context={context} />;
}
