import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { gitConfigFromEnv, gitConfigView } from '@/lib/deploy/git-config';
import { PageHeader } from '@/components/ui/PageHeader';
import { GitExportPanel } from '@/components/deploy/GitExportPanel';

export const metadata: Metadata = { title: 'Export to Git' };

export const dynamic = 'force-dynamic';

export default async function ExportToGitPage() {
  const actor = await requirePageRole('viewer', '/deploy/git');
  return (
    <>
      <PageHeader
        title="Export to Git"
        description="Propose the registry and its generated configs as a pull request to the monitoring repository, and bring back what was merged there."
      />
      <GitExportPanel config={gitConfigView(gitConfigFromEnv())} mayAct={roleAllows(actor.role, 'editor')} />
    </>
  );
}
