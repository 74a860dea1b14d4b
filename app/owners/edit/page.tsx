import type { Metadata } from 'next';
import { editEntryPage } from '@/components/forms/entry-routes';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit owner' };

export default async function EditOwnerPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return editEntryPage('owners', searchParams);
}
