import type { ConsoleTreeQuery } from '../gql/graphql';

export type TreeFolder = ConsoleTreeQuery['tree']['folders'][number];
export type TreeScript = ConsoleTreeQuery['tree']['scripts'][number];

export type TreeRow =
  | { kind: 'folder'; folder: TreeFolder; depth: number; expanded: boolean; childCount: number }
  | { kind: 'script'; script: TreeScript; depth: number };

/** The flat tree the API answers, grouped by parent once, for building rows quickly. */
export interface TreeIndex {
  folders: TreeFolder[];
  foldersById: Map<string, TreeFolder>;
  childFolders: Map<string | null, TreeFolder[]>;
  childScripts: Map<string | null, TreeScript[]>;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

const byName = (a: { name: string }, b: { name: string }) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);

export function indexTree(folders: TreeFolder[], scripts: TreeScript[]): TreeIndex {
  const childFolders = new Map<string | null, TreeFolder[]>();
  const childScripts = new Map<string | null, TreeScript[]>();
  for (const folder of folders) push(childFolders, folder.parentId ?? null, folder);
  for (const script of scripts) push(childScripts, script.folderId ?? null, script);
  for (const list of childFolders.values()) list.sort(byName);
  for (const list of childScripts.values()) list.sort(byName);
  return { folders, foldersById: new Map(folders.map((folder) => [folder.id, folder])), childFolders, childScripts };
}

/**
 * The folders a filter keeps: those whose name matches and every ancestor of a match (folder or
 * script), so that each match is shown where it lives.
 */
function foldersShownByFilter(index: TreeIndex, needle: string): Set<string> {
  const shown = new Set<string>();
  const keepWithAncestors = (folderId: string | null | undefined) => {
    let current = folderId ? index.foldersById.get(folderId) : undefined;
    while (current && !shown.has(current.id)) {
      shown.add(current.id);
      current = current.parentId ? index.foldersById.get(current.parentId) : undefined;
    }
  };
  for (const folder of index.folders) if (folder.name.toLowerCase().includes(needle)) keepWithAncestors(folder.id);
  for (const scripts of index.childScripts.values()) {
    for (const script of scripts) if (script.name.toLowerCase().includes(needle)) keepWithAncestors(script.folderId);
  }
  return shown;
}

/**
 * The rows to show, depth first: the children of expanded folders, or with a filter, the
 * matches and their ancestors (all open). Scripts follow a folder's subfolders.
 */
export function visibleRows(index: TreeIndex, expanded: ReadonlySet<string>, filter: string): TreeRow[] {
  const needle = filter.trim().toLowerCase();
  const shown = needle ? foldersShownByFilter(index, needle) : null;
  const rows: TreeRow[] = [];
  const visit = (parentId: string | null, depth: number) => {
    for (const folder of index.childFolders.get(parentId) ?? []) {
      if (shown && !shown.has(folder.id)) continue;
      const open = shown ? true : expanded.has(folder.id);
      const childCount =
        (index.childFolders.get(folder.id)?.length ?? 0) + (index.childScripts.get(folder.id)?.length ?? 0);
      rows.push({ kind: 'folder', folder, depth, expanded: open, childCount });
      if (open) visit(folder.id, depth + 1);
    }
    for (const script of index.childScripts.get(parentId) ?? []) {
      if (needle && !script.name.toLowerCase().includes(needle)) continue;
      rows.push({ kind: 'script', script, depth });
    }
  };
  visit(null, 0);
  return rows;
}
