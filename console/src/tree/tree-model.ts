import type { ConsoleTreeFolderFragment, ConsoleTreeScriptFragment } from '../gql/graphql';

export type TreeFolder = ConsoleTreeFolderFragment;
export type TreeScript = ConsoleTreeScriptFragment;

/** What one folder (or the root, keyed `null`) holds directly, as the API answered it. */
export interface TreeLevel {
  folders: readonly TreeFolder[];
  scripts: readonly TreeScript[];
}

/** Items as a filter found them: shown flat, by their whole path. */
export type TreeMatches = TreeLevel;

export type TreeRow =
  | { kind: 'folder'; folder: TreeFolder; depth: number; expanded: boolean; label: string }
  | { kind: 'script'; script: TreeScript; depth: number; label: string }
  | { kind: 'loading'; folderId: string; depth: number };

export const rowKey = (row: TreeRow): string =>
  row.kind === 'folder' ? row.folder.id : row.kind === 'script' ? row.script.id : `loading:${row.folderId}`;

/**
 * The rows to show, depth first: the loaded levels below the expanded folders, a loading row
 * where a level is still on its way, and scripts after a level's folders. With matches (a
 * filter), the matches come first, flat and named by path, each folder still expandable.
 */
export function visibleRows(
  levels: ReadonlyMap<string | null, TreeLevel>,
  expanded: ReadonlySet<string>,
  matches?: TreeMatches,
): TreeRow[] {
  const rows: TreeRow[] = [];
  const folderRow = (folder: TreeFolder, depth: number, label: string) => {
    const open = expanded.has(folder.id);
    rows.push({ kind: 'folder', folder, depth, expanded: open, label });
    if (open) visit(folder.id, depth + 1);
  };
  const visit = (parentId: string | null, depth: number) => {
    const level = levels.get(parentId);
    if (!level) {
      if (parentId !== null) rows.push({ kind: 'loading', folderId: parentId, depth });
      return;
    }
    for (const folder of level.folders) folderRow(folder, depth, folder.name);
    for (const script of level.scripts) rows.push({ kind: 'script', script, depth, label: script.name });
  };
  if (matches) {
    for (const folder of matches.folders) folderRow(folder, 0, folder.path);
    for (const script of matches.scripts) rows.push({ kind: 'script', script, depth: 0, label: script.logicalPath });
  } else {
    visit(null, 0);
  }
  return rows;
}

/** The folders whose levels must be read: the root and each expanded folder. */
export const levelsToLoad = (expanded: ReadonlySet<string>): Array<string | null> => [null, ...expanded];
