import type { Metadata } from 'next';
import { editEntryPage } from '@/components/forms/entry-routes';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Edit host' };

export default async function EditHostPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return editEntryPage('hosts', searchParams);
}
