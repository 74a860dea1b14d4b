import type { Metadata } from 'next';
import { newEntryPage } from '@/components/forms/entry-routes';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New host' };

export default async function NewHostPage() {
  return newEntryPage('hosts');
}
