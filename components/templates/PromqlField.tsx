'use client';
// The `expr` field: label, hint, the PromQL editor and every problem of the expression with its line and
// column (the editor underlines them too, but a list is what screen readers and keyboards can reach).
// The editor is loaded after hydration; the server (and a slow network) render a plain textarea instead.
import { useEffect, useMemo, useState, type ComponentType } from 'react';
import { checkTemplateExpr, offsetToLineColumn } from '@/lib/registry/promql';
import type { PromqlEditorProps } from './PromqlEditor';
import { errorId, FieldShell, fieldId, hintId, inputClass } from './fields';

interface Props {
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** the field's error from the form (server or schema); the expression's own problems are listed when `showProblems` */
  error?: string;
  showProblems: boolean;
  readOnly?: boolean;
}

const NAME = 'expr';

export function PromqlField({ value, onChange, onBlur, error, showProblems, readOnly }: Props) {
  const [Editor, setEditor] = useState<ComponentType<PromqlEditorProps> | null>(null);
  const [fallbackFocused, setFallbackFocused] = useState(false);
  useEffect(() => {
    let live = true;
    import('./PromqlEditor').then(
      (m) => live && setEditor(() => m.default),
      () => {}, // stays a textarea: still usable, only without highlighting
    );
    return () => {
      live = false;
    };
  }, []);

  const problems = useMemo(() => (showProblems && value.trim() !== '' ? checkTemplateExpr(value) : []), [showProblems, value]);
  const shownError = problems.length > 0 ? undefined : error;
  const invalid = problems.length > 0 || Boolean(error);
  const describedBy = [hintId(NAME), invalid ? errorId(NAME) : null].filter(Boolean).join(' ');
  const hint = (
    <>
      PromQL, checked with Prometheus&rsquo;s grammar as you type. Placeholders inside quoted strings:{' '}
      <code>{'${service}'}</code>, <code>{'${job}'}</code>, <code>{'${namespace}'}</code>, <code>{'${host}'}</code>,{' '}
      <code>{'${page}'}</code>; without any, the generator adds <code>{'service="…"'}</code> (or <code>{'page="…"'}</code>) to each selector.
      Ctrl-Space completes functions; Tab leaves the editor.
    </>
  );

  return (
    <FieldShell name={NAME} label="Expression" hint={hint} error={shownError} required labelAs={Editor ? 'span' : 'label'}>
      {Editor ? (
        <Editor
          id={fieldId(NAME)}
          value={value}
          onChange={onChange}
          onBlur={onBlur}
          labelledBy={`${fieldId(NAME)}-label`}
          describedBy={describedBy}
          invalid={invalid}
          readOnly={readOnly}
          autoFocus={fallbackFocused}
        />
      ) : (
        <textarea
          id={fieldId(NAME)}
          name={NAME}
          value={value}
          rows={4}
          onChange={(e) => onChange(e.target.value)}
          onFocus={() => setFallbackFocused(true)}
          onBlur={() => {
            setFallbackFocused(false);
            onBlur?.();
          }}
          readOnly={readOnly}
          required
          spellCheck={false}
          aria-invalid={invalid || undefined}
          aria-describedby={describedBy}
          className={`${inputClass} font-mono`}
        />
      )}
      {problems.length > 0 && (
        <ul id={errorId(NAME)} className="mt-1 space-y-0.5 text-sm text-red-700">
          {problems.map((p, i) => {
            const at = offsetToLineColumn(value, p.offset);
            return (
              <li key={i}>
                <span className="font-mono text-xs">
                  line {at.line}, column {at.column}:
                </span>{' '}
                {p.message}
              </li>
            );
          })}
        </ul>
      )}
    </FieldShell>
  );
}
