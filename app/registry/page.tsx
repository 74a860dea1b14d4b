import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { PageHeader } from '@/components/ui/PageHeader';
import { RegistryWorkbench } from '@/components/registry/RegistryWorkbench';
import { DOWNLOAD_URL } from '@/components/registry/registry-api';

export const metadata: Metadata = { title: 'Import / Export' };

export const dynamic = 'force-dynamic';

export default async function RegistryPage() {
  const actor = await requirePageRole('viewer', '/registry');
  return (
    <>
      <PageHeader
        title="Import / Export"
        description="The registry as one YAML file. Load a file, preview what it would change, then apply it. Applying replaces the registry with the file: entries missing from it are removed."
        actions={
          <a
            href={DOWNLOAD_URL}
            download="service-registry.yaml"
            className="rounded-md border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 no-underline hover:bg-slate-50 hover:no-underline"
          >
            Download YAML
          </a>
        }
      />
      <RegistryWorkbench mayApply={roleAllows(actor.role, 'editor')} />
    </>
  );
}
