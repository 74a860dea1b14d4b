// The CodeMirror 6 extensions of the template `expr` editor: Prometheus's own PromQL language support
// (@prometheus-io/codemirror-promql: grammar, highlighting, function/keyword completion, its linter) plus what
// templates add: `${service}`-style placeholders marked and completed, and the registry's check
// (checkTemplateExpr, the one the import and the save run) as lint diagnostics at their offsets.
// Browser-only: imported by PromqlEditor, which is loaded without server rendering.
import { autocompletion, closeBrackets, closeBracketsKeymap, completionKeymap, type CompletionSource } from '@codemirror/autocomplete';
import { defaultKeymap, history, historyKeymap } from '@codemirror/commands';
import { bracketMatching, HighlightStyle, syntaxHighlighting } from '@codemirror/language';
import { lintKeymap, type Diagnostic } from '@codemirror/lint';
import { EditorState, type Extension } from '@codemirror/state';
import { Decoration, EditorView, keymap, MatchDecorator, ViewPlugin, type DecorationSet, type ViewUpdate } from '@codemirror/view';
import { tags } from '@lezer/highlight';
import { PromQLExtension } from '@prometheus-io/codemirror-promql';
import { checkTemplateExpr, findPlaceholders, PLACEHOLDERS } from '@/lib/registry/promql';

const PLACEHOLDER_INFO: Record<(typeof PLACEHOLDERS)[number], string> = {
  service: 'the service name',
  job: 'the scrape job (= the service name)',
  namespace: 'the namespace (k8s-deployment services)',
  host: 'the host (docker and systemd services)',
  page: 'the page path (pages)',
};

/** Where a diagnostic at `offset` should end: the placeholder or word there, at least one character. */
function extentAt(text: string, offset: number): number {
  if (offset >= text.length) return text.length;
  const placeholder = /^\$\{[^}\s]{0,40}\}?/.exec(text.slice(offset));
  if (placeholder) return offset + placeholder[0].length;
  const word = /^[A-Za-z0-9_:.]+/.exec(text.slice(offset));
  return offset + (word ? word[0].length : 1);
}

/** The registry's check as CodeMirror diagnostics. */
export function templateDiagnostics(text: string): Diagnostic[] {
  return checkTemplateExpr(text).map((p) => ({
    from: p.offset,
    to: extentAt(text, p.offset),
    severity: 'error',
    message: p.message,
    source: 'template check',
  }));
}

const overlaps = (a: { from: number; to: number }, b: { from: number; to: number }) =>
  a.from === b.from || (a.from < Math.max(b.to, b.from + 1) && b.from < Math.max(a.to, a.from + 1));

/** Prometheus's linter plus ours; theirs left out where ours already speaks (or a placeholder stands). */
export function combinedLinter(promql: PromQLExtension): void {
  const theirs = promql.getLinter();
  promql.setLinter({
    promQL() {
      const run = theirs.promQL();
      return async (view: EditorView) => {
        const text = view.state.doc.toString();
        const ours = templateDiagnostics(text);
        // on a tree repaired by error recovery, type checks report phantoms: the syntax error is the news
        if (ours.some((d) => d.message.startsWith('PromQL syntax error'))) return ours;
        const placeholders = findPlaceholders(text).map((r) => ({ from: r.offset, to: r.offset + r.name.length + 3 }));
        const skip = [...ours, ...placeholders];
        const fromPromql = (await run(view)).filter((d) => !skip.some((s) => overlaps(s, d))).map((d) => ({ ...d, source: 'PromQL' }));
        return [...ours, ...fromPromql].sort((a, b) => a.from - b.from);
      };
    },
  });
}

const placeholderMarks = new MatchDecorator({
  regexp: /\$\{[A-Za-z_][A-Za-z0-9_]*\}/g,
  decoration: Decoration.mark({ class: 'cm-template-placeholder' }),
});

const placeholderPlugin = ViewPlugin.fromClass(
  class {
    decorations: DecorationSet;
    constructor(view: EditorView) {
      this.decorations = placeholderMarks.createDeco(view);
    }
    update(update: ViewUpdate) {
      this.decorations = placeholderMarks.updateDeco(update, this.decorations);
    }
  },
  { decorations: (v) => v.decorations },
);

/** `$` or `${na` completes to the placeholders a generator fills in. */
const placeholderCompletion: CompletionSource = (context) => {
  const match = context.matchBefore(/\$\{?[A-Za-z_]*$/);
  if (!match) return null;
  return {
    from: match.from,
    options: PLACEHOLDERS.map((name) => ({ label: `\${${name}}`, type: 'variable', detail: PLACEHOLDER_INFO[name] })),
    validFor: /^\$\{?[A-Za-z_]*\}?$/,
  };
};

// Colours picked for at least 4.5:1 on white (WCAG AA), unlike some of CodeMirror's defaults.
const highlight = HighlightStyle.define([
  { tag: tags.comment, color: '#475569', fontStyle: 'italic' },
  { tag: tags.string, color: '#9a3412' },
  { tag: tags.number, color: '#047857' },
  { tag: tags.labelName, color: '#1d4ed8' },
  { tag: tags.function(tags.variableName), color: '#6d28d9' },
  { tag: [tags.operatorKeyword, tags.modifier, tags.logicOperator], color: '#be185d', fontWeight: '600' },
  { tag: tags.variableName, color: '#0f172a' },
]);

const theme = EditorView.theme({
  '&': { fontSize: '0.8125rem', border: '1px solid #cbd5e1', borderRadius: '0.375rem', backgroundColor: '#fff' },
  '&.cm-focused': { outline: '2px solid #4338ca', outlineOffset: '2px' },
  '.cm-content': { fontFamily: 'var(--font-mono)', padding: '0.5rem 0', minHeight: '5rem' },
  '.cm-line': { padding: '0 0.75rem' },
  '.cm-template-placeholder': { backgroundColor: '#e0e7ff', color: '#3730a3', borderRadius: '2px' },
  '.cm-tooltip-lint, .cm-diagnostic': { fontFamily: 'var(--font-sans)', fontSize: '0.8125rem' },
});

/** Everything the editor needs. `extra`: per-instance additions (labels, listeners). */
export function promqlEditorExtensions(extra: Extension[]): Extension[] {
  const promql = new PromQLExtension(); // no remote: function and keyword completion only
  combinedLinter(promql);
  return [
    history(),
    closeBrackets(),
    bracketMatching(),
    autocompletion(),
    promql.asExtension(),
    EditorState.languageData.of(() => [{ autocomplete: placeholderCompletion }]),
    placeholderPlugin,
    syntaxHighlighting(highlight),
    EditorView.lineWrapping,
    theme,
    // no indentWithTab: Tab must keep moving focus out of the editor for keyboard users
    keymap.of([...closeBracketsKeymap, ...defaultKeymap, ...historyKeymap, ...completionKeymap, ...lintKeymap]),
    ...extra,
  ];
}
