import type { Metadata } from 'next';
import { EntryFormPage } from '@/components/forms/EntryFormPage';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New host' };

export default async function NewHostPage() {
  await requirePageRole('editor', '/hosts/new');
  return <EntryFormPage section="hosts" entryKey={null} context={await loadEditContext(db(), 'hosts', null)} />;
}
