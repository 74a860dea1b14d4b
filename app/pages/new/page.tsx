import type { Metadata } from 'next';
import { EntryFormPage } from '@/components/forms/EntryFormPage';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New page' };

export default async function NewPagePage() {
  await requirePageRole('editor', '/pages/new');
  return <EntryFormPage section="pages" entryKey={null} context={await loadEditContext(db(), 'pages', null)} />;
}
