import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { loadTemplateEditor } from '@/lib/templates/editor-data';
import { PageHeader } from '@/components/ui/PageHeader';
import { TemplateForm } from '@/components/templates/TemplateForm';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'New alert template' };

export default async function NewTemplatePage() {
  await requirePageRole('editor', '/templates/new');
  const data = await loadTemplateEditor(db(), null);
  return (
    <>
      <PageHeader
        title="New alert template"
        description="An alert rule that services and pages attach by its key. The expression is checked with Prometheus's grammar as you type; the preview shows the rule it gives a service or page."
      />
      <TemplateForm initialDraft={data.draft} takenKeys={data.takenKeys} canEdit users={[]} services={data.services} pages={data.pages} />
    </>
  );
}
