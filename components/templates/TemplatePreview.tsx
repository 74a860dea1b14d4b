'use client';
// The rule the CURRENT draft (saved or not) gives one service or page, as the generator writes it. The server
// runs the generator (POST /api/v1/templates/preview); typing is debounced, the last rule stays visible
// while the next one is on its way.
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, useMemo, useState } from 'react';
import type { Draft } from '@/lib/registry/entry-draft';
import { fetchTemplatePreview, useDebounced, type PreviewTargetRef } from './preview-api';
import { inputClass } from './fields';
import type { TemplateUser } from './used-by';

const MAX_OPTIONS = 200;
const DEBOUNCE_MS = 400;

interface Props {
  draft: Draft;
  /** the draft passes the form's checks (otherwise the fields show why, and there is nothing to preview) */
  draftOk: boolean;
  /** services and pages that use the template: offered first */
  users: TemplateUser[];
  services: string[];
  pages: string[];
}

const valueOf = (t: PreviewTargetRef) => `${t.kind}:${t.name}`;
const targetOf = (value: string): PreviewTargetRef => {
  const colon = value.indexOf(':');
  return { kind: value.slice(0, colon) === 'page' ? 'page' : 'service', name: value.slice(colon + 1) };
};

/** Up to MAX_OPTIONS names matching `filter`, always including `keep`; and how many matched. */
function pick(names: string[], filter: string, keep: string | undefined): { shown: string[]; total: number } {
  const f = filter.trim().toLowerCase();
  const matching = f ? names.filter((n) => n.toLowerCase().includes(f)) : names;
  const shown = matching.slice(0, MAX_OPTIONS);
  if (keep !== undefined && names.includes(keep) && !shown.includes(keep)) shown.unshift(keep);
  return { shown, total: matching.length };
}

export function TemplatePreview({ draft, draftOk, users, services, pages }: Props) {
  const ids = { filter: useId(), target: useId(), status: useId() };
  const first: PreviewTargetRef | null = users[0] ?? (services[0] ? { kind: 'service', name: services[0] } : pages[0] ? { kind: 'page', name: pages[0] } : null);
  const [target, setTarget] = useState<PreviewTargetRef | null>(first);
  const [filter, setFilter] = useState('');

  const draftKey = JSON.stringify(draft);
  const settled = useDebounced(draftKey, DEBOUNCE_MS);
  const query = useQuery({
    queryKey: ['template-preview', settled, target?.kind, target?.name],
    queryFn: ({ signal }) => fetchTemplatePreview(JSON.parse(settled) as Draft, target!, signal),
    enabled: target !== null && draftOk,
    placeholderData: keepPreviousData,
    staleTime: 60_000,
    retry: false,
  });

  const others = useMemo(() => {
    const using = new Set(users.map(valueOf));
    return { services: services.filter((s) => !using.has(`service:${s}`)), pages: pages.filter((p) => !using.has(`page:${p}`)) };
  }, [services, pages, users]);
  const svc = pick(others.services, filter, target?.kind === 'service' ? target.name : undefined);
  const pg = pick(others.pages, filter, target?.kind === 'page' ? target.name : undefined);
  const hidden = svc.total - Math.min(svc.total, MAX_OPTIONS) + (pg.total - Math.min(pg.total, MAX_OPTIONS));
  const targetLabel = target ? `${target.kind} ${target.name}` : '';

  let status: string;
  if (!target) status = 'There is no service or page to preview with yet.';
  else if (!draftOk) status = 'The preview appears once the form has no problems.';
  else if (query.isError) status = `No preview: ${query.error.message}`;
  else if (query.isPending) status = `Generating the rule for ${targetLabel}…`;
  else if (query.isFetching || settled !== draftKey) status = `Updating the rule for ${targetLabel}…`;
  else if (query.data.ok) status = `The rule for ${targetLabel}, as written to ${query.data.file}.`;
  else status = `No rule for ${targetLabel}:`;

  const data = draftOk ? query.data : undefined;
  return (
    <div className="space-y-3">
      <div className="grid gap-3 sm:grid-cols-2">
        <div>
          <label htmlFor={ids.filter} className="block text-sm font-medium text-slate-800">
            Find a service or page
          </label>
          <input id={ids.filter} type="search" value={filter} onChange={(e) => setFilter(e.target.value)} className={inputClass} autoComplete="off" />
        </div>
        <div>
          <label htmlFor={ids.target} className="block text-sm font-medium text-slate-800">
            Preview for
          </label>
          <select
            id={ids.target}
            value={target ? valueOf(target) : ''}
            onChange={(e) => setTarget(targetOf(e.target.value))}
            disabled={!target}
            aria-describedby={hidden > 0 ? `${ids.target}-more` : undefined}
            className={inputClass}
          >
            {users.length > 0 && (
              <optgroup label="Using this template">
                {users.map((u) => (
                  <option key={valueOf(u)} value={valueOf(u)}>
                    {u.kind} {u.name}
                  </option>
                ))}
              </optgroup>
            )}
            {svc.shown.length > 0 && (
              <optgroup label={users.length > 0 ? 'Other services' : 'Services'}>
                {svc.shown.map((s) => (
                  <option key={s} value={`service:${s}`}>
                    service {s}
                  </option>
                ))}
              </optgroup>
            )}
            {pg.shown.length > 0 && (
              <optgroup label={users.length > 0 ? 'Other pages' : 'Pages'}>
                {pg.shown.map((p) => (
                  <option key={p} value={`page:${p}`}>
                    page {p}
                  </option>
                ))}
              </optgroup>
            )}
          </select>
          {hidden > 0 && (
            <p id={`${ids.target}-more`} className="mt-0.5 text-xs text-slate-600">
              {hidden} more not listed; type in the search box to narrow the list.
            </p>
          )}
        </div>
      </div>

      <p id={ids.status} role="status" className="text-sm text-slate-700">
        {status}
      </p>
      {data && !data.ok && (
        <ul className="list-disc space-y-0.5 pl-5 text-sm text-red-700">
          {data.problems.map((p, i) => (
            <li key={i}>
              {p.field && <span className="font-mono text-xs">{p.field}: </span>}
              {p.message}
            </li>
          ))}
        </ul>
      )}
      {data?.ok && (
        <>
          <pre
            tabIndex={0}
            aria-label={`Generated rule for ${targetLabel}`}
            className="overflow-x-auto rounded-md border border-slate-200 bg-slate-900 p-3 font-mono text-xs leading-relaxed text-slate-100"
          >
            <code>{data.yaml}</code>
          </pre>
          {data.notes.length > 0 && (
            <ul className="list-disc space-y-0.5 pl-5 text-sm text-amber-900">
              {data.notes.map((n, i) => (
                <li key={i}>{n}</li>
              ))}
            </ul>
          )}
        </>
      )}
    </div>
  );
}
