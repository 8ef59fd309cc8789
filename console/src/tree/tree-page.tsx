import { useQuery } from '@apollo/client/react';
import { Button, Group, Loader, Stack, Text, TextInput, Title, Tooltip } from '@mantine/core';
import { useMemo, useState } from 'react';
import { useSearchParams } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import { useSessionState } from '../session/session-context';
import { canCreate } from '../session/permissions';
import { ScriptTree } from './script-tree';
import type { TreeActionKind, TreeTarget } from './tree-actions';
import { TreeActionDialog, type PendingTreeAction } from './tree-action-dialog';
import { indexTree, visibleRows } from './tree-model';
import { TreeQuery } from './tree.operations';

/** The folder tree: filter (kept in the URL as `?q=`), expand, and act on folders and scripts. */
export function TreePage() {
  const { user } = useSessionState();
  const { data, loading, error } = useQuery(TreeQuery);
  const [params, setParams] = useSearchParams();
  const filter = params.get('q') ?? '';
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(new Set());
  const [pending, setPending] = useState<PendingTreeAction | null>(null);
  const index = useMemo(() => (data ? indexTree(data.tree.folders, data.tree.scripts) : null), [data]);
  const rows = useMemo(() => (index ? visibleRows(index, expanded, filter) : []), [index, expanded, filter]);
  const creating = canCreate(user);

  const toggle = (folderId: string) =>
    setExpanded((current) => {
      const next = new Set(current);
      if (!next.delete(folderId)) next.add(folderId);
      return next;
    });
  const act = (kind: TreeActionKind, target: TreeTarget) => setPending({ kind, target });
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
      <ProblemAlert error={error} title="The tree could not be loaded" />
      {loading && !data && <Loader aria-label="Loading the tree" />}
      {data && (
        <Text size="xs" c="dimmed" data-testid="tree-counts">
          {data.tree.folders.length} folders, {data.tree.scripts.length} scripts
          {filter ? `; ${rows.length} rows match` : ''}
        </Text>
      )}
      {data && <ScriptTree rows={rows} user={user} onToggle={toggle} onAction={act} />}
      <TreeActionDialog pending={pending} folders={data?.tree.folders ?? []} onClose={() => setPending(null)} />
    </Stack>
  );
}
