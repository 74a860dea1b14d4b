import type { Metadata } from 'next';
import { notFound } from 'next/navigation';
import { EntryFormPage } from '@/components/forms/EntryFormPage';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';
import { editHref, keyFromParams } from '@/lib/registry/entry-href';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit host' };

export default async function EditHostPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const key = keyFromParams('hosts', await searchParams);
  await requirePageRole('editor', key === null ? '/hosts' : editHref('hosts', key));
  if (key === null) notFound();
  const context = await loadEditContext(db(), 'hosts', key);
  if (!context.entry) notFound();
  return <EntryFormPage section="hosts" entryKey={key} context={context} />;
}
