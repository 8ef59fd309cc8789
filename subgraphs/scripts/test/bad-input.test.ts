import { randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes, type GraphQLResponse } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  contentThatMustNeverRun,
  HELLO_SCRIPT,
  script,
  startScriptsStack,
  type ScriptsTestStack,
} from './scripts-test-stack.js';

/**
 * Malformed input to the scripts subgraph, through the real gateway: bad names and paths,
 * impossible moves, invalid content, ETL settings that do not fit their stage, unknown and
 * malformed ids. Each gets its contract code and the request id, never an internal message,
 * and changes nothing. The admin token is used throughout so that permissions never decide.
 */

/**
 * The default cap, set explicitly: content up to it must get through the gateway and the
 * subgraph's body limit whatever its JSON escaping, and content over it must get its code.
 */
const MAX_BYTES = 1024 * 1024;

/** Signs of internals in a response body: SQL, stack frames, file paths, driver messages. */
const LEAKS: Array<[string, RegExp]> = [
  ['SQL (select)', /\bselect\b/i],
  ['SQL (insert)', /\binsert\b/i],
  ['SQL (update … set)', /\bupdate\s+"?\w+"?\s+set\b/i],
  ['a table', /\b(from|into|table)\s+"?(folders|scripts|script_versions)\b/i],
  ['a driver message', /violates|duplicate key|at or near|postgres|mikro-?orm|ECONN|errno/i],
  ['a stack frame', /(\\n|\n)\s*at\s/],
  ['a stack frame', /\bat (async )?[\w$.<>[\]]+ \((file:|node:|\/)/],
  ['a stack trace', /stacktrace/i],
  ['a file path', /\/work\/|node_modules|\.(ts|js|mjs|py):\d+/],
];

/** Nothing internal anywhere in the body, and a request id on every error. */
function expectNoLeaks(response: GraphQLResponse, label: string): void {
  for (const [what, pattern] of LEAKS) expect.soft(response.text, `${label} leaks ${what}`).not.toMatch(pattern);
  for (const error of response.errors ?? []) {
    expect.soft(error.extensions?.requestId, `${label}: requestId`).toEqual(expect.any(String));
  }
}

/**
 * Exactly one error with `code` (and `extensions.field`, where given), no data, nothing
 * internal. Soft assertions: a test that walks through many cases reports every one that fails.
 */
function expectError(response: GraphQLResponse, code: string, label: string, field?: string): void {
  const shown = `${label}: ${response.text.slice(0, 500)}`;
  expect.soft(errorCodes(response), shown).toEqual([code]);
  if (field !== undefined) expect.soft(response.errors?.[0]?.extensions?.field, `${shown} (field)`).toBe(field);
  const data = response.data ? Object.values(response.data)[0] : null;
  expect.soft(data ?? null, `${label}: no data`).toBeNull();
  expectNoLeaks(response, label);
}

function expectSuccess(response: GraphQLResponse, label: string): void {
  expect.soft(response.errors, `${label}: ${response.text.slice(0, 500)}`).toBeUndefined();
}

type Cases<T> = Array<[label: string, value: T]>;

/** Sends every case at once, then checks each answer. */
async function each<T>(
  cases: Cases<T>,
  send: (value: T, label: string) => Promise<GraphQLResponse>,
  check: (response: GraphQLResponse, label: string, value: T) => void,
): Promise<void> {
  const responses = await Promise.all(cases.map(([label, value]) => send(value, label)));
  responses.forEach((response, i) => check(response, cases[i]![0], cases[i]![1]));
}

const show = (value: string) =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…(${value.length} chars)` : value);

/** A script file name made from a case label. */
const fileName = (label: string) => `${label.replace(/\W+/g, '_').slice(0, 60)}.py`;

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
  let stack: ScriptsTestStack;
  let admin: string;
  let tmp: string;

  beforeAll(async () => {
    stack = await startScriptsStack({ SCRIPT_MAX_BYTES: String(MAX_BYTES) });
    admin = await stack.adminToken();
    tmp = mkdtempSync(join(tmpdir(), 'scripts-bad-input-'));
  });
  afterAll(async () => {
    await stack?.stop();
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });

  const send = (operation: string, variables: Record<string, unknown> = {}) =>
    stack.contract('scripts', operation, { token: admin, variables });

  /** A short unique name, so that tests never share folders. */
  const unique = (name: string) => `${name}-${randomBytes(3).toString('hex')}`;

  async function createFolder(name: string, parentId: string | null = null): Promise<string> {
    const response = await send('CreateFolder', { input: { name, parentId } });
    if (!response.data?.createFolder) throw new Error(`createFolder ${show(name)} failed: ${response.text}`);
    return response.data.createFolder.id as string;
  }

  async function createScript(name: string, folderId: string | null = null, etl?: unknown): Promise<string> {
    const response = await send('CreateScript', { input: { name, folderId, content: HELLO_SCRIPT, etl } });
    if (!response.data?.createScript) throw new Error(`createScript ${show(name)} failed: ${response.text}`);
    return response.data.createScript.id as string;
  }

  /** Every folder and script with its path, name and version: refused requests change none of it. */
  async function treeSnapshot(): Promise<string[]> {
    const response = await send('Tree');
    expect(response.errors).toBeUndefined();
    const { folders, scripts } = response.data!.tree as {
      folders: Array<{ id: string; path: string; name: string; parentId: string | null }>;
      scripts: Array<{ id: string; logicalPath: string; name: string; folderId: string | null; version: number }>;
    };
    return [
      ...folders.map((f) => `folder ${f.id} ${f.parentId} ${JSON.stringify([f.path, f.name])}`),
      ...scripts.map((s) => `script ${s.id} ${s.folderId} ${JSON.stringify([s.logicalPath, s.name])} v${s.version}`),
    ].sort();
  }

  describe('names', () => {
    it('refuses bad folder names on createFolder and renameFolder with BAD_USER_INPUT on `name`', async () => {
      const parent = await createFolder(unique('names'));
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
      const parent = await createFolder(unique('nul'));
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
      const folder = await createFolder(unique('script-names'));
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

  describe('paths', () => {
    it('refuses malformed paths in scriptByPath with BAD_USER_INPUT, and answers unknown ones with NOT_FOUND', async () => {
      const folder = unique('paths');
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
      const elsewhere = await createFolder(unique('elsewhere'));
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
      const a = await createFolder(unique('move'));
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
      const top = await createFolder(unique('clash'));
      const x = await createFolder('x', top);
      const y = await createFolder('y', top);
      await createFolder('inner', x);
      const other = await createFolder('other', top);
      const otherX = await createFolder('x', other);
      const rootName = unique('root-clash');
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
      const top = await createFolder(unique('script-clash'));
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
      const top = await createFolder(unique('race'));
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
      const top = await createFolder(unique('😀'));
      const child = await createFolder('child', top);
      const inner = await createScript('inner.py', child);
      const renamed = unique('plain');
      expectSuccess(await send('RenameFolder', { id: top, name: renamed }), 'rename');
      expect.soft((await send('Folder', { id: child })).data!.folder.path).toBe(`${renamed}/child`);
      expect.soft((await send('Script', { id: inner })).data!.script.logicalPath).toBe(`${renamed}/child/inner.py`);

      const moved = await createFolder(unique('🌍 moved'));
      const below = await createFolder('below', moved);
      const target = await createFolder(unique('target'));
      const targetPath = (await send('Folder', { id: target })).data!.folder.path as string;
      const movedName = (await send('Folder', { id: moved })).data!.folder.name as string;
      expectSuccess(await send('MoveFolder', { id: moved, parentId: target }), 'move');
      expect.soft((await send('Folder', { id: below })).data!.folder.path).toBe(`${targetPath}/${movedName}/below`);
    });
  });

  describe('content', () => {
    const INVALID: Cases<{ content: string; reason: RegExp; line?: number }> = [
      ['no main', { content: 'def handler(data):\n    return data\n', reason: /main\(data\)/ }],
      ['empty content', { content: '', reason: /main\(data\)/ }],
      ['main in a class', { content: 'class Job:\n    def main(self, data):\n        return data\n', reason: /main/ }],
      ['main in an if', { content: 'if True:\n    def main(data):\n        return data\n', reason: /main/ }],
      ['async def main', { content: 'async def main(data):\n    return data\n', reason: /async/, line: 1 }],
      ['def main() without an argument', { content: 'def main():\n    return {}\n', reason: /one argument/ }],
      ['def main(a, b)', { content: '\ndef main(a, b):\n    return {}\n', reason: /one argument/, line: 2 }],
      [
        'a syntax error on line 3',
        { content: 'def main(data):\n    x = 1\n    return (x\n', reason: /syntax/, line: 3 },
      ],
      ['a Python 2 print', { content: 'def main(data):\n    print "hi"\n', reason: /syntax/, line: 2 }],
      ['4,000 nested parentheses', { content: `x = ${'('.repeat(4000)}\n`, reason: /./ }],
    ];

    function expectInvalid(response: GraphQLResponse, label: string, expected: { reason: RegExp; line?: number }) {
      expectError(response, 'INVALID_SCRIPT', label);
      const message = response.errors?.[0]?.message ?? '';
      expect.soft(message, `${label}: message`).toMatch(expected.reason);
      if (expected.line)
        expect.soft(message, `${label}: the message names the line`).toContain(`line ${expected.line}`);
    }

    it('refuses content without a top-level main(data), or that does not parse, with INVALID_SCRIPT', async () => {
      const folder = await createFolder(unique('content'));
      const existing = await createScript('existing.py', folder);
      const before = await treeSnapshot();
      await each(
        INVALID,
        ({ content }, label) => send('CreateScript', { input: { folderId: folder, name: fileName(label), content } }),
        (response, label, expected) => expectInvalid(response, `createScript: ${label}`, expected),
      );
      const some = INVALID.filter(([label]) => /no main|async|line 3/.test(label));
      await each(
        some,
        ({ content }) => send('UpdateScript', { id: existing, input: { content } }),
        (response, label, expected) => expectInvalid(response, `updateScript: ${label}`, expected),
      );
      await each(
        some,
        ({ content }) =>
          send('CreateScript', { input: { folderId: folder, name: 'existing.py', content, replace: true } }),
        (response, label, expected) => expectInvalid(response, `createScript with replace: ${label}`, expected),
      );
      expectError(
        await send('CreateScript', { input: { folderId: folder, name: 'nul.py', content: `${HELLO_SCRIPT}\u0000` } }),
        'BAD_USER_INPUT',
        'content with a NUL',
        'content',
      );
      expect(await treeSnapshot()).toEqual(before);
      const versions = await send('ScriptVersions', { id: existing });
      expect(versions.data!.script.versions).toHaveLength(1);
    });

    it('gives the reason and line of an invalid script in extensions.reason and extensions.line', async () => {
      const [syntax, noMain] = await Promise.all([
        send('CreateScript', {
          input: { name: fileName(unique('ext')), content: 'def main(data):\n    x = 1\n    (x\n' },
        }),
        send('CreateScript', { input: { name: fileName(unique('ext')), content: 'x = 1\n' } }),
      ]);
      expectError(syntax, 'INVALID_SCRIPT', 'a syntax error on line 3');
      expect.soft(syntax.errors?.[0]?.extensions?.reason, 'reason').toEqual(expect.stringMatching(/syntax error/));
      expect.soft(syntax.errors?.[0]?.extensions?.line, 'line').toBe(3);
      expectError(noMain, 'INVALID_SCRIPT', 'no main');
      expect.soft(noMain.errors?.[0]?.extensions?.reason, 'reason').toEqual(expect.stringMatching(/main\(data\)/));
    });

    /** Content of exactly `bytes` bytes of UTF-8: a comment of `fill`, then the hello script. */
    function sized(bytes: number, fill = 'x'): string {
      const head = '# ';
      const tail = `\n${HELLO_SCRIPT}`;
      const room = bytes - Buffer.byteLength(head + tail);
      const unit = Buffer.byteLength(fill);
      return head + fill.repeat(Math.floor(room / unit)) + 'x'.repeat(room % unit) + tail;
    }

    it('refuses content over SCRIPT_MAX_BYTES with PAYLOAD_TOO_LARGE, counting bytes of UTF-8', async () => {
      const folder = await createFolder(unique('size'));
      const existing = await createScript('existing.py', folder);
      const twoByte = sized(MAX_BYTES + 2, 'é');
      expect(twoByte.length).toBeLessThan(MAX_BYTES);
      const cases: Cases<string> = [
        ['one byte over', sized(MAX_BYTES + 1)],
        ['over in bytes, under in characters', twoByte],
        ['over and invalid too', 'def main(:\n'.repeat(MAX_BYTES / 8)],
        ['twice the cap', sized(2 * MAX_BYTES)],
      ];
      const before = await treeSnapshot();
      await each(
        cases,
        (content, label) => send('CreateScript', { input: { folderId: folder, name: fileName(label), content } }),
        (response, label) => expectError(response, 'PAYLOAD_TOO_LARGE', `createScript: ${label}`),
      );
      await each(
        cases,
        (content) => send('UpdateScript', { id: existing, input: { content } }),
        (response, label) => expectError(response, 'PAYLOAD_TOO_LARGE', `updateScript: ${label}`),
      );
      expect(await treeSnapshot()).toEqual(before);

      const exactly = sized(MAX_BYTES);
      expect(Buffer.byteLength(exactly)).toBe(MAX_BYTES);
      expectSuccess(
        await send('CreateScript', { input: { folderId: folder, name: 'exactly.py', content: exactly } }),
        'exactly the cap',
      );
      expectSuccess(
        await send('UpdateScript', { id: existing, input: { content: sized(MAX_BYTES, 'é') } }),
        'exactly the cap in two-byte characters',
      );
    });

    it('refuses content far over the cap with PAYLOAD_TOO_LARGE, whatever the body limits on the way', async () => {
      // The gateway takes bodies up to 40 MiB; the subgraph, at this cap, 2.25 MiB.
      const content = sized(3 * MAX_BYTES);
      const existing = await createScript(fileName(unique('body')));
      const [created, updated] = await Promise.all([
        send('CreateScript', { input: { name: fileName(unique('body')), content } }),
        send('UpdateScript', { id: existing, input: { content } }),
      ]);
      expectError(created, 'PAYLOAD_TOO_LARGE', 'createScript of 3 MiB');
      expectError(updated, 'PAYLOAD_TOO_LARGE', 'updateScript of 3 MiB');
    });

    it('accepts content within the cap however much JSON escaping grows it', async () => {
      // Control characters are valid in a Python string literal and take 6 bytes each in JSON
      // (\u0001): 450 KiB of content, 2.7 MiB of request body.
      const content = `BLOB = "${'\u0001'.repeat(450 * 1024)}"\n${HELLO_SCRIPT}`;
      expect(Buffer.byteLength(content)).toBeLessThan(MAX_BYTES);
      expect(JSON.stringify(content).length).toBeGreaterThan(2.5 * MAX_BYTES);
      const response = await send('CreateScript', { input: { name: fileName(unique('escaped')), content } });
      expectSuccess(response, 'a 450 KiB script with control characters in a string');
      expectNoLeaks(response, 'a 450 KiB script with control characters in a string');
    });

    it('accepts content that would misbehave if it ran, and never runs it', async () => {
      const { content: dangerous, markers } = contentThatMustNeverRun(tmp);
      const loop = 'while True:\n    pass\n\ndef main(data):\n    return data\n';
      const [created, looped] = await Promise.all([
        send('CreateScript', { input: { name: fileName(unique('dangerous')), content: dangerous } }),
        send('CreateScript', { input: { name: fileName(unique('loop')), content: loop } }),
      ]);
      expectSuccess(created, 'os.system at the top level');
      expectSuccess(looped, 'an infinite loop at the top level');
      // Accepted, so parsed, never run: running the loop would have ended in the checker's timeout.
      for (const [name, marker] of Object.entries(markers)) {
        expect.soft(existsSync(marker), `${name} ran`).toBe(false);
      }
    });

    it('refuses lone surrogates (invalid UTF-16, stored changed if kept) in content and names with BAD_USER_INPUT', async () => {
      const folder = await createFolder(unique('surrogates'));
      const cases: Cases<Record<string, unknown>> = [
        ['in a comment', { name: 'comment.py', content: `# \ud800\n${HELLO_SCRIPT}` }],
        ['in a string literal', { name: 'literal.py', content: `X = "\udc00"\n${HELLO_SCRIPT}` }],
        ['in a script name', { name: 'a\ud800b.py', content: HELLO_SCRIPT }],
        ['in a display name', { name: 'display.py', content: HELLO_SCRIPT, displayName: 'x\udfff' }],
      ];
      await each(
        cases,
        (input) => send('CreateScript', { input: { folderId: folder, ...input } }),
        (response, label) => {
          expect.soft(errorCodes(response), `${label}: ${response.text.slice(0, 300)}`).toEqual(['BAD_USER_INPUT']);
          expectNoLeaks(response, label);
        },
      );
      // Nothing was stored.
      const readBack = await send('Folder', { id: folder });
      expect(readBack.data?.folder.scripts).toEqual([]);
      const inFolderName = await send('CreateFolder', { input: { name: 'x\ud800', parentId: folder } });
      expect.soft(errorCodes(inFolderName), inFolderName.text).toEqual(['BAD_USER_INPUT']);
      expectNoLeaks(inFolderName, 'a folder name');
      // The service still answers, and the tree still reads.
      await treeSnapshot();
    });
  });

  describe('ETL settings', () => {
    const base = { taskId: 'task-1', fields: [{ datamoduleId: 'dm-1', fieldName: 'depth' }] };
    const rule = (fieldType: string, type: string, values: Record<string, string> = {}) => ({
      ...base,
      stage: 'FIELD_RULE',
      fieldRule: { fieldType, type, ...values },
    });
    const range = (fieldType: string, minValue: string, maxValue: string) =>
      rule(fieldType, 'IGNORE_OUT_OF_RANGE', { minValue, maxValue });
    const integerRule = { fieldType: 'INTEGER', type: 'IGNORE_EMPTY' };

    it('refuses settings that do not fit the stage, and values that do not parse or order, with BAD_USER_INPUT', async () => {
      const folder = await createFolder(unique('etl'));
      const cases: Cases<[etl: Record<string, unknown>, field: string | undefined]> = [
        ['fieldRule with stage EXTRACTOR', [{ ...base, stage: 'EXTRACTOR', fieldRule: integerRule }, 'etl.fieldRule']],
        ['fieldRule with stage UPLOADER', [{ ...base, stage: 'UPLOADER', fieldRule: integerRule }, 'etl.fieldRule']],
        [
          'transformation with stage EXTRACTOR',
          [{ ...base, stage: 'EXTRACTOR', transformation: { type: 'MERGE' } }, 'etl.transformation'],
        ],
        [
          'anonymizationRule with stage TRANSFORMER',
          [
            {
              ...base,
              stage: 'TRANSFORMER',
              transformation: { type: 'MERGE' },
              anonymizationRule: { type: 'SUPPRESSION' },
            },
            'etl.anonymizationRule',
          ],
        ],
        [
          'fieldRule with stage ANONYMIZATION_RULE',
          [
            {
              ...base,
              stage: 'ANONYMIZATION_RULE',
              anonymizationRule: { type: 'PERMUTATION' },
              fieldRule: integerRule,
            },
            'etl.fieldRule',
          ],
        ],
        ['FIELD_RULE without fieldRule', [{ ...base, stage: 'FIELD_RULE' }, 'etl.fieldRule']],
        ['ANONYMIZATION_RULE without its rule', [{ ...base, stage: 'ANONYMIZATION_RULE' }, 'etl.anonymizationRule']],
        ['TRANSFORMER without transformation', [{ ...base, stage: 'TRANSFORMER' }, 'etl.transformation']],
        ['INTEGER min 10 > max 2', [range('INTEGER', '10', '2'), 'etl.fieldRule.minValue']],
        [
          'INTEGER min > max beyond 2^53',
          [range('INTEGER', '9007199254740993', '9007199254740992'), 'etl.fieldRule.minValue'],
        ],
        ['INTEGER min -1 > max -2', [range('INTEGER', '-1', '-2'), 'etl.fieldRule.minValue']],
        ['DOUBLE min 2.5 > max 1e0', [range('DOUBLE', '2.5', '1e0'), 'etl.fieldRule.minValue']],
        ['DOUBLE min -0.5 > max -1', [range('DOUBLE', '-0.5', '-1'), 'etl.fieldRule.minValue']],
        ['STRING min b > max a', [range('STRING', 'b', 'a'), 'etl.fieldRule.minValue']],
        ['STRING min abc > max ab', [range('STRING', 'abc', 'ab'), 'etl.fieldRule.minValue']],
        ['INTEGER 1.5', [range('INTEGER', '1.5', '2'), 'etl.fieldRule.minValue']],
        ['INTEGER abc', [range('INTEGER', '1', 'abc'), 'etl.fieldRule.maxValue']],
        ['INTEGER empty', [range('INTEGER', '', '2'), 'etl.fieldRule.minValue']],
        ['INTEGER with a space', [range('INTEGER', ' 1', '2'), 'etl.fieldRule.minValue']],
        ['INTEGER 1e3', [range('INTEGER', '1e3', '2000'), 'etl.fieldRule.minValue']],
        ['INTEGER 0x10', [range('INTEGER', '0', '0x10'), 'etl.fieldRule.maxValue']],
        ['INTEGER of 41 digits', [range('INTEGER', '0', '9'.repeat(41)), 'etl.fieldRule.maxValue']],
        ['INTEGER default abc', [rule('INTEGER', 'FILL_EMPTY', { defaultValue: 'abc' }), 'etl.fieldRule.defaultValue']],
        ['DOUBLE 1e400', [range('DOUBLE', '0', '1e400'), 'etl.fieldRule.maxValue']],
        ['DOUBLE -1e400', [range('DOUBLE', '-1e400', '0'), 'etl.fieldRule.minValue']],
        ['DOUBLE NaN', [range('DOUBLE', 'NaN', '1'), 'etl.fieldRule.minValue']],
        ['DOUBLE Infinity', [range('DOUBLE', '0', 'Infinity'), 'etl.fieldRule.maxValue']],
        ['DOUBLE -Infinity', [range('DOUBLE', '-Infinity', '0'), 'etl.fieldRule.minValue']],
        ['DOUBLE with a comma', [range('DOUBLE', '1,5', '2'), 'etl.fieldRule.minValue']],
        ['DOUBLE hexadecimal', [range('DOUBLE', '0x1p3', '9'), 'etl.fieldRule.minValue']],
        ['DOUBLE empty', [range('DOUBLE', '0', ''), 'etl.fieldRule.maxValue']],
        ['DOUBLE default NaN', [rule('DOUBLE', 'FILL_EMPTY', { defaultValue: 'NaN' }), 'etl.fieldRule.defaultValue']],
        ['a value of 4,097 characters', [range('STRING', 'a', 'b'.repeat(4097)), 'etl.fieldRule.maxValue']],
        ['FILL_EMPTY without defaultValue', [rule('INTEGER', 'FILL_EMPTY'), 'etl.fieldRule.defaultValue']],
        [
          'FILL_OUT_OF_RANGE without defaultValue',
          [rule('INTEGER', 'FILL_OUT_OF_RANGE', { minValue: '0', maxValue: '1' }), 'etl.fieldRule.defaultValue'],
        ],
        ['IGNORE_OUT_OF_RANGE without a bound', [rule('INTEGER', 'IGNORE_OUT_OF_RANGE'), 'etl.fieldRule.minValue']],
        ['REMOVE_OUT_OF_RANGE without a bound', [rule('DOUBLE', 'REMOVE_OUT_OF_RANGE'), 'etl.fieldRule.minValue']],
        [
          'FILL_OUT_OF_RANGE without a bound',
          [rule('STRING', 'FILL_OUT_OF_RANGE', { defaultValue: 'x' }), 'etl.fieldRule.minValue'],
        ],
        [
          'FILL_OUT_OF_RANGE default above max',
          [
            rule('INTEGER', 'FILL_OUT_OF_RANGE', { minValue: '0', maxValue: '10', defaultValue: '11' }),
            'etl.fieldRule.defaultValue',
          ],
        ],
        [
          'FILL_OUT_OF_RANGE default below min',
          [
            rule('DOUBLE', 'FILL_OUT_OF_RANGE', { minValue: '0.5', defaultValue: '0.25' }),
            'etl.fieldRule.defaultValue',
          ],
        ],
        [
          'FILL_OUT_OF_RANGE STRING default outside',
          [rule('STRING', 'FILL_OUT_OF_RANGE', { minValue: 'b', defaultValue: 'a' }), 'etl.fieldRule.defaultValue'],
        ],
        ['taskId "bad id!"', [{ ...base, taskId: 'bad id!', stage: 'EXTRACTOR' }, 'etl.taskId']],
        ['taskId of 200 characters', [{ ...base, taskId: 't'.repeat(200), stage: 'EXTRACTOR' }, 'etl.taskId']],
        ['taskId empty', [{ ...base, taskId: '', stage: 'EXTRACTOR' }, 'etl.taskId']],
        ['taskId with a traversal', [{ ...base, taskId: '../task', stage: 'EXTRACTOR' }, 'etl.taskId']],
        [
          'datamoduleId "bad id!"',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'bad id!', fieldName: 'f' }] },
            'etl.fields[0].datamoduleId',
          ],
        ],
        [
          'datamoduleId of 200 characters',
          [
            {
              taskId: 'task-1',
              stage: 'EXTRACTOR',
              fields: [
                { datamoduleId: 'dm-1', fieldName: 'f' },
                { datamoduleId: 'd'.repeat(200), fieldName: 'f' },
              ],
            },
            'etl.fields[1].datamoduleId',
          ],
        ],
        [
          'fieldName with a slash',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'dm-1', fieldName: 'a/b' }] },
            'etl.fields[0].fieldName',
          ],
        ],
        [
          'fieldName empty',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'dm-1', fieldName: '' }] },
            'etl.fields[0].fieldName',
          ],
        ],
        [
          'fieldName of 256 characters',
          [
            { taskId: 'task-1', stage: 'EXTRACTOR', fields: [{ datamoduleId: 'dm-1', fieldName: 'f'.repeat(256) }] },
            'etl.fields[0].fieldName',
          ],
        ],
        [
          '501 fields',
          [
            {
              taskId: 'task-1',
              stage: 'EXTRACTOR',
              fields: Array.from({ length: 501 }, (_, i) => ({ datamoduleId: 'dm-1', fieldName: `f${i}` })),
            },
            'etl.fields',
          ],
        ],
        [
          'a transformation script of 65,537 characters',
          [
            { ...base, stage: 'TRANSFORMER', transformation: { type: 'UPDATE', script: 'x'.repeat(65_537) } },
            'etl.transformation',
          ],
        ],
        ['an unknown stage', [{ ...base, stage: 'LOADER' }, undefined]],
        ['an unknown field type', [rule('BOOLEAN', 'IGNORE_EMPTY'), undefined]],
      ];
      const before = await treeSnapshot();
      await each(
        cases,
        ([etl], label) =>
          send('CreateScript', { input: { folderId: folder, name: fileName(label), content: HELLO_SCRIPT, etl } }),
        (response, label, [, field]) => expectError(response, 'BAD_USER_INPUT', label, field),
      );
      expect(await treeSnapshot()).toEqual(before);
      expectError(
        await send('TaskScripts', { taskId: 'bad id!' }),
        'BAD_USER_INPUT',
        'scriptsByTask of a bad taskId',
        'taskId',
      );

      // What the rules allow is accepted.
      const valid: Cases<Record<string, unknown>> = [
        ['INTEGER min = max', range('INTEGER', '+5', '5')],
        ['INTEGER beyond 2^64', range('INTEGER', '-18446744073709551617', '18446744073709551617')],
        ['DOUBLE forms', range('DOUBLE', '-.5', '1.')],
        ['DOUBLE exponents', range('DOUBLE', '1e-3', '2.5E+2')],
        ['STRING range', range('STRING', 'a', 'b')],
        [
          'FILL_OUT_OF_RANGE default on a bound',
          rule('INTEGER', 'FILL_OUT_OF_RANGE', { maxValue: '3', defaultValue: '3' }),
        ],
        ['FILL_EMPTY with a default', rule('STRING', 'FILL_EMPTY', { defaultValue: '' })],
        ['UPLOADER without settings', { ...base, stage: 'UPLOADER' }],
      ];
      await each(
        valid,
        (etl, label) =>
          send('CreateScript', {
            input: { folderId: folder, name: fileName(`ok ${label}`), content: HELLO_SCRIPT, etl },
          }),
        (response, label) => expectSuccess(response, label),
      );
    });

    it('compares STRING ranges by code point, as documented', async () => {
      // U+FF21 (Ａ) comes before U+1F600 (😀) by code point, but after its first UTF-16 code unit (U+D83D).
      const [ordered, reversed, fill] = await Promise.all([
        send('CreateScript', {
          input: { name: fileName(unique('cp-ok')), content: HELLO_SCRIPT, etl: range('STRING', '\uff21', '😀') },
        }),
        send('CreateScript', {
          input: { name: fileName(unique('cp-bad')), content: HELLO_SCRIPT, etl: range('STRING', '😀', '\uff21') },
        }),
        send('CreateScript', {
          input: {
            name: fileName(unique('cp-fill')),
            content: HELLO_SCRIPT,
            etl: rule('STRING', 'FILL_OUT_OF_RANGE', { minValue: 'a', maxValue: '😀', defaultValue: '\uff21' }),
          },
        }),
      ]);
      expectSuccess(ordered, 'min U+FF21, max U+1F600');
      expectError(reversed, 'BAD_USER_INPUT', 'min U+1F600, max U+FF21', 'etl.fieldRule.minValue');
      expectSuccess(fill, 'default U+FF21 within a … U+1F600');
    });

    it('refuses updateScriptEtl changes that do not fit, and leaves the binding as it was', async () => {
      const folder = await createFolder(unique('etl-update'));
      const unbound = await createScript('unbound.py', folder);
      const bound = await createScript('bound.py', folder, range('INTEGER', '0', '10'));
      const boundBefore = (await send('Script', { id: bound })).data!.script;
      const fields = (datamoduleId: string, fieldName: string) => [{ datamoduleId, fieldName }];

      const onUnbound: Cases<Record<string, unknown>> = [
        ['nothing', {}],
        ['taskId without stage', { taskId: 'task-1' }],
        ['stage without taskId', { stage: 'EXTRACTOR' }],
        ['only fields', { fieldsToAdd: fields('dm-1', 'depth') }],
      ];
      const onBound: Cases<[Record<string, unknown>, string]> = [
        ['removing a field not bound', [{ fieldsToRemove: fields('dm-1', 'other') }, 'input.fieldsToRemove[0]']],
        [
          'removing a field of another datamodule',
          [{ fieldsToRemove: fields('dm-2', 'depth') }, 'input.fieldsToRemove[0]'],
        ],
        [
          'removing one field twice',
          [{ fieldsToRemove: [...fields('dm-1', 'depth'), ...fields('dm-1', 'depth')] }, 'input.fieldsToRemove[1]'],
        ],
        [
          'anonymizationRule on a FIELD_RULE',
          [{ anonymizationRule: { type: 'SUPPRESSION' } }, 'input.anonymizationRule'],
        ],
        ['stage TRANSFORMER without transformation', [{ stage: 'TRANSFORMER' }, 'input.transformation']],
        ['stage EXTRACTOR with fieldRule', [{ stage: 'EXTRACTOR', fieldRule: integerRule }, 'input.fieldRule']],
        [
          'fieldRule min > max',
          [
            { fieldRule: { fieldType: 'INTEGER', type: 'IGNORE_OUT_OF_RANGE', minValue: '10', maxValue: '2' } },
            'input.fieldRule.minValue',
          ],
        ],
        [
          'fieldRule FILL_EMPTY without defaultValue',
          [{ fieldRule: { fieldType: 'INTEGER', type: 'FILL_EMPTY' } }, 'input.fieldRule.defaultValue'],
        ],
        ['taskId "bad id!"', [{ taskId: 'bad id!' }, 'input.taskId']],
        ['taskId of 200 characters', [{ taskId: 't'.repeat(200) }, 'input.taskId']],
        [
          'a field with a bad datamoduleId',
          [{ fieldsToAdd: fields('bad id!', 'x') }, 'input.fieldsToAdd[0].datamoduleId'],
        ],
        ['a field with a bad name', [{ fieldsToAdd: fields('dm-1', 'a\tb') }, 'input.fieldsToAdd[0].fieldName']],
      ];
      await each(
        onUnbound,
        (input) => send('UpdateScriptEtl', { id: unbound, input }),
        (response, label) => expectError(response, 'BAD_USER_INPUT', `unbound: ${label}`, 'input.taskId'),
      );
      await each(
        onBound,
        ([input]) => send('UpdateScriptEtl', { id: bound, input }),
        (response, label, [, field]) => expectError(response, 'BAD_USER_INPUT', `bound: ${label}`, field),
      );
      expect((await send('Script', { id: unbound })).data!.script.etl).toBeNull();
      expect((await send('Script', { id: bound })).data!.script).toEqual(boundBefore);
    });
  });

  describe('ids', () => {
    it('answers unknown ids with NOT_FOUND and malformed ones with BAD_USER_INPUT, for every operation', async () => {
      const folder = await createFolder(unique('ids'));
      const child = await createFolder('child', folder);
      const existing = await createScript('existing.py', folder);
      const operations: Cases<(id: string) => [string, Record<string, unknown>]> = [
        ['folder', (id) => ['Folder', { id }]],
        ['script', (id) => ['Script', { id }]],
        ['script versions', (id) => ['ScriptVersions', { id }]],
        ['renameFolder', (id) => ['RenameFolder', { id, name: 'renamed' }]],
        ['moveFolder (id)', (id) => ['MoveFolder', { id, parentId: null }]],
        ['moveFolder (parentId)', (id) => ['MoveFolder', { id: child, parentId: id }]],
        ['deleteFolder', (id) => ['DeleteFolder', { id }]],
        ['createFolder (parentId)', (id) => ['CreateFolder', { input: { name: 'new', parentId: id } }]],
        [
          'createScript (folderId)',
          (id) => ['CreateScript', { input: { folderId: id, name: 'new.py', content: HELLO_SCRIPT } }],
        ],
        ['updateScript (id)', (id) => ['UpdateScript', { id, input: { description: 'changed' } }]],
        ['updateScript (folderId)', (id) => ['UpdateScript', { id: existing, input: { folderId: id } }]],
        ['updateScriptEtl', (id) => ['UpdateScriptEtl', { id, input: { taskId: 'task-1', stage: 'EXTRACTOR' } }]],
        ['releaseScript', (id) => ['ReleaseScript', { id }]],
        ['deleteScript', (id) => ['DeleteScript', { id }]],
      ];
      /** A script id where a folder is wanted, and a folder id where a script is. */
      const otherKind = (label: string) =>
        /folder|parentId|folderId/i.test(label) && !/^updateScript \(id\)/.test(label) ? existing : child;
      const ids: Array<[string, (label: string) => string, string]> = [
        ['a random UUID', () => randomUUID(), 'NOT_FOUND'],
        ['an id of the other kind', otherKind, 'NOT_FOUND'],
        ['"not-a-uuid"', () => 'not-a-uuid', 'BAD_USER_INPUT'],
        ['an empty id', () => '', 'BAD_USER_INPUT'],
        ['SQL', () => "' or 1=1 --", 'BAD_USER_INPUT'],
        ['a UUID without dashes', () => randomUUID().replace(/-/g, ''), 'BAD_USER_INPUT'],
        ['a UUID in braces', () => `{${randomUUID()}}`, 'BAD_USER_INPUT'],
        ['a UUID with a suffix', () => `${randomUUID()}x`, 'BAD_USER_INPUT'],
        ['10,000 characters', () => 'a'.repeat(10_000), 'BAD_USER_INPUT'],
        ['a NUL', () => `${randomUUID()}\u0000`, 'BAD_USER_INPUT'],
      ];
      const before = await treeSnapshot();
      const cases: Cases<[[string, Record<string, unknown>], string]> = operations.flatMap(([operation, build]) =>
        ids.map(([what, id, code]): [string, [[string, Record<string, unknown>], string]] => [
          `${operation} with ${what}`,
          [build(id(operation)), code],
        ]),
      );
      await each(
        cases,
        ([[operation, variables]]) => send(operation, variables),
        (response, label, [, code]) => expectError(response, code, label),
      );
      expect(await treeSnapshot()).toEqual(before);
    });
  });
});
