import type { Metadata } from 'next';
import { newEntryPage } from '@/components/forms/entry-routes';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New API endpoint' };

export default async function NewEndpointPage() {
  return newEntryPage('api_endpoints');
}
