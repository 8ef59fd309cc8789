import { python } from '@codemirror/lang-python';
import { lintGutter, setDiagnostics, type Diagnostic } from '@codemirror/lint';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

export interface LineProblem {
  line: number;
  message: string;
}

/** A diagnostic covering a whole 1-based line, clamped to the document. */
export function lineDiagnostic(state: EditorState, problem: LineProblem): Diagnostic {
  const line = state.doc.line(Math.min(Math.max(problem.line, 1), state.doc.lines));
  return { from: line.from, to: Math.max(line.to, line.from), severity: 'error', message: problem.message };
}

interface PythonEditorProps {
  /** The content to show; a change from outside (another version loaded) replaces the text. */
  value: string;
  onChange(value: string): void;
  /** The line the service refused (INVALID_SCRIPT), marked in the gutter and underlined. */
  problem: LineProblem | null;
  readOnly?: boolean;
  label: string;
}

/** CodeMirror 6 with Python highlighting, kept in step with React's state. */
export function PythonEditor({ value, onChange, problem, readOnly = false, label }: PythonEditorProps) {
  const host = useRef<HTMLDivElement>(null);
  const view = useRef<EditorView | null>(null);
  const changed = useRef(onChange);
  changed.current = onChange;

  useEffect(() => {
    const editor = new EditorView({
      parent: host.current!,
      state: EditorState.create({
        doc: value,
        extensions: [
          basicSetup,
          python(),
          lintGutter(),
          EditorState.readOnly.of(readOnly),
          EditorView.contentAttributes.of({ 'aria-label': label }),
          EditorView.updateListener.of((update) => {
            if (update.docChanged) changed.current(update.state.doc.toString());
          }),
        ],
      }),
    });
    view.current = editor;
    return () => editor.destroy();
    // The editor is made once; value and problem are pushed in by the effects below.
  }, [readOnly, label]);

  useEffect(() => {
    const editor = view.current;
    if (!editor || editor.state.doc.toString() === value) return;
    editor.dispatch({ changes: { from: 0, to: editor.state.doc.length, insert: value } });
  }, [value]);

  useEffect(() => {
    const editor = view.current;
    if (!editor) return;
    editor.dispatch(setDiagnostics(editor.state, problem ? [lineDiagnostic(editor.state, problem)] : []));
  }, [problem, value]);

  return (
    <div
      ref={host}
      data-testid="python-editor"
      style={{ border: '1px solid var(--mantine-color-default-border)', minHeight: 320 }}
    />
  );
}
