import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { script, startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';

interface TreeData {
  folders: Array<{ id: string; name: string; parentId: string | null; path: string }>;
  scripts: Array<{ id: string; name: string; folderId: string | null; logicalPath: string }>;
}

/** Every path as it must be, recomputed from names and parents alone. */
function expectedPaths(tree: TreeData) {
  const byId = new Map(tree.folders.map((f) => [f.id, f]));
  const pathOf = (id: string | null): string | null => {
    if (!id) return null;
    const folder = byId.get(id)!;
    const parent = pathOf(folder.parentId);
    return parent ? `${parent}/${folder.name}` : folder.name;
  };
  return {
    folders: tree.folders.map((f) => pathOf(f.id)),
    scripts: tree.scripts.map((s) => [pathOf(s.folderId), s.name].filter(Boolean).join('/')),
  };
}

describe('paths after renames and moves', () => {
  let stack: ScriptsTestStack;
  let token: string;
  const send = (operation: string, variables: Record<string, unknown> = {}) =>
    stack.operation('scripts', operation, { token, variables });
  const tree = async () => (await send('Tree')).data!.tree as TreeData;

  beforeAll(async () => {
    stack = await startScriptsStack();
    token = (await stack.createUser(['editor'])).accessToken;
  });
  afterAll(() => stack?.stop());

  it('keeps every folder path and logical path right below a renamed and moved deep subtree', async () => {
    // top/level1/…/level6, each level with a sibling folder and two scripts; plus "topping", a
    // folder whose name shares the prefix "top" and must not be touched.
    const create = async (name: string, parentId: string | null) =>
      (await send('CreateFolder', { input: { name, parentId } })).data!.createFolder.id as string;
    const top = await create('top', null);
    const topping = await create('topping', null);
    await send('CreateScript', { input: { folderId: topping, name: 'keep.py', content: script('# keep') } });
    let parent = top;
    for (let level = 1; level <= 6; level++) {
      await create(`side-${level}`, parent);
      for (const name of ['a.py', 'b.py']) {
        await send('CreateScript', { input: { folderId: parent, name, content: script(`# ${level}`) } });
      }
      parent = await create(`level${level}`, parent);
    }
    await send('CreateScript', { input: { folderId: parent, name: 'deepest.py', content: script('# deepest') } });

    const renamed = await send('RenameFolder', { id: top, name: 'renamed top' });
    expect(renamed.data!.renameFolder.path).toBe('renamed top');
    let current = await tree();
    let expected = expectedPaths(current);
    expect(current.folders.map((f) => f.path)).toEqual(expected.folders);
    expect(current.scripts.map((s) => s.logicalPath)).toEqual(expected.scripts);
    expect(current.scripts.map((s) => s.logicalPath)).toContain(
      'renamed top/level1/level2/level3/level4/level5/level6/deepest.py',
    );
    expect(current.scripts.map((s) => s.logicalPath)).toContain('topping/keep.py');

    const moved = await send('MoveFolder', { id: top, parentId: topping });
    expect(moved.data!.moveFolder.path).toBe('topping/renamed top');
    const level3 = current.folders.find((f) => f.name === 'level3')!.id;
    await send('MoveFolder', { id: level3, parentId: null });
    current = await tree();
    expected = expectedPaths(current);
    expect(current.folders.map((f) => f.path).sort()).toEqual([...expected.folders].sort());
    expect(current.scripts.map((s) => s.logicalPath).sort()).toEqual([...expected.scripts].sort());
    expect(current.scripts.map((s) => s.logicalPath)).toContain('level3/level4/level5/level6/deepest.py');

    const byPath = await send('ScriptByPath', { path: 'topping/renamed top/level1/level2/a.py' });
    expect(byPath.data!.scriptByPath.logicalPath).toBe('topping/renamed top/level1/level2/a.py');
  });

  it('moves and renames a script within the tree', async () => {
    const folder = (await send('CreateFolder', { input: { name: 'dest' } })).data!.createFolder.id;
    const created = await send('CreateScript', { input: { name: 'loose.py', content: script('# loose') } });
    const id = created.data!.createScript.id;
    const moved = await send('UpdateScript', { id, input: { folderId: folder, name: 'placed.py' } });
    expect(moved.data!.updateScript).toMatchObject({
      logicalPath: 'dest/placed.py',
      folder: { id: folder },
      version: 1,
    });
    const root = await send('UpdateScript', { id, input: { folderId: null } });
    expect(root.data!.updateScript).toMatchObject({ logicalPath: 'placed.py', folder: null });
  });
});
