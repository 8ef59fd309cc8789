import { useQuery } from '@apollo/client/react';
import { Divider, Grid, Stack, Title } from '@mantine/core';
import { useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import type { ConsoleScriptQuery } from '../gql/graphql';
import { RunForm } from './run-form';
import { RunView } from './run-view';
import { RunsQuery } from './run.operations';
import { RunsTable } from './runs-table';

/** The run panel of a script: start a run, follow it (`?run=<id>`), and the script's runs. */
export function ScriptRunsTab({ script }: { script: ConsoleScriptQuery['script'] }) {
  const [params, setParams] = useSearchParams();
  const runId = params.get('run');
  const runs = useQuery(RunsQuery, {
    variables: { first: 20, filter: { scriptId: script.id } },
    pollInterval: runId ? 3_000 : 0,
  });
  return (
    <Grid>
      <Grid.Col span={{ base: 12, md: 6 }}>
        <Stack>
          <Title order={2} size="h4">
            Start a run
          </Title>
          <RunForm script={script} onStarted={(id) => setParams({ run: id })} />
          <Divider />
          <Title order={2} size="h4">
            Runs of this script
          </Title>
          <ProblemAlert error={runs.error} />
          <RunsTable runs={(runs.data?.runs.edges ?? []).map((edge) => edge.node)} showScript={false} />
        </Stack>
      </Grid.Col>
      <Grid.Col span={{ base: 12, md: 6 }}>{runId && <RunView key={runId} runId={runId} />}</Grid.Col>
    </Grid>
  );
}
