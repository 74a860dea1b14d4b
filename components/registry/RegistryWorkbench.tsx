'use client';
// Import a registry: paste or upload YAML, preview what would change, then apply exactly what was previewed.
// Apply sends the preview's revision in If-Match, so a registry changed by someone else in between is
// refused (412) instead of silently overwritten.
import { useId, useRef, useState, type ChangeEvent, type RefObject } from 'react';
import type { RegistryDiff } from '@/lib/registry/diff-types';
import type { RegistryProblem } from '@/lib/registry/errors';
import { fetchRegistryYaml, putRegistry } from './registry-api';
import { DiffView, changeCount } from './DiffView';
import { ProblemList } from './ProblemList';
import { NumberedYaml } from './NumberedYaml';
import { primaryButton, secondaryButton } from '@/components/forms/styles';

type Result =
  | { kind: 'preview'; text: string; revision: string; diff: RegistryDiff }
  | { kind: 'applied'; diff: RegistryDiff }
  | { kind: 'problems'; text: string; problems: RegistryProblem[] }
  | { kind: 'message'; tone: 'error' | 'warning'; message: string };

type Busy = null | 'preview' | 'apply' | 'load';


/** `mayApply`: the reader's role may change the registry (the server checks again); others can still preview. */
export function RegistryWorkbench({ mayApply }: { mayApply: boolean }) {
  const [text, setText] = useState('');
  const [fileName, setFileName] = useState<string | null>(null);
  const [busy, setBusy] = useState<Busy>(null);
  const [result, setResult] = useState<Result | null>(null);
  const resultHeading = useRef<HTMLHeadingElement>(null);
  const ids = { text: useId(), file: useId(), applyHint: useId() };

  // Apply is only offered for the exact text that was last previewed successfully.
  const canApply = busy === null && result?.kind === 'preview' && result.text === text;

  function show(next: Result) {
    setResult(next);
    // Move focus to the outcome so keyboard and screen-reader users land on it (after React renders it).
    requestAnimationFrame(() => resultHeading.current?.focus());
  }

  async function onFile(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    if (!file) return;
    setText(await file.text());
    setFileName(file.name);
    setResult(null);
  }

  async function loadCurrent() {
    setBusy('load');
    const res = await fetchRegistryYaml();
    setBusy(null);
    if (res.ok) {
      setText(res.text);
      setFileName(null);
      setResult(null);
    } else show({ kind: 'message', tone: 'error', message: res.message });
  }

  async function preview() {
    const submitted = text;
    setBusy('preview');
    const out = await putRegistry(submitted, { dryRun: true });
    setBusy(null);
    if (out.kind === 'ok') show({ kind: 'preview', text: submitted, revision: out.revision, diff: out.diff });
    else if (out.kind === 'problems') show({ kind: 'problems', text: submitted, problems: out.problems });
    else show({ kind: 'message', tone: 'error', message: out.message });
  }

  async function apply() {
    if (result?.kind !== 'preview') return;
    setBusy('apply');
    const out = await putRegistry(result.text, { dryRun: false, revision: result.revision });
    setBusy(null);
    if (out.kind === 'ok') show({ kind: 'applied', diff: out.diff });
    else if (out.kind === 'problems') show({ kind: 'problems', text: result.text, problems: out.problems });
    else show({ kind: 'message', tone: out.kind === 'conflict' ? 'warning' : 'error', message: out.message });
  }

  return (
    <div className="flex flex-col gap-6">
      <form
        className="flex flex-col gap-4 rounded-lg border border-slate-200 bg-white p-5 shadow-xs"
        onSubmit={(e) => {
          e.preventDefault();
          void preview();
        }}
      >
        <div className="flex flex-wrap items-end justify-between gap-4">
          <div>
            <label htmlFor={ids.file} className="block text-sm font-medium text-slate-800">
              Upload a .yaml file
            </label>
            <input
              id={ids.file}
              type="file"
              accept=".yaml,.yml,application/yaml,text/yaml"
              onChange={onFile}
              className="mt-1 block text-sm text-slate-700 file:mr-3 file:rounded-md file:border file:border-slate-300 file:bg-white file:px-3 file:py-1.5 file:text-sm file:font-medium file:text-slate-800 hover:file:bg-slate-50"
            />
          </div>
          <button type="button" className={secondaryButton} onClick={loadCurrent} disabled={busy !== null}>
            {busy === 'load' ? 'Loading…' : 'Load current registry'}
          </button>
        </div>

        <div>
          <label htmlFor={ids.text} className="block text-sm font-medium text-slate-800">
            Registry YAML{fileName && <span className="font-normal text-slate-600"> — from {fileName}</span>}
          </label>
          <textarea
            id={ids.text}
            name="yaml"
            value={text}
            onChange={(e) => setText(e.target.value)}
            rows={16}
            spellCheck={false}
            autoCapitalize="off"
            autoCorrect="off"
            placeholder={'services:\n  - name: my-api\n    type: k8s-deployment\n    …'}
            className="mt-1 block w-full rounded-md border border-slate-300 px-3 py-2 font-mono text-xs leading-5 text-slate-900 placeholder:text-slate-500"
          />
        </div>

        <div className="flex flex-wrap items-center gap-3">
          <button type="submit" className={primaryButton} disabled={busy !== null || text.trim() === ''}>
            {busy === 'preview' ? 'Previewing…' : 'Preview changes'}
          </button>
          {mayApply ? (
            <button
              type="button"
              className={secondaryButton}
              onClick={apply}
              disabled={!canApply}
              aria-describedby={canApply ? undefined : ids.applyHint}
            >
              {busy === 'apply' ? 'Applying…' : 'Apply'}
            </button>
          ) : (
            <span className="text-sm text-slate-600">Applying an import needs the editor role; you can preview.</span>
          )}
          {mayApply && !canApply && busy === null && (
            <span id={ids.applyHint} className="text-sm text-slate-600">
              {result?.kind === 'preview' ? 'The text changed since the preview: preview it again to apply.' : 'Preview the changes first to apply them.'}
            </span>
          )}
        </div>
      </form>

      {/* Not a live region: a diff can be thousands of lines. Focus moves to the result's heading instead. */}
      {result && <ResultView result={result} headingRef={resultHeading} />}
    </div>
  );
}

function ResultView({ result, headingRef }: { result: Result; headingRef: RefObject<HTMLHeadingElement | null> }) {
  const heading = (text: string) => (
    <h2 ref={headingRef} tabIndex={-1} className="text-lg font-semibold text-slate-900 focus:outline-none">
      {text}
    </h2>
  );
  switch (result.kind) {
    case 'preview': {
      const n = changeCount(result.diff);
      return (
        <section className="flex flex-col gap-3" aria-label="Preview">
          {heading(result.diff.empty ? 'Preview: no changes' : `Preview: ${n} ${n === 1 ? 'change' : 'changes'}`)}
          <DiffView diff={result.diff} />
        </section>
      );
    }
    case 'applied': {
      const n = changeCount(result.diff);
      return (
        <section className="flex flex-col gap-3" aria-label="Applied">
          {heading(`Applied: ${n} ${n === 1 ? 'change' : 'changes'} written`)}
          <p role="status" className="rounded-md border border-emerald-300 bg-emerald-50 px-4 py-3 text-sm text-emerald-950">
            The registry was updated. These are the changes that were made:
          </p>
          <DiffView diff={result.diff} />
        </section>
      );
    }
    case 'problems':
      return (
        <section className="flex flex-col gap-3" aria-label="Problems in the file">
          {heading(`${result.problems.length} ${result.problems.length === 1 ? 'problem' : 'problems'} in the file`)}
          <p className="text-sm text-slate-700">Nothing was changed. Fix these and preview again; select a problem to see its line.</p>
          <div className="rounded-lg border border-red-200 bg-white p-2">
            <ProblemList problems={result.problems} />
          </div>
          <NumberedYaml text={result.text} problems={result.problems} />
        </section>
      );
    case 'message':
      return (
        <section className="flex flex-col gap-3" aria-label="Result">
          {heading(result.tone === 'warning' ? 'Not applied' : 'Something went wrong')}
          <p
            role="alert"
            className={`rounded-md border px-4 py-3 text-sm ${result.tone === 'warning' ? 'border-amber-300 bg-amber-50 text-amber-950' : 'border-red-300 bg-red-50 text-red-950'}`}
          >
            {result.message}
          </p>
        </section>
      );
  }
}
