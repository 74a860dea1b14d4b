import type { Metadata } from 'next';
import { requirePageRole } from '@/lib/auth/guard';
import Link from 'next/link';
import { Suspense } from 'react';
import { db } from '@/lib/db/client';
import { loadConfigs } from '@/lib/generate/configs-cache';
import { highlightFile } from '@/lib/generate/configs-highlight';
import { defaultFile, fileListView, findingCounts, formatBytes, parseConfigsQuery, type SearchParams } from '@/lib/generate/configs-view';
import { PageHeader } from '@/components/ui/PageHeader';
import { ParamProblems } from '@/components/list/ListNotices';
import { CheckPending, CheckResults, FileCheckResult } from '@/components/configs/CheckResults';
import { CodeView } from '@/components/configs/CodeView';
import { FileList } from '@/components/configs/FileList';
import { FindingsTable } from '@/components/configs/FindingsTable';
import { SettingsError } from '@/components/configs/SettingsError';
import { fileDownloadHref, type ConfigsLinkState } from '@/components/configs/configs-href';

export const dynamic = 'force-dynamic';
export const metadata: Metadata = { title: 'Configs' };

const fmt = (n: number) => n.toLocaleString('en-US');
const DESCRIPTION = 'Every monitoring config generated from the registry, checked with Prometheus’s own tools, and what was left out and why.';

function Stat({ label, value, testId }: { label: string; value: string; testId?: string }) {
  return (
    <div className="rounded-lg border border-slate-200 bg-white p-3 shadow-xs">
      <dt className="text-xs font-medium text-slate-600">{label}</dt>
      <dd className="mt-0.5 text-xl font-semibold text-slate-900 tabular-nums" data-testid={testId}>
        {value}
      </dd>
    </div>
  );
}

export default async function ConfigsPage({ searchParams }: { searchParams: Promise<SearchParams> }) {
  await requirePageRole('viewer', '/configs');
  const { query, problems } = parseConfigsQuery(await searchParams);
  const result = await loadConfigs(db());
  if (!result.ok) {
    return (
      <>
        <PageHeader title="Configs" description={DESCRIPTION} />
        <SettingsError file={result.settingsFile} problems={result.problems} />
      </>
    );
  }
  const snapshot = result.snapshot;
  const list = fileListView(snapshot.entries, query);
  const unknownFile = query.file !== undefined && !snapshot.file(query.file);
  if (unknownFile) problems.push(`There is no generated file "${query.file}"; showing ${defaultFile(snapshot.entries) ?? 'none'}.`);
  const selectedPath = unknownFile ? defaultFile(snapshot.entries) : (query.file ?? defaultFile(snapshot.entries));
  const selected = selectedPath === undefined ? undefined : snapshot.file(selectedPath);
  const state: ConfigsLinkState = { ...query, file: unknownFile ? undefined : query.file };
  const counts = findingCounts(snapshot.findings);
  const { services, pages, endpoints } = snapshot.registryCounts;

  return (
    <>
      <PageHeader
        title="Configs"
        description={DESCRIPTION}
        actions={
          <p className="flex gap-4 text-sm">
            <a href="#configs-files">Jump to the files</a>
            <a href="/api/v1/configs">As JSON</a>
          </p>
        }
      />
      <ParamProblems problems={[...problems, ...list.problems]} resetHref="/configs" />
      {services + pages + endpoints === 0 && (
        <p className="mb-6 rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-950">
          The registry is empty: no services, pages or API endpoints, so only the files that do not depend on it are generated. Load a registry on
          the <Link href="/registry">Import / Export</Link> page.
        </p>
      )}

      <section aria-labelledby="configs-summary" className="mb-8">
        <h2 id="configs-summary" className="mb-3 text-base font-semibold text-slate-900">
          Summary
        </h2>
        <dl className="mb-4 grid grid-cols-2 gap-3 sm:grid-cols-3 lg:grid-cols-6">
          <Stat label="Files" value={fmt(snapshot.files.length)} testId="stat-files" />
          <Stat label="Total size" value={formatBytes(snapshot.totalBytes)} />
          <Stat label="Skipped" value={fmt(counts.skipped)} testId="stat-skipped" />
          <Stat label="Notes" value={fmt(counts.notes)} testId="stat-notes" />
          <Stat label="Registry revision" value={snapshot.revision.slice(0, 10)} />
          <Stat label="Settings" value={snapshot.settingsFile ? 'from file' : 'defaults'} />
        </dl>
        <h3 className="mb-2 text-sm font-semibold text-slate-900">Checks</h3>
        <Suspense fallback={<CheckPending />}>
          <CheckResults snapshot={snapshot} state={state} />
        </Suspense>
      </section>

      <section aria-labelledby="configs-findings" className="mb-8">
        <h2 id="configs-findings" className="mb-1 text-base font-semibold text-slate-900">
          Skipped and notes
        </h2>
        <p className="mb-3 text-sm text-slate-600">Registry entries the generator left out or generated differently, and why. Each links to its entry.</p>
        <FindingsTable findings={snapshot.findings} state={state} />
      </section>

      <div className="grid grid-cols-1 gap-6 lg:grid-cols-[18rem_minmax(0,1fr)]">
        <section aria-labelledby="configs-files">
          <h2 id="configs-files" className="mb-3 text-base font-semibold text-slate-900">
            Files
          </h2>
          <FileList view={list} state={state} selected={selectedPath} totalFiles={snapshot.files.length} />
        </section>
        <section aria-labelledby="configs-file" className="min-w-0">
          {selected ? (
            <>
              <div className="mb-2 flex flex-wrap items-baseline justify-between gap-2">
                <h2 id="configs-file" className="font-mono text-base font-semibold break-all text-slate-900">
                  {selected.path}
                </h2>
                <a href={fileDownloadHref(selected.path)} download className="text-sm">
                  Download<span className="sr-only"> {selected.path}</span>
                </a>
              </div>
              <Suspense fallback={<CheckPending />}>
                <FileCheckResult snapshot={snapshot} path={selected.path} />
              </Suspense>
              <CodeView path={selected.path} highlighted={highlightFile(selected.path, selected.content)} downloadHref={fileDownloadHref(selected.path)} />
            </>
          ) : (
            <h2 id="configs-file" className="text-base font-semibold text-slate-900">
              No file selected
            </h2>
          )}
        </section>
      </div>
    </>
  );
}
