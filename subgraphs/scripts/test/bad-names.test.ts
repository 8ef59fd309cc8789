import { type GraphQLResponse, uniqueName } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { HELLO_SCRIPT } from './support/scripts-test-stack.js';
import {
  useAdminScriptsStack,
  each,
  expectError,
  expectSuccess,
  show,
  type Cases,
} from './support/bad-input-fixtures.js';

/**
 * Bad folder and script names through the real gateway: separators, control characters, NULs,
 * dot names, blank and over-long names, and script names that are not Python files. Each is
 * refused with BAD_USER_INPUT on `name`, the request id and nothing internal, and changes
 * nothing; the boundaries and names that only look odd are accepted. The admin token is used
 * throughout so that permissions never decide.
 */

/** Names no folder or script may have. */
const BAD_NAMES: Cases<string> = [
  ['a slash', 'a/b'],
  ['a backslash', 'a\\b'],
  ['a bell (\\u0007)', 'a\u0007b'],
  ['a DEL (\\u007f)', 'a\u007fb'],
  ['a C1 control (\\u0085)', 'a\u0085b'],
  ['an escape sequence', 'a\u001b[31mb'],
  ['a tab', 'a\tb'],
  ['a newline', 'a\nb'],
  ['a carriage return', 'a\rb'],
  ['"."', '.'],
  ['".."', '..'],
  ['empty', ''],
  ['256 characters', 'x'.repeat(256)],
  ['10,000 characters', 'x'.repeat(10_000)],
  ['a leading space', ' a'],
  ['a trailing space', 'a '],
  ['only spaces', '   '],
  ['a trailing newline', 'a\n'],
];

/** Script names: the bad names with `.py` where that keeps them bad, and names that are not Python files. */
const BAD_SCRIPT_NAMES: Cases<string> = [
  ...BAD_NAMES,
  ...BAD_NAMES.filter(([, name]) => !['.', '..', 'a '].includes(name) && name.length < 256).map(
    ([label, name]): [string, string] => [`${label} with .py`, `${name}.py`],
  ),
  ['256 characters with .py', `${'s'.repeat(252)}x.py`],
  ['no extension', 'analysis'],
  ['another extension', 'analysis.txt'],
  ['".py" alone', '.py'],
  ['an upper-case extension', 'analysis.PY'],
  ['".py" then more', 'analysis.py.bak'],
  ['".py" then a space', 'analysis.py '],
  ['a path', 'geology/analysis.py'],
  ['a Windows path', 'geology\\analysis.py'],
  ['a traversal', '../analysis.py'],
];

describe('scripts subgraph: bad input through the gateway', () => {
  const { send, createFolder, createScript, treeSnapshot } = useAdminScriptsStack();

  describe('names', () => {
    it('refuses bad folder names on createFolder and renameFolder with BAD_USER_INPUT on `name`', async () => {
      const parent = await createFolder(uniqueName('names'));
      const existing = await createFolder('keep-me', parent);
      const before = await treeSnapshot();

      await each(
        BAD_NAMES,
        (name) => send('CreateFolder', { input: { name } }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `createFolder at the root: ${label}`, 'name'),
      );
      await each(
        BAD_NAMES,
        (name) => send('CreateFolder', { input: { name, parentId: parent } }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `createFolder in a folder: ${label}`, 'name'),
      );
      await each(
        BAD_NAMES,
        (name) => send('RenameFolder', { id: existing, name }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `renameFolder: ${label}`, 'name'),
      );
      expect(await treeSnapshot()).toEqual(before);

      // The boundaries, and names that only look odd, are accepted.
      expectSuccess(await send('CreateFolder', { input: { name: 'f'.repeat(255), parentId: parent } }), '255 chars');
      expectSuccess(await send('RenameFolder', { id: existing, name: 'g'.repeat(255) }), 'renamed to 255 chars');
      for (const name of ['a', 'inner spaces', '...', '.hidden', 'a.py', 'Bohrungen – Süd', 'emoji 😀']) {
        expectSuccess(await send('CreateFolder', { input: { name, parentId: parent } }), show(name));
      }
    });

    it('refuses a NUL in a name with BAD_USER_INPUT on `name` before any resolver runs', async () => {
      const parent = await createFolder(uniqueName('nul'));
      const existing = await createScript('existing.py', parent);
      const before = await treeSnapshot();
      const cases: Cases<() => Promise<GraphQLResponse>> = [
        ['createFolder', () => send('CreateFolder', { input: { name: 'a\u0000b' } })],
        ['createFolder in a folder', () => send('CreateFolder', { input: { name: 'a\u0000b', parentId: parent } })],
        ['renameFolder', () => send('RenameFolder', { id: parent, name: 'a\u0000b' })],
        ['renameFolder to a lone NUL', () => send('RenameFolder', { id: parent, name: '\u0000' })],
        [
          'createScript',
          () => send('CreateScript', { input: { folderId: parent, name: 'a\u0000b.py', content: HELLO_SCRIPT } }),
        ],
        ['updateScript', () => send('UpdateScript', { id: existing, input: { name: 'a\u0000.py' } })],
      ];
      await each(
        cases,
        (run) => run(),
        (response, label) => expectError(response, 'BAD_USER_INPUT', label, 'name'),
      );
      expect(await treeSnapshot()).toEqual(before);
    });

    it('refuses bad script names on createScript and updateScript with BAD_USER_INPUT on `name`', async () => {
      const folder = await createFolder(uniqueName('script-names'));
      const existing = await createScript('keep.py', folder);
      const before = await treeSnapshot();
      await each(
        BAD_SCRIPT_NAMES,
        (name) => send('CreateScript', { input: { folderId: folder, name, content: HELLO_SCRIPT } }),
        (response, label, name) =>
          expectError(response, 'BAD_USER_INPUT', `createScript ${show(name)} (${label})`, 'name'),
      );
      await each(
        BAD_SCRIPT_NAMES,
        (name) => send('CreateScript', { input: { name, content: HELLO_SCRIPT } }),
        (response, label, name) =>
          expectError(response, 'BAD_USER_INPUT', `createScript at the root ${show(name)} (${label})`, 'name'),
      );
      await each(
        BAD_SCRIPT_NAMES,
        (name) => send('UpdateScript', { id: existing, input: { name } }),
        (response, label, name) =>
          expectError(response, 'BAD_USER_INPUT', `updateScript ${show(name)} (${label})`, 'name'),
      );
      expect(await treeSnapshot()).toEqual(before);

      // The boundaries, and names that only look odd, are accepted.
      const longest = `${'s'.repeat(252)}.py`;
      expect(longest).toHaveLength(255);
      for (const name of [longest, 'a.py', '..py', 'inner space.py', 'análisis 😀.py']) {
        expectSuccess(
          await send('CreateScript', { input: { folderId: folder, name, content: HELLO_SCRIPT } }),
          `createScript ${show(name)}`,
        );
      }
      expectSuccess(
        await send('UpdateScript', { id: existing, input: { name: `${'t'.repeat(252)}.py` } }),
        'renamed to 255 characters',
      );
    });
  });
});
