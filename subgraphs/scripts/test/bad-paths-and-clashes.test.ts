import { describe, expect, it } from 'vitest';
import { HELLO_SCRIPT, script } from './support/scripts-test-stack.js';
import {
  useAdminScriptsStack,
  each,
  expectError,
  expectSuccess,
  show,
  type Cases,
} from './support/bad-input-fixtures.js';
import { uniqueName } from '@etl/testkit';

/**
 * Bad paths and impossible tree changes through the real gateway: malformed and unknown logical
 * paths, paths over 2048 bytes of UTF-8, folders moved into their own descendants, name clashes
 * between siblings (CONFLICT), simultaneous creations of one name, and the paths below renamed
 * or moved folders whose names hold characters beyond the BMP. Each refusal gets its contract
 * code and the request id, never an internal message, and changes nothing. The admin token is
 * used throughout so that permissions never decide.
 */

describe('scripts subgraph: bad input through the gateway', () => {
  const { send, createFolder, createScript, treeSnapshot } = useAdminScriptsStack();

  describe('paths', () => {
    it('refuses malformed paths in scriptByPath with BAD_USER_INPUT, and answers unknown ones with NOT_FOUND', async () => {
      const folder = uniqueName('paths');
      await createScript('known.py', await createFolder(folder));
      const malformed: Cases<string> = [
        ['a parent segment', '../x.py'],
        ['a parent segment inside', `${folder}/../${folder}/known.py`],
        ['a current segment', `./${folder}/known.py`],
        ['an absolute path', '/abs.py'],
        ['an absolute known path', `/${folder}/known.py`],
        ['an empty segment', 'a//b.py'],
        ['a trailing slash', `${folder}/known.py/`],
        ['a backslash', 'a\\b.py'],
        ['Windows separators', `${folder}\\known.py`],
        ['empty', ''],
        ['no .py', `${folder}/known`],
        ['a folder path', folder],
        ['a control character', 'a\u0007/b.py'],
        ['a segment of 256 characters', `${'x'.repeat(256)}/b.py`],
        ['a segment with a trailing space', `${folder} /known.py`],
        ['a NUL', `${folder}/known.py\u0000`],
      ];
      await each(
        malformed,
        (path) => send('ScriptByPath', { path }),
        (response, label, path) => expectError(response, 'BAD_USER_INPUT', `scriptByPath ${show(path)} (${label})`),
      );
      const unknown: Cases<string> = [
        ['an unknown script at the root', 'nowhere.py'],
        ['an unknown folder', 'nowhere/none.py'],
        ['an unknown script in a known folder', `${folder}/none.py`],
        ['a known name in another folder', 'other/known.py'],
        ['another letter case', `${folder.toUpperCase()}/KNOWN.py`],
        ['a path of 2,000 segments', `${'a/'.repeat(2000)}x.py`],
      ];
      await each(
        unknown,
        (path) => send('ScriptByPath', { path }),
        (response, label, path) => expectError(response, 'NOT_FOUND', `scriptByPath ${show(path)} (${label})`),
      );
      expectSuccess(await send('ScriptByPath', { path: `${folder}/known.py` }), 'the known path');
    });

    it('refuses folders, scripts, renames and moves that would make a path longer than 2048 bytes', async () => {
      // r/ + 7 levels of 255 characters + a last level of 254: exactly 2048 bytes.
      const top = await createFolder('r');
      let parent = top;
      for (let level = 1; level <= 7; level++) parent = await createFolder(String(level).repeat(255), parent);
      const penultimate = parent;
      const last = await createFolder('8'.repeat(254), penultimate);
      const path = (await send('Folder', { id: last })).data!.folder.path as string;
      expect(Buffer.byteLength(path)).toBe(2048);
      const elsewhere = await createFolder(uniqueName('elsewhere'));
      const movable = await createScript('movable.py', elsewhere);
      const before = await treeSnapshot();

      const cases: Cases<[string, Record<string, unknown>]> = [
        ['a folder one level deeper', ['CreateFolder', { input: { name: 'x', parentId: last } }]],
        ['a folder of 255 characters deeper', ['CreateFolder', { input: { name: 'x'.repeat(255), parentId: last } }]],
        [
          'a script at the bottom',
          ['CreateScript', { input: { folderId: last, name: 'x.py', content: HELLO_SCRIPT } }],
        ],
        ['the bottom folder renamed longer', ['RenameFolder', { id: last, name: '9'.repeat(255) }]],
        ['the top folder renamed longer', ['RenameFolder', { id: top, name: 'rr' }]],
        ['the whole chain moved down a level', ['MoveFolder', { id: top, parentId: elsewhere }]],
        ['a script moved to the bottom', ['UpdateScript', { id: movable, input: { folderId: last } }]],
      ];
      await each(
        cases,
        ([operation, variables]) => send(operation, variables),
        (response, label) => expectError(response, 'BAD_USER_INPUT', label),
      );
      expect(await treeSnapshot()).toEqual(before);

      // The same length fits; a shorter name makes room below.
      expectSuccess(await send('RenameFolder', { id: top, name: 'R' }), 'the top folder renamed, same length');
      expectSuccess(
        await send('RenameFolder', { id: last, name: '8'.repeat(252) }),
        'the bottom folder renamed shorter',
      );
      expectSuccess(await send('CreateFolder', { input: { name: 'x', parentId: last } }), 'now one more level fits');
    });

    it('counts the 2048-byte path limit in bytes of UTF-8, not in characters', async () => {
      // 4 levels of 254 two-byte characters and a digit: 4 × 509 + 3 separators = 2039 bytes, 1023 characters.
      let parent: string | null = null;
      for (let level = 0; level < 4; level++) parent = await createFolder(`${'é'.repeat(254)}${level}`, parent);
      expectSuccess(await send('CreateFolder', { input: { name: 'abcdefgh', parentId: parent } }), '2048 bytes');
      expectError(
        await send('CreateFolder', { input: { name: 'abcdefghi', parentId: parent } }),
        'BAD_USER_INPUT',
        'a folder path of 2049 bytes in 1033 characters',
        'name',
      );
      expectError(
        await send('CreateScript', { input: { folderId: parent, name: 'abcdef.py', content: HELLO_SCRIPT } }),
        'BAD_USER_INPUT',
        'a script path of 2049 bytes',
        'name',
      );
      expectSuccess(
        await send('CreateScript', { input: { folderId: parent, name: 'abcde.py', content: HELLO_SCRIPT } }),
        'a script path of 2048 bytes',
      );
    });
  });

  describe('moves and clashes', () => {
    it('refuses moving a folder into itself or any of its descendants with BAD_USER_INPUT on `parentId`', async () => {
      const a = await createFolder(uniqueName('move'));
      const b = await createFolder('b', a);
      const c = await createFolder('c', b);
      const d = await createFolder('d', c);
      const before = await treeSnapshot();
      const cases: Cases<[string, string]> = [
        ['a folder into itself', [a, a]],
        ['a folder into its child', [a, b]],
        ['a folder into its grandchild', [a, c]],
        ['a folder into a deep descendant', [a, d]],
        ['a middle folder into itself', [c, c]],
        ['a middle folder into its descendant', [b, d]],
      ];
      await each(
        cases,
        ([id, parentId]) => send('MoveFolder', { id, parentId }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', label, 'parentId'),
      );
      expect(await treeSnapshot()).toEqual(before);
      // Moving up, and to where it already is, are fine.
      expectSuccess(await send('MoveFolder', { id: d, parentId: a }), 'a descendant moved up');
      expectSuccess(await send('MoveFolder', { id: b, parentId: a }), 'a folder moved to where it is');
    });

    it('answers sibling name clashes of folders on create, rename and move with CONFLICT', async () => {
      const top = await createFolder(uniqueName('clash'));
      const x = await createFolder('x', top);
      const y = await createFolder('y', top);
      await createFolder('inner', x);
      const other = await createFolder('other', top);
      const otherX = await createFolder('x', other);
      const rootName = uniqueName('root-clash');
      await createFolder(rootName);
      const otherRoot = await createFolder(rootName, other);
      const before = await treeSnapshot();

      const cases: Cases<[string, Record<string, unknown>]> = [
        ['createFolder of a taken name', ['CreateFolder', { input: { name: 'x', parentId: top } }]],
        ['createFolder of a taken name at the root', ['CreateFolder', { input: { name: rootName } }]],
        ['renameFolder onto a sibling', ['RenameFolder', { id: y, name: 'x' }]],
        ['renameFolder of a folder with children onto a sibling', ['RenameFolder', { id: x, name: 'y' }]],
        ['moveFolder next to a folder of the same name', ['MoveFolder', { id: otherX, parentId: top }]],
        ['moveFolder to the root next to a folder of the same name', ['MoveFolder', { id: otherRoot, parentId: null }]],
      ];
      await each(
        cases,
        ([operation, variables]) => send(operation, variables),
        (response, label) => expectError(response, 'CONFLICT', label),
      );
      expect(await treeSnapshot()).toEqual(before);
    });

    it('answers a script rename or move onto an existing script path with CONFLICT', async () => {
      const top = await createFolder(uniqueName('script-clash'));
      const sub = await createFolder('sub', top);
      const first = await createScript('first.py', top);
      const second = await createScript('second.py', top);
      await createScript('first.py', sub);
      const before = await treeSnapshot();

      const cases: Cases<Record<string, unknown>> = [
        ['a rename onto a sibling', { id: second, input: { name: 'first.py' } }],
        ['a move onto a script of the same name', { id: first, input: { folderId: sub } }],
        ['a rename and move onto a script', { id: second, input: { name: 'first.py', folderId: sub } }],
        [
          'a rename with new content onto a sibling',
          { id: second, input: { name: 'first.py', content: script('# 2') } },
        ],
      ];
      await each(
        cases,
        (variables) => send('UpdateScript', variables),
        (response, label) => expectError(response, 'CONFLICT', label),
      );
      // Nothing of the refused changes stuck, content and version included.
      expect(await treeSnapshot()).toEqual(before);
      const unchanged = await send('ScriptVersions', { id: second });
      expect(unchanged.data!.script.versions).toEqual([expect.objectContaining({ version: 1, content: HELLO_SCRIPT })]);
    });

    it('lets exactly one of simultaneous creations of one name win; the others get their code', async () => {
      const top = await createFolder(uniqueName('race'));
      const folders = await Promise.all(
        Array.from({ length: 6 }, () => send('CreateFolder', { input: { name: 'same', parentId: top } })),
      );
      expect(folders.filter((r) => !r.errors)).toHaveLength(1);
      folders.filter((r) => r.errors).forEach((r, i) => expectError(r, 'CONFLICT', `folder race ${i}`));

      const scripts = await Promise.all(
        Array.from({ length: 6 }, () =>
          send('CreateScript', { input: { folderId: top, name: 'same.py', content: HELLO_SCRIPT } }),
        ),
      );
      expect(scripts.filter((r) => !r.errors)).toHaveLength(1);
      scripts
        .filter((r) => r.errors)
        .forEach((r, i) => expectError(r, 'SCRIPT_EXISTS_REPLACE_REQUIRED', `script race ${i}`));
    });

    it('keeps the paths below a renamed or moved folder right when names hold characters beyond the BMP', async () => {
      // "😀" is one character to PostgreSQL and two UTF-16 code units to JavaScript.
      const top = await createFolder(uniqueName('😀'));
      const child = await createFolder('child', top);
      const inner = await createScript('inner.py', child);
      const renamed = uniqueName('plain');
      expectSuccess(await send('RenameFolder', { id: top, name: renamed }), 'rename');
      expect.soft((await send('Folder', { id: child })).data!.folder.path).toBe(`${renamed}/child`);
      expect.soft((await send('Script', { id: inner })).data!.script.logicalPath).toBe(`${renamed}/child/inner.py`);

      const moved = await createFolder(uniqueName('🌍 moved'));
      const below = await createFolder('below', moved);
      const target = await createFolder(uniqueName('target'));
      const targetPath = (await send('Folder', { id: target })).data!.folder.path as string;
      const movedName = (await send('Folder', { id: moved })).data!.folder.name as string;
      expectSuccess(await send('MoveFolder', { id: moved, parentId: target }), 'move');
      expect.soft((await send('Folder', { id: below })).data!.folder.path).toBe(`${targetPath}/${movedName}/below`);
    });
  });
});
