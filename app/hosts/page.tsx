import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { listHosts } from '@/lib/registry/host-queries';
import type { SearchParams } from '@/lib/registry/queries';
import { PageHeader } from '@/components/ui/PageHeader';
import { EmptyState } from '@/components/list/ListNotices';
import { ListActions } from '@/components/forms/ListActions';
import { SavedNotice } from '@/components/forms/SavedNotice';
import { HostTable } from './HostTable';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Hosts' };

export default async function HostsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/hosts');
  const canEdit = roleAllows(actor.role, 'editor');
  const rows = await listHosts();
  return (
    <>
      <PageHeader
        title="Hosts"
        description="The machines Docker and systemd services run on, and how to reach them over SSH. A host that services still run on cannot be deleted; one they name cannot be renamed."
        actions={<ListActions section="hosts" canEdit={canEdit} />}
      />
      <SavedNotice section="hosts" params={await searchParams} />
      {rows.length === 0 ? (
        <EmptyState title="No hosts in the registry yet.">Hosts come with the registry YAML (a hosts section), or add one here.</EmptyState>
      ) : (
        <HostTable rows={rows} canEdit={canEdit} />
      )}
    </>
  );
}
