import { python } from '@codemirror/lang-python';
import { MergeView } from '@codemirror/merge';
import { EditorState } from '@codemirror/state';
import { EditorView } from '@codemirror/view';
import { basicSetup } from 'codemirror';
import { useEffect, useRef } from 'react';

/** Two versions side by side with their changes marked (CodeMirror's merge view), read only. */
export function VersionDiff({ before, after }: { before: string; after: string }) {
  const host = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const side = (doc: string, label: string) => ({
      doc,
      extensions: [
        basicSetup,
        python(),
        EditorState.readOnly.of(true),
        EditorView.editable.of(false),
        EditorView.contentAttributes.of({ 'aria-label': label }),
      ],
    });
    const view = new MergeView({
      a: side(before, 'Older version'),
      b: side(after, 'Newer version'),
      parent: host.current!,
      collapseUnchanged: { margin: 3, minSize: 6 },
    });
    return () => view.destroy();
  }, [before, after]);
  return (
    <div ref={host} data-testid="version-diff" style={{ border: '1px solid var(--mantine-color-default-border)' }} />
  );
}
