import type { Metadata } from 'next';
import { EntryFormPage } from '@/components/forms/EntryFormPage';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New owner' };

export default async function NewOwnerPage() {
  await requirePageRole('editor', '/owners/new');
  return <EntryFormPage section="owners" entryKey={null} context={await loadEditContext(db(), 'owners', null)} />;
}
