'use client';
// Bulk edit: select services (any page, or all that match), choose the change, preview how many it really
// alters, then apply exactly what was previewed. The server checks everything again (role, templates, owner).
import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useMemo, useState, useTransition } from 'react';
import { bulkEditServicesAction } from '@/app/actions/registry';
import { previewBulkEditAction } from '@/app/services/bulk/actions';
import type { BulkRow } from '@/lib/registry/bulk-queries';
import { formErrorOf, UNREACHABLE, type ActionResult } from '@/components/forms/action-result';
import { errorBox, primaryButton, secondaryButton, successBox, warningBox } from '@/components/forms/styles';
import { BulkTable } from './BulkTable';
import { ChangePanel, type TemplateOption } from './ChangePanel';
import { NO_CHANGE, bulkRequest, hasChange, type ChangeState } from './bulk-request';

interface Props {
  rows: BulkRow[];
  /** services matching the filter in all (more than rows.length when over the limit) */
  total: number;
  limit: number;
  owners: string[];
  templates: TemplateOption[];
}

type Outcome =
  | { kind: 'preview'; signature: string; affected: number; selected: number; examples: string[] }
  | { kind: 'applied'; affected: number; changed: boolean }
  | { kind: 'error'; formError: string | null; fieldErrors: Record<string, string> };

type PreviewAnswer = Awaited<ReturnType<typeof previewBulkEditAction>>;

const fmt = (n: number) => n.toLocaleString('en-US');
const services = (n: number) => `${fmt(n)} service${n === 1 ? '' : 's'}`;
const FIELD_LABEL: Record<string, string> = { names: 'Selection', alerts: 'Alert templates', owner: 'Owner', changes: 'Change' };

/** Any refusal (invalid input, a denial, a conflict) as messages for the form. */
function errorOf(r: ActionResult | PreviewAnswer): Outcome {
  const fieldErrors = !r.ok && 'fieldErrors' in r ? r.fieldErrors : {};
  const formError = formErrorOf(r as ActionResult);
  return { kind: 'error', fieldErrors, formError: formError ?? (Object.keys(fieldErrors).length ? null : 'The change was refused.') };
}

export function BulkEditor({ rows, total, limit, owners, templates }: Props) {
  const router = useRouter();
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [page, setPage] = useState(1);
  const [change, setChange] = useState<ChangeState>(NO_CHANGE);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  const [busy, setBusy] = useState<'preview' | 'apply' | null>(null);
  const [pending, startTransition] = useTransition();

  // Only services still listed count (after an edit, some may no longer match the filter).
  const names = useMemo(() => rows.filter((r) => picked.has(r.name)).map((r) => r.name), [rows, picked]);
  const selected = useMemo(() => new Set(names), [names]);
  const usage = useMemo(() => {
    const m = new Map<string, number>();
    for (const r of rows) if (selected.has(r.name)) for (const k of r.alerts) m.set(k, (m.get(k) ?? 0) + 1);
    return m;
  }, [rows, selected]);
  const request = bulkRequest(names, change);
  const signature = JSON.stringify(request);
  const previewed = outcome?.kind === 'preview' && outcome.signature === signature ? outcome : null;
  const canApply = !pending && previewed !== null && previewed.affected > 0;
  const fieldErrors = outcome?.kind === 'error' ? outcome.fieldErrors : {};

  function toggle(list: string[], on: boolean) {
    setPicked((prev) => {
      const next = new Set(prev);
      for (const n of list) if (on) next.add(n);
      else next.delete(n);
      return next;
    });
  }

  function run(which: 'preview' | 'apply', call: () => Promise<Outcome>) {
    setBusy(which);
    startTransition(async () => {
      try {
        setOutcome(await call());
      } catch {
        setOutcome({ kind: 'error', fieldErrors: {}, formError: UNREACHABLE });
      } finally {
        setBusy(null);
      }
    });
  }

  const preview = () =>
    run('preview', async () => {
      const r = await previewBulkEditAction(request);
      return r.ok ? { kind: 'preview', signature, affected: r.affected, selected: r.selected, examples: r.examples } : errorOf(r);
    });

  const apply = () =>
    run('apply', async () => {
      const affected = previewed?.affected ?? 0;
      const r = (await bulkEditServicesAction(request)) as ActionResult;
      if (!r.ok) return errorOf(r);
      setChange(NO_CHANGE);
      router.refresh();
      return { kind: 'applied', affected, changed: r.changed };
    });

  return (
    <div className="flex flex-col gap-6">
      <section aria-labelledby="bulk-select-heading">
        <h2 id="bulk-select-heading" className="mb-2 text-base font-semibold text-slate-900">
          1. Select services
        </h2>
        {total > rows.length && (
          <p className={`${warningBox} mb-3`}>
            {fmt(total)} services match; only the first {fmt(limit)} by name are listed, and one bulk edit changes at most{' '}
            {fmt(limit)}. Narrow the filter to reach the others.
          </p>
        )}
        <div className="mb-3 flex flex-wrap items-center gap-3 text-sm">
          <p aria-live="polite" className="font-medium text-slate-900">
            {fmt(names.length)} of {services(rows.length)} selected
          </p>
          <button
            type="button"
            className={secondaryButton}
            disabled={names.length === rows.length}
            onClick={() => setPicked(new Set(rows.map((r) => r.name)))}
          >
            Select all {fmt(rows.length)} matching
          </button>
          <button type="button" className={secondaryButton} disabled={names.length === 0} onClick={() => setPicked(new Set())}>
            Clear selection
          </button>
        </div>
        {fieldErrors.names && <p className="mb-2 text-sm text-red-800">{fieldErrors.names}</p>}
        <BulkTable rows={rows} selected={selected} onToggle={toggle} page={page} onPage={setPage} />
      </section>

      <section aria-labelledby="bulk-change-heading" className="rounded-lg border border-slate-200 bg-white p-4 shadow-xs">
        <h2 id="bulk-change-heading" className="mb-3 text-base font-semibold text-slate-900">
          2. Choose the change
        </h2>
        {fieldErrors.changes && <p className="mb-2 text-sm text-red-800">{fieldErrors.changes}</p>}
        <ChangePanel value={change} onChange={setChange} owners={owners} templates={templates} usage={usage} fieldErrors={fieldErrors} disabled={pending} />
        <div className="mt-4 flex flex-wrap items-center gap-3">
          <button type="button" className={secondaryButton} disabled={pending || names.length === 0 || !hasChange(change)} onClick={preview}>
            {busy === 'preview' ? 'Checking…' : `Preview the change to ${services(names.length)}`}
          </button>
          <button type="button" className={primaryButton} disabled={!canApply} onClick={apply} aria-describedby="bulk-apply-hint">
            {busy === 'apply' ? 'Applying…' : previewed ? `Apply to ${services(previewed.affected)}` : 'Apply'}
          </button>
          <span id="bulk-apply-hint" className="text-xs text-slate-600">
            Apply is enabled after a preview of exactly this selection and change.
          </span>
        </div>
      </section>

      <section aria-labelledby="bulk-result-heading">
        <h2 id="bulk-result-heading" className="mb-2 text-base font-semibold text-slate-900">
          3. Preview and result
        </h2>
        {/* Always in the page, so screen readers announce what appears in it. */}
        <div aria-live="polite" aria-atomic="true">
          {!outcome && <p className="text-sm text-slate-600">Nothing previewed yet.</p>}
          {outcome?.kind === 'preview' && (
            <div className={outcome.signature === signature ? 'rounded-md border border-indigo-200 bg-indigo-50 px-4 py-3 text-sm text-indigo-950' : warningBox}>
              <p>
                Would change <strong>{fmt(outcome.affected)}</strong> of {fmt(outcome.selected)} selected services
                {outcome.affected < outcome.selected && ` (${fmt(outcome.selected - outcome.affected)} already match)`}.
                {outcome.signature !== signature && ' The selection or the change was edited since: preview again.'}
              </p>
              {outcome.examples.length > 0 && (
                <p className="mt-1 text-xs">
                  For example: {outcome.examples.join(', ')}
                  {outcome.affected > outcome.examples.length && ', …'}
                </p>
              )}
            </div>
          )}
          {outcome?.kind === 'applied' && (
            <p className={successBox}>
              {outcome.changed ? (
                <>
                  Applied: {services(outcome.affected)} changed, recorded as one entry in the{' '}
                  <Link href="/audit?action=services.bulk">audit log</Link>.
                </>
              ) : (
                'Nothing changed: the selected services already matched (someone may have made the same change meanwhile).'
              )}
            </p>
          )}
        </div>
        {outcome?.kind === 'error' && (
          <div role="alert" className={errorBox}>
            <p className="font-medium">Not applied.</p>
            {outcome.formError && <p>{outcome.formError}</p>}
            {Object.entries(outcome.fieldErrors).map(([field, message]) => (
              <p key={field}>
                {FIELD_LABEL[field] ?? field}: {message}
              </p>
            ))}
          </div>
        )}
      </section>
    </div>
  );
}
