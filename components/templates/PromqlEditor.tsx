'use client';
// The CodeMirror 6 editor for a template's `expr`. Browser-only (CodeMirror needs the DOM): PromqlField loads
// it with a dynamic import after hydration and shows a plain textarea until then (and on the server).
import { Compartment, EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { useEffect, useEffectEvent, useRef } from 'react';
import { promqlEditorExtensions } from './promql-extensions';

export interface PromqlEditorProps {
  /** the id of the editable element (so labels, error links and the form's focus can reach it) */
  id: string;
  value: string;
  onChange: (value: string) => void;
  onBlur?: () => void;
  /** id of the visible label */
  labelledBy: string;
  describedBy?: string;
  invalid?: boolean;
  readOnly?: boolean;
  /** focus the editor once it is mounted (it replaced the fallback textarea that had the focus) */
  autoFocus?: boolean;
}

function attributes(p: Pick<PromqlEditorProps, 'id' | 'labelledBy' | 'describedBy' | 'invalid' | 'readOnly'>): Record<string, string> {
  const attrs: Record<string, string> = { id: p.id, 'aria-labelledby': p.labelledBy, spellcheck: 'false', autocapitalize: 'off' };
  if (p.describedBy) attrs['aria-describedby'] = p.describedBy;
  if (p.invalid) attrs['aria-invalid'] = 'true';
  if (p.readOnly) {
    attrs['aria-readonly'] = 'true';
    attrs.tabindex = '0'; // not editable, so CodeMirror leaves it out of the tab order: keep it reachable
  }
  return attrs;
}

export default function PromqlEditor(props: PromqlEditorProps) {
  const { id, value, labelledBy, describedBy, invalid, readOnly, autoFocus } = props;
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const attrs = useRef(new Compartment());
  const editable = useRef(new Compartment());
  const changed = useEffectEvent((text: string) => props.onChange(text));
  const blurred = useEffectEvent(() => props.onBlur?.());
  const initial = useEffectEvent(() => ({ value, autoFocus, attrs: attributes(props), readOnly: Boolean(readOnly) }));

  useEffect(() => {
    const start = initial();
    const v = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: start.value,
        extensions: promqlEditorExtensions([
          attrs.current.of(EditorView.contentAttributes.of(start.attrs)),
          editable.current.of([EditorState.readOnly.of(start.readOnly), EditorView.editable.of(!start.readOnly)]),
          EditorView.updateListener.of((u) => {
            if (u.docChanged) changed(u.state.doc.toString());
            if (u.focusChanged && !u.view.hasFocus) blurred();
          }),
        ]),
      }),
    });
    view.current = v;
    if (start.autoFocus) v.focus();
    return () => {
      v.destroy();
      view.current = null;
    };
  }, []);

  // a value set from outside (e.g. "Use theirs" after a conflict) replaces the text
  useEffect(() => {
    const v = view.current;
    if (v && v.state.doc.toString() !== value) v.dispatch({ changes: { from: 0, to: v.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    view.current?.dispatch({
      effects: [
        attrs.current.reconfigure(EditorView.contentAttributes.of(attributes({ id, labelledBy, describedBy, invalid, readOnly }))),
        editable.current.reconfigure([EditorState.readOnly.of(Boolean(readOnly)), EditorView.editable.of(!readOnly)]),
      ],
    });
  }, [id, labelledBy, describedBy, invalid, readOnly]);

  return <div ref={host} className="mt-1" data-testid="promql-editor" />;
}
