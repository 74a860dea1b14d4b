import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { listOwners } from '@/lib/registry/owner-queries';
import type { SearchParams } from '@/lib/registry/queries';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState } from '@/components/list/ListNotices';
import { ListActions } from '@/components/forms/ListActions';
import { SavedNotice } from '@/components/forms/SavedNotice';
import { OwnerTable } from './OwnerTable';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Owners' };

export default async function OwnersPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/owners');
  const canEdit = roleAllows(actor.role, 'editor');
  const rows = await listOwners();
  return (
    <>
      <PageHeader
        title="Owners"
        description="The teams services name as their owner. An owner that services still name cannot be deleted or renamed."
        actions={<ListActions section="owners" canEdit={canEdit} />}
      />
      <SavedNotice section="owners" params={await searchParams} />
      {rows.length === 0 ? (
        <EmptyState title="No owners in the registry yet.">Owners come with the registry YAML, or add one here.</EmptyState>
      ) : (
        <OwnerTable rows={rows} canEdit={canEdit} />
      )}
    </>
  );
}
