import type { Metadata } from 'next';
import { editEntryPage } from '@/components/forms/entry-routes';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit service' };

export default async function EditServicePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return editEntryPage('services', searchParams);
}
