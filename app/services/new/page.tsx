import type { Metadata } from 'next';
import { newEntryPage } from '@/components/forms/entry-routes';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New service' };

export default async function NewServicePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return newEntryPage('services', searchParams);
}
