import { useMutation } from '@apollo/client/react';
import { Alert, Button, Group, Stack, Text, Tooltip } from '@mantine/core';
import { useState } from 'react';
import { problemsFromError } from '../api/api-problem';
import { ProblemAlert } from '../api/problem-alert';
import type { ConsoleScriptQuery } from '../gql/graphql';
import { useSessionState } from '../session/session-context';
import { canChange, canRelease, type Allowance } from '../session/permissions';
import { PythonEditor, type LineProblem } from './python-editor';
import { ReleaseScriptMutation, SaveScriptContentMutation, ScriptVersionsQuery } from './script.operations';

type Script = ConsoleScriptQuery['script'];

function Guarded({ allowance, children }: { allowance: Allowance; children: React.ReactElement }) {
  if (allowance.allowed) return children;
  return <Tooltip label={allowance.reason}>{children}</Tooltip>;
}

/** The line an INVALID_SCRIPT answer points at, to mark in the editor. */
export function invalidScriptLine(error: unknown): LineProblem | null {
  const problem = problemsFromError(error).find((one) => one.code === 'INVALID_SCRIPT' && one.line);
  return problem ? { line: problem.line!, message: problem.message } : null;
}

/** Editing the newest version: save stores a new version; release marks the newest as released. */
export function ScriptEditorTab({ script }: { script: Script }) {
  const { user } = useSessionState();
  const [content, setContent] = useState(script.content);
  const [savedMessage, setSavedMessage] = useState<string | null>(null);
  const refetch = { refetchQueries: [{ query: ScriptVersionsQuery, variables: { id: script.id } }] };
  const [save, saving] = useMutation(SaveScriptContentMutation, refetch);
  const [release, releasing] = useMutation(ReleaseScriptMutation, refetch);
  const [problem, setProblem] = useState<LineProblem | null>(null);
  const change = canChange(user, script.owner?.id);
  const releasing_ = canRelease(user);
  const dirty = content !== script.content;

  const onSave = async () => {
    setSavedMessage(null);
    setProblem(null);
    try {
      const { data } = await save({ variables: { id: script.id, content } });
      if (data) setSavedMessage(`Saved as version ${data.updateScript.version}.`);
    } catch (error) {
      setProblem(invalidScriptLine(error));
    }
  };
  const onRelease = async () => {
    setSavedMessage(null);
    await release({ variables: { id: script.id } }).catch(() => undefined);
  };

  return (
    <Stack gap="sm">
      <PythonEditor
        value={content}
        onChange={setContent}
        problem={problem}
        readOnly={!change.allowed}
        label={`Content of ${script.logicalPath}`}
      />
      {problem && (
        <Text c="red" size="sm" data-testid="invalid-line">
          Line {problem.line}: {problem.message}
        </Text>
      )}
      <ProblemAlert error={saving.error} title="Not saved" />
      <ProblemAlert error={releasing.error} title="Not released" />
      {savedMessage && (
        <Alert color="green" role="status">
          {savedMessage}
        </Alert>
      )}
      <Group>
        <Guarded allowance={change}>
          <Button onClick={onSave} disabled={!change.allowed || !dirty} loading={saving.loading}>
            Save as new version
          </Button>
        </Guarded>
        <Guarded allowance={releasing_}>
          <Button
            onClick={onRelease}
            disabled={!releasing_.allowed || script.released || dirty}
            loading={releasing.loading}
          >
            {script.released ? `Version ${script.version} is released` : `Release version ${script.version}`}
          </Button>
        </Guarded>
        {!change.allowed && (
          <Text size="sm" c="dimmed">
            Read only: {change.reason}
          </Text>
        )}
      </Group>
    </Stack>
  );
}
