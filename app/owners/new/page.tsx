import type { Metadata } from 'next';
import { newEntryPage } from '@/components/forms/entry-routes';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New owner' };

export default async function NewOwnerPage() {
  return newEntryPage('owners');
}
