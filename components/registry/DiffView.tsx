import { SECTIONS, type Section } from '@/lib/registry/model';
import type { ChangedEntry, RegistryDiff, SectionDiff } from '@/lib/registry/diff-types';

export const SECTION_LABELS: Record<Section, string> = {
  owners: 'Owners',
  hosts: 'Hosts',
  alert_templates: 'Alert templates',
  services: 'Services',
  pages: 'Pages',
  api_endpoints: 'API endpoints',
};

// A registry of 10,000 services previews as 10,000 "added" lines: show the start of each list, count the rest.
const SHOW_AT_MOST = 100;
const fmt = (n: number) => n.toLocaleString('en-US');

function formatValue(v: unknown): string {
  if (v === undefined || v === null) return 'not set';
  if (Array.isArray(v)) return `[${v.map(formatValue).join(', ')}]`;
  return JSON.stringify(v);
}

function More({ hidden }: { hidden: number }) {
  if (hidden <= 0) return null;
  return <li className="text-slate-600">… and {fmt(hidden)} more</li>;
}

function KeyListBlock({ title, keys, sign, tone }: { title: string; keys: string[]; sign: string; tone: string }) {
  if (keys.length === 0) return null;
  return (
    <div>
      <h4 className="text-sm font-semibold text-slate-800">{title}</h4>
      {/* Columns keep a long list of short keys compact instead of one tall strip. */}
      <ul className="mt-1 columns-[16rem] gap-6 font-mono text-xs leading-5">
        {keys.slice(0, SHOW_AT_MOST).map((k) => (
          <li key={k} className={`break-inside-avoid ${tone}`}>
            <span aria-hidden="true">{sign} </span>
            <span>{k}</span>
          </li>
        ))}
        <More hidden={keys.length - SHOW_AT_MOST} />
      </ul>
    </div>
  );
}

function ChangedBlock({ entries }: { entries: ChangedEntry[] }) {
  if (entries.length === 0) return null;
  return (
    <div>
      <h4 className="text-sm font-semibold text-slate-800">Changed</h4>
      <ul className="mt-1 flex flex-col gap-2">
        {entries.slice(0, SHOW_AT_MOST).map((e) => (
          <li key={e.key}>
            <span className="font-mono text-xs font-semibold text-amber-900">
              <span aria-hidden="true">~ </span>
              <span>{e.key}</span>
            </span>
            <dl className="mt-0.5 grid grid-cols-[max-content_1fr] gap-x-3 gap-y-0.5 pl-4 text-xs">
              {e.changes.map((c) => (
                <div key={c.field} className="contents">
                  <dt className="font-mono text-slate-600">{c.field}</dt>
                  <dd className="font-mono break-all">
                    <span className="text-red-800">{formatValue(c.before)}</span>
                    <span className="px-1.5 text-slate-500" aria-label="changes to">
                      →
                    </span>
                    <span className="text-emerald-800">{formatValue(c.after)}</span>
                  </dd>
                </div>
              ))}
            </dl>
          </li>
        ))}
        <More hidden={entries.length - SHOW_AT_MOST} />
      </ul>
    </div>
  );
}

export function sectionSummary(d: SectionDiff): string {
  return `${fmt(d.added.length)} added · ${fmt(d.changed.length)} changed · ${fmt(d.removed.length)} removed · ${fmt(d.unchanged)} unchanged`;
}

function SectionView({ section, diff }: { section: Section; diff: SectionDiff }) {
  const id = `diff-${section}`;
  const changed = diff.added.length + diff.changed.length + diff.removed.length > 0;
  return (
    <section aria-labelledby={id} className="rounded-lg border border-slate-200 bg-white p-4">
      <div className="flex flex-wrap items-baseline justify-between gap-2">
        <h3 id={id} className="font-semibold text-slate-900">
          {SECTION_LABELS[section]}
        </h3>
        <p className="text-xs text-slate-600" data-testid={`summary-${section}`}>
          {sectionSummary(diff)}
        </p>
      </div>
      {changed ? (
        <div className="mt-3 flex flex-col gap-4">
          <KeyListBlock title="Added" keys={diff.added} sign="+" tone="text-emerald-800" />
          <ChangedBlock entries={diff.changed} />
          <KeyListBlock title="Removed" keys={diff.removed} sign="−" tone="text-red-800" />
        </div>
      ) : (
        <p className="mt-2 text-sm text-slate-600">No changes.</p>
      )}
    </section>
  );
}

export function DiffView({ diff }: { diff: RegistryDiff }) {
  if (diff.empty) {
    return (
      <p className="rounded-md border border-slate-200 bg-white px-4 py-3 text-sm text-slate-800">
        <strong>No changes.</strong> The registry already matches this file.
      </p>
    );
  }
  return (
    <div className="flex flex-col gap-3">
      {SECTIONS.map((s) => diff.sections[s] && <SectionView key={s} section={s} diff={diff.sections[s]} />)}
    </div>
  );
}

/** Total added + changed + removed entries across sections. */
export function changeCount(diff: RegistryDiff): number {
  return SECTIONS.reduce((n, s) => {
    const d = diff.sections[s];
    return d ? n + d.added.length + d.changed.length + d.removed.length : n;
  }, 0);
}
