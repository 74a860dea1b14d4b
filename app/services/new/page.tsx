import type { Metadata } from 'next';
import { EntryFormPage } from '@/components/forms/EntryFormPage';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New service' };

export default async function NewServicePage() {
  await requirePageRole('editor', '/services/new');
  return <EntryFormPage section="services" entryKey={null} context={await loadEditContext(db(), 'services', null)} />;
}
