import type { Metadata } from 'next';
import { newEntryPage } from '@/components/forms/entry-routes';
import type { SearchParams } from '@/lib/registry/queries';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New page' };

// ?path=&name= prefill the form: the Unknown pages list's "Register page" links here.
export default async function NewPagePage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  return newEntryPage('pages', searchParams);
}
