import { useQuery } from '@apollo/client/react';
import { Button, Group, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useDebouncedValue } from '@mantine/hooks';
import { useCallback, useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import { useSessionState } from '../session/session-context';
import { canCreate } from '../session/permissions';
import { ScriptTree } from './script-tree';
import type { TreeActionKind, TreeTarget } from './tree-actions';
import { TreeActionDialog, type PendingTreeAction } from './tree-action-dialog';
import { TreeLevelLoader } from './tree-level-loader';
import { levelsToLoad, visibleRows, type TreeLevel } from './tree-model';
import { TreeSearchQuery } from './tree.operations';

/** How long typing may pause before the filter asks the server. */
const FILTER_DEBOUNCE_MS = 250;

/**
 * The folder tree, read a level at a time as folders open, so that a tree of any size opens at
 * once; the name filter (kept in the URL as `?q=`) is answered by the server over the whole tree.
 */
export function TreePage() {
  const { user } = useSessionState();
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const [debouncedFilter] = useDebouncedValue(filter.trim(), FILTER_DEBOUNCE_MS);
  const search = useQuery(TreeSearchQuery, { variables: { name: debouncedFilter }, skip: !debouncedFilter });
  const [levels, setLevels] = useState<ReadonlyMap<string | null, TreeLevel>>(new Map());
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<PendingTreeAction | null>(null);
  const matches = debouncedFilter ? search.data?.searchTree : undefined;
  const rows = useMemo(
    () => (debouncedFilter && !matches ? [] : visibleRows(levels, expanded, matches)),
    [levels, expanded, matches, debouncedFilter],
  );
  const creating = canCreate(user);

  const onLevel = useCallback(
    (folderId: string | null, level: TreeLevel) => setLevels((current) => new Map(current).set(folderId, level)),
    [],
  );
  const toggle = (folderId: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(folderId)) next.add(folderId);
      return next;
    });
  const act = (kind: TreeActionKind, target: TreeTarget) => setPending({ kind, target });
  const closeDialog = () => {
    setPending(null);
    if (debouncedFilter) void search.refetch();
  };
  const setFilter = (value: string) => setParams(value ? { q: value } : {}, { replace: true });

  return (
    <Stack gap="sm">
      <Group justify="space-between">
        <Title order={1} size="h3">
          Scripts
        </Title>
        {creating.allowed ? (
          <Group gap="xs">
            <Button variant="default" onClick={() => act('create-folder', { kind: 'root' })}>
              New folder
            </Button>
            <Button onClick={() => act('create-script', { kind: 'root' })}>New script</Button>
          </Group>
        ) : (
          <Tooltip label={creating.reason}>
            <Text size="sm" c="dimmed">
              Read only
            </Text>
          </Tooltip>
        )}
      </Group>
      <TextInput
        label="Filter by name"
        placeholder="Part of a folder or script name"
        value={filter}
        onChange={(event) => setFilter(event.currentTarget.value)}
      />
      {levelsToLoad(expanded).map((folderId) => (
        <TreeLevelLoader key={folderId ?? ''} folderId={folderId} onLevel={onLevel} />
      ))}
      <ProblemAlert error={search.error} title="The filter failed" />
      {matches && (
        <Text size="xs" c="dimmed" data-testid="tree-matches">
          {matches.folders.length} folders and {matches.scripts.length} scripts match
          {matches.complete ? '' : ' (the first 100 of each; type more to narrow)'}
        </Text>
      )}
      {(levels.has(null) || matches) && <ScriptTree rows={rows} user={user} onToggle={toggle} onAction={act} />}
      <TreeActionDialog pending={pending} onClose={closeDialog} />
    </Stack>
  );
}
