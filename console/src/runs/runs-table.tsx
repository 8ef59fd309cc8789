import { Anchor, Badge, Table, Text } from '@mantine/core';
import { Link } from 'react-router-dom';
import type { ConsoleRunsQuery } from '../gql/graphql';
import { formatDuration, STATUS_COLORS } from './run-input';

type RunRow = ConsoleRunsQuery['runs']['edges'][number]['node'];

/** Runs, newest first, each linking to its own page. */
export function RunsTable({ runs, showScript }: { runs: RunRow[]; showScript: boolean }) {
  if (runs.length === 0) return <Text c="dimmed">No runs yet.</Text>;
  return (
    <Table striped withTableBorder aria-label="Runs">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>Started</Table.Th>
          {showScript && <Table.Th>Script</Table.Th>}
          <Table.Th>Version</Table.Th>
          <Table.Th>Status</Table.Th>
          <Table.Th>Duration</Table.Th>
          <Table.Th>By</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {runs.map((run) => (
          <Table.Tr key={run.id}>
            <Table.Td>
              <Anchor component={Link} to={`/runs/${run.id}`}>
                {new Date(run.createdAt).toLocaleString()}
              </Anchor>
            </Table.Td>
            {showScript && (
              <Table.Td>
                {run.script ? (
                  <Anchor component={Link} to={`/scripts/${run.script.id}`}>
                    {run.logicalPath}
                  </Anchor>
                ) : (
                  run.logicalPath
                )}
              </Table.Td>
            )}
            <Table.Td>v{run.version}</Table.Td>
            <Table.Td>
              <Badge variant="dot" color={STATUS_COLORS[run.status]}>
                {run.status}
              </Badge>
            </Table.Td>
            <Table.Td>{formatDuration(run.durationMs)}</Table.Td>
            <Table.Td>{run.startedBy?.login ?? 'unknown'}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
