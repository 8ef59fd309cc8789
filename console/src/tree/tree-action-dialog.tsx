import { useMutation, useQuery } from '@apollo/client/react';
import { Button, Group, Modal, Select, Stack, Text, TextInput } from '@mantine/core';
import { useState, type FormEvent } from 'react';
import { useNavigate } from 'react-router-dom';
import { ProblemAlert } from '../api/problem-alert';
import { NEW_SCRIPT_CONTENT, type TreeActionKind, type TreeTarget } from './tree-actions';
import {
  CreateFolderMutation,
  CreateScriptMutation,
  DeleteFolderMutation,
  DeleteScriptMutation,
  MoveFolderMutation,
  RenameFolderMutation,
  FolderPathsQuery,
  RenameOrMoveScriptMutation,
  TREE_QUERIES,
} from './tree.operations';

export interface PendingTreeAction {
  kind: TreeActionKind;
  target: TreeTarget;
}

const ROOT = '__root__';
const refetch = { refetchQueries: TREE_QUERIES, awaitRefetchQueries: true };

function targetName(target: TreeTarget): string {
  if (target.kind === 'folder') return target.folder.path;
  if (target.kind === 'script') return target.script.logicalPath;
  return 'the root';
}

const TITLES: Record<TreeActionKind, string> = {
  'create-folder': 'New folder',
  'create-script': 'New script',
  rename: 'Rename',
  move: 'Move',
  delete: 'Delete',
};

/** The form of one tree action: a name, a destination, or the confirmation of a delete. */
export function TreeActionDialog({ pending, onClose }: { pending: PendingTreeAction | null; onClose(): void }) {
  return (
    <Modal
      opened={pending !== null}
      onClose={onClose}
      title={pending ? `${TITLES[pending.kind]}: ${targetName(pending.target)}` : ''}
    >
      {pending && (
        <ActionForm key={`${pending.kind}-${targetName(pending.target)}`} pending={pending} onClose={onClose} />
      )}
    </Modal>
  );
}

function useTreeMutations() {
  const [createFolder, a] = useMutation(CreateFolderMutation, refetch);
  const [createScript, b] = useMutation(CreateScriptMutation, refetch);
  const [renameFolder, c] = useMutation(RenameFolderMutation, refetch);
  const [moveFolder, d] = useMutation(MoveFolderMutation, refetch);
  const [deleteFolder, e] = useMutation(DeleteFolderMutation, refetch);
  const [updateScript, f] = useMutation(RenameOrMoveScriptMutation, refetch);
  const [deleteScript, g] = useMutation(DeleteScriptMutation, refetch);
  const busy = [a, b, c, d, e, f, g].some((state) => state.loading);
  return { createFolder, createScript, renameFolder, moveFolder, deleteFolder, updateScript, deleteScript, busy };
}

function ActionForm({ pending, onClose }: { pending: PendingTreeAction; onClose(): void }) {
  const { kind, target } = pending;
  // Where a thing may move: every folder's path, read only when moving.
  const destinations = useQuery(FolderPathsQuery, { skip: kind !== 'move' });
  const folders = destinations.data?.tree.folders ?? [];
  const mutations = useTreeMutations();
  const navigate = useNavigate();
  const currentName =
    target.kind === 'folder' ? target.folder.name : target.kind === 'script' ? target.script.name : '';
  const currentParent =
    target.kind === 'folder' ? target.folder.parentId : target.kind === 'script' ? target.script.folderId : null;
  const [name, setName] = useState(kind === 'rename' ? currentName : kind === 'create-script' ? 'new_script.py' : '');
  const [destination, setDestination] = useState<string>(currentParent ?? ROOT);
  const [error, setError] = useState<unknown>(null);
  const parentId = target.kind === 'folder' ? target.folder.id : null;

  const run = async (): Promise<void> => {
    if (kind === 'create-folder') await mutations.createFolder({ variables: { input: { name, parentId } } });
    if (kind === 'create-script') {
      const { data } = await mutations.createScript({
        variables: { input: { name, folderId: parentId, content: NEW_SCRIPT_CONTENT } },
      });
      if (data) navigate(`/scripts/${data.createScript.id}`);
    }
    const to = destination === ROOT ? null : destination;
    if (target.kind === 'folder') {
      if (kind === 'rename') await mutations.renameFolder({ variables: { id: target.folder.id, name } });
      if (kind === 'move') await mutations.moveFolder({ variables: { id: target.folder.id, parentId: to } });
      if (kind === 'delete') await mutations.deleteFolder({ variables: { id: target.folder.id } });
    }
    if (target.kind === 'script') {
      if (kind === 'rename') await mutations.updateScript({ variables: { id: target.script.id, input: { name } } });
      if (kind === 'move')
        await mutations.updateScript({ variables: { id: target.script.id, input: { folderId: to } } });
      if (kind === 'delete') await mutations.deleteScript({ variables: { id: target.script.id } });
    }
  };
  const submit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    try {
      await run();
      onClose();
    } catch (caught) {
      setError(caught);
    }
  };

  const movable = folders.filter(
    (folder) =>
      target.kind !== 'folder' || (folder.id !== target.folder.id && !folder.path.startsWith(`${target.folder.path}/`)),
  );
  return (
    <form onSubmit={submit}>
      <Stack>
        {(kind === 'create-folder' || kind === 'create-script' || kind === 'rename') && (
          <TextInput
            label="Name"
            required
            data-autofocus
            value={name}
            onChange={(event) => setName(event.currentTarget.value)}
          />
        )}
        {kind === 'move' && (
          <Select
            label="Move to"
            searchable
            data={[
              { value: ROOT, label: '(root)' },
              ...movable.map((folder) => ({ value: folder.id, label: folder.path })),
            ]}
            value={destination}
            onChange={(value) => setDestination(value ?? ROOT)}
            limit={200}
          />
        )}
        {kind === 'delete' && (
          <Text>
            {target.kind === 'folder'
              ? `Delete the folder ${targetName(target)} with every folder, script and version below it?`
              : `Delete the script ${targetName(target)} with all its versions?`}{' '}
            This cannot be undone.
          </Text>
        )}
        <ProblemAlert error={destinations.error} title="The folders could not be listed" />
        <ProblemAlert error={error} />
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            Cancel
          </Button>
          <Button type="submit" color={kind === 'delete' ? 'red' : undefined} loading={mutations.busy}>
            {kind === 'delete' ? 'Delete' : kind === 'move' ? 'Move' : kind === 'rename' ? 'Rename' : 'Create'}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
