import { useQuery } from '@apollo/client/react';
import { Badge, Loader, Radio, Stack, Table, Text } from '@mantine/core';
import { lazy, Suspense } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import { ScriptVersionsQuery } from './script.operations';

// The merge view is only needed once two versions are compared.
const VersionDiff = lazy(() => import('./version-diff').then((module) => ({ default: module.VersionDiff })));

/** Which two versions to compare, from the URL (`?from=1&to=2`), so a diff can be linked. */
export function chosenVersions(params: URLSearchParams, newest: number): { from: number; to: number } {
  const read = (name: string, fallback: number) => {
    const value = Number(params.get(name));
    return Number.isInteger(value) && value >= 1 && value <= newest ? value : fallback;
  };
  return { from: read('from', Math.max(1, newest - 1)), to: read('to', newest) };
}

/** Every version with its author and time, and the diff of any two. */
export function VersionsTab({ scriptId }: { scriptId: string }) {
  const { data, loading, error } = useQuery(ScriptVersionsQuery, { variables: { id: scriptId } });
  const [params, setParams] = useSearchParams();
  if (error && !data) return <ProblemAlert error={error} />;
  if (loading && !data) return <Loader aria-label="Loading the versions" />;
  const versions = data!.script.versions;
  const newest = versions[0]?.version ?? 1;
  const { from, to } = chosenVersions(params, newest);
  const choose = (name: 'from' | 'to', version: number) => {
    const next = new URLSearchParams(params);
    next.set(name, String(version));
    setParams(next, { replace: true });
  };
  const contentOf = (version: number) => versions.find((one) => one.version === version)?.content ?? '';

  return (
    <Stack>
      <Table striped withTableBorder aria-label="Versions">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>Version</Table.Th>
            <Table.Th>Author</Table.Th>
            <Table.Th>Saved</Table.Th>
            <Table.Th>Compare from</Table.Th>
            <Table.Th>Compare to</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {versions.map((version) => (
            <Table.Tr key={version.id}>
              <Table.Td>
                {version.version}{' '}
                {version.released && (
                  <Badge variant="dot" color="green">
                    released
                  </Badge>
                )}
              </Table.Td>
              <Table.Td>{version.author?.displayName ?? version.author?.login ?? 'unknown'}</Table.Td>
              <Table.Td>{new Date(version.createdAt).toLocaleString()}</Table.Td>
              <Table.Td>
                <Radio
                  aria-label={`Compare from version ${version.version}`}
                  checked={from === version.version}
                  onChange={() => choose('from', version.version)}
                />
              </Table.Td>
              <Table.Td>
                <Radio
                  aria-label={`Compare to version ${version.version}`}
                  checked={to === version.version}
                  onChange={() => choose('to', version.version)}
                />
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
      <Text fw={500}>
        Changes from version {from} to version {to}
      </Text>
      <Suspense fallback={<Loader aria-label="Loading the diff" />}>
        <VersionDiff key={`${from}-${to}`} before={contentOf(from)} after={contentOf(to)} />
      </Suspense>
    </Stack>
  );
}
