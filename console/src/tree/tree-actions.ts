import type { ConsoleUser } from '../session/session-api';
import { canChange, canCreate, type Allowance } from '../session/permissions';
import type { TreeFolder, TreeScript } from './tree-model';

/** What a tree action works on: a folder, a script, or the root (for creating). */
export type TreeTarget =
  { kind: 'folder'; folder: TreeFolder } | { kind: 'script'; script: TreeScript } | { kind: 'root' };

export type TreeActionKind = 'create-folder' | 'create-script' | 'rename' | 'move' | 'delete';

export interface TreeAction {
  kind: TreeActionKind;
  label: string;
  allowance: Allowance;
}

const LABELS: Record<TreeActionKind, string> = {
  'create-folder': 'New folder here',
  'create-script': 'New script here',
  rename: 'Rename',
  move: 'Move',
  delete: 'Delete',
};

/** The actions on an item with whether the user may take each, for the item's menu. */
export function actionsFor(user: ConsoleUser | null, target: TreeTarget): TreeAction[] {
  const action = (kind: TreeActionKind, allowance: Allowance): TreeAction => ({ kind, label: LABELS[kind], allowance });
  if (target.kind === 'root') {
    return [action('create-folder', canCreate(user)), action('create-script', canCreate(user))];
  }
  const owner = target.kind === 'folder' ? target.folder.owner?.id : target.script.owner?.id;
  const change = canChange(user, owner);
  const own = [action('rename', change), action('move', change), action('delete', change)];
  return target.kind === 'folder'
    ? [action('create-folder', canCreate(user)), action('create-script', canCreate(user)), ...own]
    : own;
}

/** Whether any action is open to the user: a menu with none is left out altogether. */
export const anyAllowed = (actions: TreeAction[]) => actions.some((action) => action.allowance.allowed);

/** The starting content of a new script: the smallest one the service accepts. */
export const NEW_SCRIPT_CONTENT = 'def main(data):\n    return {}\n';
