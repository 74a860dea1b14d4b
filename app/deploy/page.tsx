import type { Metadata } from 'next';
import Link from 'next/link';
import { Suspense } from 'react';
import { requirePageRole } from '@/lib/auth/guard';
import { roleAllows } from '@/lib/auth/roles';
import { db } from '@/lib/db/client';
import { DEPLOY_CONFIG_ENV, describeTarget, loadDeployConfig } from '@/lib/deploy/config';
import { pushPreview } from '@/lib/deploy/push-preview';
import { lastSuccessfulPush, listPushes, runningPush } from '@/lib/deploy/push-store';
import { parseChangesPage, type SearchParams } from '@/lib/audit/query-params';
import { EmptyState, ListEmpty, ParamProblems } from '@/components/list/ListNotices';
import { Pagination } from '@/components/list/Pagination';
import { errorBox } from '@/components/forms/styles';
import { PageHeader } from '@/components/ui/PageHeader';
import { Section } from '@/components/ui/Section';
import { PushHistory } from '@/components/deploy/PushHistory';
import { PushNow } from '@/components/deploy/PushNow';
import { PushPreviewView } from '@/components/deploy/PushPreviewView';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Deploy' };

const EXAMPLE = `targets:
  - name: monitoring-host
    type: directory
    dir: /srv/monitoring            # Prometheus reads /srv/monitoring/prometheus/prometheus.yml
    prometheus_url: http://127.0.0.1:9090
    alertmanager_url: http://127.0.0.1:9093
    blackbox_url: http://127.0.0.1:9115
  - name: cluster
    type: kubernetes
    namespace: monitoring
    prune: true`;

/** The drift is read from the targets (a folder, a cluster's dry run): streamed in so the history shows at once. */
async function PreviewSection({ canPush, runningId }: { canPush: boolean; runningId: number | null }) {
  const preview = await pushPreview(db());
  if (!preview.ok) {
    return (
      <div className={errorBox} role="alert">
        <p className="font-medium">No push can run: {preview.message}.</p>
        {preview.problems.length > 0 && (
          <ul className="mt-1 list-disc pl-5">
            {preview.problems.map((p) => (
              <li key={p}>{p}</li>
            ))}
          </ul>
        )}
      </div>
    );
  }
  return (
    <>
      <PushNow canPush={canPush} runningId={runningId} sameAsPush={preview.sameAsPush} />
      <PushPreviewView preview={preview} />
    </>
  );
}

const HISTORY_PAGE_SIZE = 25;

export default async function DeployPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  const actor = await requirePageRole('viewer', '/deploy');
  const canPush = roleAllows(actor.role, 'editor');
  const { query: page, problems } = parseChangesPage(await searchParams);
  const database = db();
  const [config, history, running, current] = await Promise.all([
    loadDeployConfig(),
    listPushes(database, page, HISTORY_PAGE_SIZE),
    runningPush(database),
    lastSuccessfulPush(database),
  ]);
  return (
    <>
      <PageHeader
        title="Deploy"
        description="Push the generated configs to where the monitoring stack runs. Every push is checked first (a failed check changes nothing), a folder target rolls back when Prometheus or Alertmanager rejects the reload, and one push runs at a time."
      />
      <p className="-mt-2 mb-6 text-sm">
        To propose the configs as a pull request instead:{' '}
        <Link href="/deploy/git" className="text-indigo-700 underline hover:text-indigo-900">
          Export to Git
        </Link>
        .
      </p>
      <Section id="targets" title="Targets" note={config.ok && config.file ? `From ${config.file} (${DEPLOY_CONFIG_ENV}).` : undefined}>
        {!config.ok ? (
          <div className={errorBox} role="alert">
            <p className="font-medium">The deploy config ({DEPLOY_CONFIG_ENV}) is invalid; no push can run until it is fixed:</p>
            <ul className="mt-1 list-disc pl-5">
              {config.problems.map((p) => (
                <li key={p}>{p}</li>
              ))}
            </ul>
          </div>
        ) : config.targets.length === 0 ? (
          <EmptyState title="No deploy targets are configured.">
            Set {DEPLOY_CONFIG_ENV} to a YAML file listing them and restart the app, for example:
            <pre className="mt-2 overflow-auto rounded bg-slate-50 p-2 text-left font-mono text-xs">{EXAMPLE}</pre>
          </EmptyState>
        ) : (
          <ul className="list-disc pl-5 text-sm">
            {config.targets.map((t) => (
              <li key={t.name}>
                <span className="font-medium">{t.name}</span>: {describeTarget(t)}
              </li>
            ))}
          </ul>
        )}
      </Section>
      {config.ok && config.targets.length > 0 && (
        <Section id="preview" title="What a push would change" note="The registry's configs as generated now, against what each target runs.">
          <Suspense fallback={<p className="text-sm text-slate-600" role="status">Reading the targets…</p>}>
            <PreviewSection canPush={canPush} runningId={running?.id ?? null} />
          </Suspense>
        </Section>
      )}
      <Section id="history" title="Push history" count={history.total}>
        <ParamProblems problems={problems} resetHref="/deploy#history" />
        {history.total === 0 ? (
          <p className="text-sm text-slate-600">Nothing has been pushed yet.</p>
        ) : history.rows.length === 0 ? (
          <ListEmpty noun="pushes" filtered={false} total={history.total} page={page} pageCount={history.pageCount} basePath="/deploy" lastPageHref={`/deploy?page=${history.pageCount}#history`} />
        ) : (
          <PushHistory pushes={history.rows} currentId={current?.id ?? null} canRollBack={canPush} running={running !== null} />
        )}
        <Pagination basePath="/deploy" params={{}} page={page} pageCount={history.pageCount} total={history.total} pageSize={HISTORY_PAGE_SIZE} noun="pushes" />
      </Section>
    </>
  );
}
