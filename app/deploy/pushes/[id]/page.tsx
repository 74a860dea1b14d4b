import type { Metadata } from 'next';
import Link from 'next/link';
import { notFound } from 'next/navigation';
import { requirePageRole } from '@/lib/auth/guard';
import { db } from '@/lib/db/client';
import { shortHash } from '@/lib/deploy/push-model';
import { getPush } from '@/lib/deploy/push-store';
import { formatAt } from '@/components/audit/audit-format';
import { errorBox } from '@/components/forms/styles';
import { PageHeader } from '@/components/ui/PageHeader';
import { Section } from '@/components/ui/Section';
import { PushStatusBadge, seconds } from '@/components/deploy/PushStatus';
import { PushTargetResults } from '@/components/deploy/PushTargetResults';

export const dynamic = 'force-dynamic';

export async function generateMetadata({ params }: { params: Promise<{ id: string }> }): Promise<Metadata> {
  return { title: `Push #${(await params).id}` };
}

export default async function PushPage({ params }: { params: Promise<{ id: string }> }) {
  const { id: idText } = await params;
  await requirePageRole('viewer', `/deploy/pushes/${idText}`);
  const id = /^\d{1,9}$/.test(idText) ? Number(idText) : NaN;
  if (!Number.isSafeInteger(id) || id < 1) notFound();
  const push = await getPush(db(), id);
  if (!push) notFound();
  const title = push.kind === 'rollback' ? `Rollback #${push.id} to push #${push.rollbackOfId}` : `Push #${push.id}`;
  return (
    <>
      <p className="mb-2 text-sm">
        <Link href="/deploy" className="text-indigo-700 underline hover:text-indigo-900">
          ← Deploy
        </Link>
      </p>
      <PageHeader title={title} />
      <dl className="mb-6 grid max-w-3xl grid-cols-[max-content_1fr] gap-x-4 gap-y-1 text-sm">
        <dt className="text-slate-600">Result</dt>
        <dd>
          <PushStatusBadge status={push.status} />
        </dd>
        <dt className="text-slate-600">By</dt>
        <dd>{push.actorName}</dd>
        <dt className="text-slate-600">Started</dt>
        <dd>
          <time dateTime={push.startedAt.toISOString()}>{formatAt(push.startedAt)}</time>
        </dd>
        <dt className="text-slate-600">Time</dt>
        <dd>{push.finishedAt ? seconds(push.finishedAt.getTime() - push.startedAt.getTime()) : 'running'}</dd>
        <dt className="text-slate-600">Registry revision</dt>
        <dd className="font-mono text-xs">{push.registryRevision}</dd>
        <dt className="text-slate-600">Content</dt>
        <dd>
          <span className="font-mono text-xs" title={push.contentHash}>
            {shortHash(push.contentHash)}
          </span>{' '}
          ({push.fileCount} files)
        </dd>
        {push.rollbackOfId !== null && (
          <>
            <dt className="text-slate-600">Files of</dt>
            <dd>
              <Link href={`/deploy/pushes/${push.rollbackOfId}`} className="text-indigo-700 underline hover:text-indigo-900">
                push #{push.rollbackOfId}
              </Link>
            </dd>
          </>
        )}
      </dl>
      {push.error && (
        <p className={`${errorBox} mb-6`} role="alert">
          {push.error}
        </p>
      )}
      <Section id="targets" title="Targets" count={push.targets.length}>
        {push.targets.map((t) => (
          <PushTargetResults key={t.name} target={t} />
        ))}
      </Section>
    </>
  );
}
