import { Alert, Code, CopyButton, Group, Stack, Text, Tooltip, UnstyledButton } from '@mantine/core';
import { problemsFromError, type ApiProblem } from './api-problem';

function RequestId({ requestId }: { requestId: string }) {
  return (
    <CopyButton value={requestId}>
      {({ copied, copy }) => (
        <Tooltip label={copied ? 'Copied' : 'Copy the request id'} withArrow>
          <UnstyledButton onClick={copy} aria-label={`Copy request id ${requestId}`}>
            <Text size="xs" c="dimmed">
              Request id <Code>{requestId}</Code> {copied ? '(copied)' : ''}
            </Text>
          </UnstyledButton>
        </Tooltip>
      )}
    </CopyButton>
  );
}

/** One problem in words: the API's message, its code, and the request id to quote. */
export function ProblemText({ problem }: { problem: ApiProblem }) {
  return (
    <Stack gap={2}>
      <Text size="sm">
        {problem.message}
        {problem.retryAfterSeconds ? ` Try again in ${problem.retryAfterSeconds} s.` : ''}
      </Text>
      <Group gap="xs">
        <Text size="xs" c="dimmed">
          {problem.code}
        </Text>
        {problem.requestId && <RequestId requestId={problem.requestId} />}
      </Group>
    </Stack>
  );
}

/** Shows what went wrong with a request, or nothing when nothing did. */
export function ProblemAlert({ error, title = 'The request failed' }: { error: unknown; title?: string }) {
  if (!error) return null;
  const problems = problemsFromError(error);
  return (
    <Alert color="red" title={title} role="alert">
      <Stack gap="xs">
        {problems.map((problem, index) => (
          <ProblemText key={index} problem={problem} />
        ))}
      </Stack>
    </Alert>
  );
}
