import { useQuery } from '@apollo/client/react';
import { Button, Group, MultiSelect, Stack, TextInput, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import type { ScriptRunStatus } from '../gql/graphql';
import { FINISHED_STATUSES } from './run-input';
import { RunsQuery } from './run.operations';
import { RunsTable } from './runs-table';

const STATUSES = ['QUEUED', 'RUNNING', ...FINISHED_STATUSES];

/** Runs of every script, newest first, narrowed by path and status (both kept in the URL). */
export function RunsPage() {
  const [params, setParams] = useSearchParams();
  const path = params.get('path') ?? '';
  const statuses = params.getAll('status').filter((status) => STATUSES.includes(status)) as ScriptRunStatus[];
  const filter = { ...(path ? { pathPrefix: path } : {}), ...(statuses.length ? { statuses } : {}) };
  const { data, error, fetchMore, loading } = useQuery(RunsQuery, { variables: { first: 50, filter } });
  const update = (nextPath: string, nextStatuses: string[]) => {
    const next = new URLSearchParams();
    if (nextPath) next.set('path', nextPath);
    for (const status of nextStatuses) next.append('status', status);
    setParams(next, { replace: true });
  };
  const page = data?.runs;
  return (
    <Stack>
      <Title order={1} size="h3">
        Runs
      </Title>
      <Group grow>
        <TextInput
          label="Path prefix"
          placeholder="geology"
          value={path}
          onChange={(event) => update(event.currentTarget.value, statuses)}
        />
        <MultiSelect
          label="Status"
          data={STATUSES}
          value={statuses}
          onChange={(value) => update(path, value)}
          clearable
        />
      </Group>
      <ProblemAlert error={error} />
      <RunsTable runs={(page?.edges ?? []).map((edge) => edge.node)} showScript />
      {page?.pageInfo.hasNextPage && (
        <Button
          variant="default"
          loading={loading}
          onClick={() =>
            void fetchMore({
              variables: { after: page.pageInfo.endCursor },
              updateQuery: (previous, { fetchMoreResult }) => ({
                runs: { ...fetchMoreResult.runs, edges: [...previous.runs.edges, ...fetchMoreResult.runs.edges] },
              }),
            })
          }
        >
          More runs
        </Button>
      )}
    </Stack>
  );
}
