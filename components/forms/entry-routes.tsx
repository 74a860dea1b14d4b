// What every /<list>/new and /<list>/edit page does: check the role, load the form's context, 404 for an unknown
// entry. Plain async functions, awaited by the page itself, so the redirect, 403 and 404 they throw decide the
// response status before anything streams.
import { notFound } from 'next/navigation';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';
import { prefillDraft } from '@/lib/registry/entry-draft';
import { editHref, keyFromParams, listHrefOf, newHref } from '@/lib/registry/entry-href';
import type { SearchParams } from '@/lib/registry/queries';
import { EntryFormPage } from './EntryFormPage';
import type { FormSection } from './form-sections';

/** `searchParams` may prefill the form (Discovery's "Register" links here with the workload's name and place). */
export async function newEntryPage(section: FormSection, searchParams?: Promise<SearchParams>) {
  const params = (await searchParams) ?? {};
  await requirePageRole('editor', newHref(section));
  const initialDraft = prefillDraft(section, params);
  return <EntryFormPage section={section} entryKey={null} context={await loadEditContext(db(), section, null)} initialDraft={initialDraft} />;
}

export async function editEntryPage(section: FormSection, searchParams: Promise<SearchParams>) {
  const key = keyFromParams(section, await searchParams);
  await requirePageRole('editor', key === null ? listHrefOf(section) : editHref(section, key));
  if (key === null) notFound();
  const context = await loadEditContext(db(), section, key);
  if (!context.entry) notFound();
  return <EntryFormPage section={section} entryKey={key} context={context} />;
}
