import { Anchor, Stack } from '@mantine/core';
import { Link, useParams } from 'react-router-dom';
import { RunView } from './run-view';

/** A run at its own URL, to share. */
export function RunPage() {
  const { runId = '' } = useParams();
  return (
    <Stack>
      <Anchor component={Link} to="/runs">
        All runs
      </Anchor>
      <RunView runId={runId} />
    </Stack>
  );
}
