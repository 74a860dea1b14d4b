import type { Metadata } from 'next';
import { EntryFormPage } from '@/components/forms/EntryFormPage';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadEditContext } from '@/lib/registry/edit-context';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New API endpoint' };

export default async function NewEndpointPage() {
  await requirePageRole('editor', '/endpoints/new');
  return <EntryFormPage section="api_endpoints" entryKey={null} context={await loadEditContext(db(), 'api_endpoints', null)} />;
}
