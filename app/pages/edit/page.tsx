import type { Metadata } from 'next';
import { editEntryPage } from '@/components/forms/entry-routes';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit page' };

export default async function EditPagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return editEntryPage('pages', searchParams);
}
