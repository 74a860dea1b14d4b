import type { Metadata } from 'next';
import Link from 'next/link';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import { editHref, historyHref, keyFromParams, listHrefOf } from '@/lib/registry/entry-href';
import type { SearchParams } from '@/lib/registry/queries';
import { loadTemplateEditor } from '@/lib/templates/editor-data';
import { PageHeader } from '@/components/ui/PageHeader';
import { TemplateForm } from '@/components/templates/TemplateForm';

export const dynamic = 'force-dynamic';

type Props = { searchParams: Promise<SearchParams> };

export async function generateMetadata({ searchParams }: Props): Promise<Metadata> {
  const key = keyFromParams('alert_templates', await searchParams);
  return { title: key ? `Alert template ${key}` : 'Alert template' };
}

const NOTICES: Record<string, string> = { created: 'Template created.', renamed: 'Template saved under its new key.' };

export default async function EditTemplatePage({ searchParams }: Props) {
  const params = await searchParams;
  const key = keyFromParams('alert_templates', params);
  // editors only (e2e/roles.spec.ts); the form also has a read-only mode, should viewers get this page
  const actor = await requirePageRole('editor', key ? editHref('alert_templates', key) : '/templates/edit');
  const back = (
    <p className="text-sm">
      <Link href={listHrefOf('alert_templates')}>Back to the alert templates</Link>
    </p>
  );
  if (!key) {
    return (
      <>
        <PageHeader title="Alert template" />
        <p role="alert" className="mb-3 text-sm text-slate-800">
          No template named: open this page from the templates list (it needs <code>?key=</code>).
        </p>
        {back}
      </>
    );
  }
  const data = await loadTemplateEditor(db(), key);
  if (!data.entry) {
    return (
      <>
        <PageHeader title="Alert template not found" />
        <p role="alert" className="mb-3 text-sm text-slate-800">
          There is no alert template with the key <code className="font-mono">{key}</code>. It may have been deleted or renamed.
        </p>
        {back}
      </>
    );
  }
  const saved = typeof params.saved === 'string' ? NOTICES[params.saved] : undefined;
  return (
    <>
      <PageHeader
        title={`Alert template ${data.entry.key}`}
        description={`${data.entry.alert}: ${data.entry.summary}`}
        actions={
          <Link href={historyHref('alert_templates', data.entry.key)} className="text-sm">
            History
          </Link>
        }
      />
      <TemplateForm
        // a new key (after a rename) is a new form
        key={data.entry.key}
        initialDraft={data.draft}
        originalKey={data.entry.key}
        base={data.entry}
        takenKeys={data.takenKeys}
        canEdit={roleAllows(actor.role, 'editor')}
        users={data.users}
        services={data.services}
        pages={data.pages}
        notice={saved}
      />
    </>
  );
}
