import { useQuery } from '@apollo/client/react';
import { useEffect } from 'react';
import { ProblemAlert } from '../api/problem-alert';
import type { TreeLevel } from './tree-model';
import { TreeLevelQuery } from './tree.operations';

/**
 * Reads one level of the tree (the root's, or an expanded folder's) and hands it up. One per
 * open folder, each a watched query: after a change, refetching the tree queries by name reads
 * every open level again. Renders only its error, if any.
 */
export function TreeLevelLoader({
  folderId,
  onLevel,
}: {
  folderId: string | null;
  onLevel(folderId: string | null, level: TreeLevel): void;
}) {
  const { data, error } = useQuery(TreeLevelQuery, { variables: { folderId } });
  useEffect(() => {
    if (data) onLevel(folderId, data.treeLevel);
  }, [data, folderId, onLevel]);
  return (
    <ProblemAlert error={error} title={folderId ? 'A folder could not be opened' : 'The tree could not be loaded'} />
  );
}
