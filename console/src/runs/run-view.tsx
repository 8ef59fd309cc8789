import { useMutation, useQuery } from '@apollo/client/react';
import { Anchor, Badge, Button, Code, Group, Loader, Stack, Table, Text, Title } from '@mantine/core';
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import { useSessionState } from '../session/session-context';
import { holds } from '../session/permissions';
import { CancelRunMutation, RunQuery } from './run.operations';
import { formatDuration, isFinished, STATUS_COLORS, tail } from './run-input';

const POLL_MS = 1_000;

function Output({ label, text, running }: { label: string; text: string; running: boolean }) {
  if (!text) return null;
  return (
    <Stack gap={4}>
      <Text fw={500}>{label}</Text>
      <Code block data-testid={`run-${label.toLowerCase()}`} style={{ maxHeight: 320, overflow: 'auto' }}>
        {running ? tail(text) : text}
      </Code>
    </Stack>
  );
}

/** One run, followed while it is queued or running: status, output so far, then the result and files. */
export function RunView({ runId }: { runId: string }) {
  const { user } = useSessionState();
  const { data, error, stopPolling, startPolling } = useQuery(RunQuery, {
    variables: { id: runId },
    pollInterval: POLL_MS,
    fetchPolicy: 'network-only',
  });
  const [cancel, cancelling] = useMutation(CancelRunMutation);
  const status = data?.scriptRun.status;
  // Followed until it ends, then left alone.
  useEffect(() => {
    if (status && isFinished(status)) stopPolling();
    else startPolling(POLL_MS);
  }, [status, startPolling, stopPolling]);
  if (error && !data) return <ProblemAlert error={error} title="The run could not be loaded" />;
  if (!data) return <Loader aria-label="Loading the run" />;
  const run = data.scriptRun;
  const finished = isFinished(run.status);
  const mayCancel = !finished && (run.startedBy?.id === user?.id || holds(user, 'scripts:admin'));

  return (
    <Stack gap="sm" data-testid="run-view">
      <Group justify="space-between">
        <Title order={2} size="h4">
          <Anchor component={Link} to={`/runs/${run.id}`}>
            Run of {run.logicalPath} v{run.version}
          </Anchor>
        </Title>
        <Group>
          <Badge variant="dot" color={STATUS_COLORS[run.status]} data-testid="run-status" size="lg">
            {run.status}
          </Badge>
          {!finished && <Loader size="xs" aria-label="Following the run" />}
          {mayCancel && (
            <Button
              size="xs"
              variant="default"
              loading={cancelling.loading}
              onClick={() => void cancel({ variables: { id: run.id } }).catch(() => undefined)}
            >
              Cancel
            </Button>
          )}
        </Group>
      </Group>
      <ProblemAlert error={cancelling.error} title="Not cancelled" />
      <Text size="sm" c="dimmed">
        Started {new Date(run.createdAt).toLocaleString()} by {run.startedBy?.login ?? 'unknown'} · duration{' '}
        {formatDuration(run.durationMs)}
        {run.exitCode !== null && run.exitCode !== undefined ? ` · exit code ${run.exitCode}` : ''}
        {run.inputFiles.length ? ` · files ${run.inputFiles.join(', ')}` : ''}
      </Text>
      {run.error && (
        <Text c="red">
          {run.error.code}: {run.error.message}
        </Text>
      )}
      {run.result !== null && run.result !== undefined && (
        <Stack gap={4}>
          <Text fw={500}>Result</Text>
          <Code block data-testid="run-result">
            {JSON.stringify(run.result, null, 2)}
          </Code>
        </Stack>
      )}
      <Output label="Stdout" text={run.stdout} running={!finished} />
      <Output label="Stderr" text={run.stderr} running={!finished} />
      {run.outputFiles.length > 0 && (
        <Table aria-label="Output files">
          <Table.Tbody>
            {run.outputFiles.map((file) => (
              <Table.Tr key={file.key}>
                <Table.Td>
                  <Anchor href={file.downloadUrl} download={file.name}>
                    {file.name}
                  </Anchor>
                </Table.Td>
                <Table.Td>{file.size} bytes</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      <Text size="xs" c="dimmed">
        Input <Code>{JSON.stringify(run.input)}</Code>
      </Text>
    </Stack>
  );
}
