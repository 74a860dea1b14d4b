import type { Metadata } from 'next';
import { editEntryPage } from '@/components/forms/entry-routes';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit API endpoint' };

export default async function EditEndpointPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return editEntryPage('api_endpoints', searchParams);
}
