import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EntryFormPage } from '@/components/forms/EntryFormPage';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';
import { editHref, keyFromParams } from '@/lib/registry/entry-href';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit owner' };

export default async function EditOwnerPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const key = keyFromParams('owners', await searchParams);
  await requirePageRole('editor', key === null ? '/owners' : editHref('owners', key));
  if (key === null) notFound();
  const context = await loadEditContext(db(), 'owners', key);
  if (!context.entry) notFound();
  return <EntryFormPage section="owners" entryKey={key} context={context} />;
}
