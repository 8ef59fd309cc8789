import { uniqueName } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { each, expectError, useAdminScriptsStack } from './support/bad-input-fixtures.js';

/**
 * `treeLevel` and `searchTree`, the reads that let a client show a large tree without reading it
 * whole: one level with child counts, and a name filter whose text is never a pattern.
 */
describe('scripts subgraph: the tree a level at a time, and searched by name', () => {
  const { send, createFolder, createScript } = useAdminScriptsStack();

  it('answers what a folder holds directly, by name, with the count of what each child holds', async () => {
    const top = await createFolder(uniqueName('level'));
    const full = await createFolder('b-full', top);
    await createFolder('a-empty', top);
    await createFolder('deeper', full);
    await createScript('inside.py', full);
    await createScript('z.py', top);
    await createScript('a.py', top);

    const level = await send('TreeLevel', { folderId: top });
    expect(level.errors, level.text).toBeUndefined();
    const { folders, scripts } = level.data!.treeLevel;
    expect(folders.map((one: { name: string; childCount: number }) => [one.name, one.childCount])).toEqual([
      ['a-empty', 0],
      ['b-full', 2],
    ]);
    expect(scripts.map((one: { name: string }) => one.name)).toEqual(['a.py', 'z.py']);

    const root = await send('TreeLevel', {});
    expect(root.data!.treeLevel.folders).toContainEqual(expect.objectContaining({ id: top, childCount: 4 }));
    const unknown = await send('TreeLevel', { folderId: '00000000-0000-4000-8000-000000000000' });
    expect(unknown.data!.treeLevel).toEqual({ folders: [], scripts: [] });
  });

  it('finds names containing the text, any case, by path, and says when it stopped at `first`', async () => {
    const marker = uniqueName('Needle');
    const top = await createFolder(`${marker}-top`);
    const inner = await createFolder(`x-${marker.toLowerCase()}-inner`, top);
    await createScript(`${marker.toUpperCase()}.py`, inner);
    await createScript('unrelated.py', inner);

    const found = await send('SearchTree', { name: marker });
    expect(found.errors, found.text).toBeUndefined();
    expect(found.data!.searchTree.folders.map((one: { id: string }) => one.id)).toEqual([top, inner]);
    expect(found.data!.searchTree.scripts).toHaveLength(1);
    expect(found.data!.searchTree.complete).toBe(true);

    const first = await send('SearchTree', { name: marker, first: 1 });
    expect(first.data!.searchTree.folders.map((one: { id: string }) => one.id)).toEqual([top]);
    expect(first.data!.searchTree.complete).toBe(false);
  });

  it('treats %, _ and \\ as themselves, not as patterns that match everything', async () => {
    const marker = uniqueName('wild');
    await createFolder(`${marker}_50%`);
    await createFolder(`${marker}-other`);
    for (const text of ['%', '_', '\\', `${marker}_`, `${marker}_50%`]) {
      const found = await send('SearchTree', { name: text });
      expect(found.errors, found.text).toBeUndefined();
      const paths = found.data!.searchTree.folders.map((one: { path: string }) => one.path);
      expect(
        paths.every((path: string) => path.includes(text)),
        `${text}: ${paths.join(', ')}`,
      ).toBe(true);
    }
    const exact = await send('SearchTree', { name: `${marker}_50%` });
    expect(exact.data!.searchTree.folders.map((one: { path: string }) => one.path)).toEqual([`${marker}_50%`]);
  });

  it('refuses an empty or too long name, a bad `first` and a malformed folder id with BAD_USER_INPUT', async () => {
    await each<[string, Record<string, unknown>, string]>(
      [
        ['empty name', ['SearchTree', { name: '' }, 'name']],
        ['name of 256 characters', ['SearchTree', { name: 'n'.repeat(256) }, 'name']],
        ['first 0', ['SearchTree', { name: 'a', first: 0 }, 'first']],
        ['first 501', ['SearchTree', { name: 'a', first: 501 }, 'first']],
        ['first -1', ['SearchTree', { name: 'a', first: -1 }, 'first']],
        ['malformed folderId', ['TreeLevel', { folderId: "1' or '1'='1" }, 'folderId']],
      ],
      ([operation, variables]) => send(operation, variables),
      (response, label, [, , field]) => expectError(response, 'BAD_USER_INPUT', label, field),
    );
  });
});
