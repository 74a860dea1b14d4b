import type { Metadata } from 'next';
import { newEntryPage } from '@/components/forms/entry-routes';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New service' };

export default async function NewServicePage() {
  return newEntryPage('services');
}
