import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HELLO_SCRIPT } from './support/scripts-test-stack.js';
import { useAdminScriptsStack, each, expectError, type Cases } from './support/bad-input-fixtures.js';
import { uniqueName } from '@etl/testkit';

/**
 * Unknown and malformed ids through the real gateway, for every query and mutation that takes
 * one: an unknown id or one of the other kind gets NOT_FOUND, a malformed one BAD_USER_INPUT,
 * each with the request id and nothing internal, and nothing changes. The admin token is used
 * throughout so that permissions never decide.
 */

describe('scripts subgraph: bad input through the gateway', () => {
  const { send, createFolder, createScript, treeSnapshot } = useAdminScriptsStack();

  describe('ids', () => {
    it('answers unknown ids with NOT_FOUND and malformed ones with BAD_USER_INPUT, for every operation', async () => {
      const folder = await createFolder(uniqueName('ids'));
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
        // A malformed id names its argument: the `(field)` of the operation's label, else `id`.
        (response, label, [, code]) =>
          expectError(
            response,
            code,
            label,
            code === 'BAD_USER_INPUT' ? (/\((\w+)\)/.exec(label)?.[1] ?? 'id') : undefined,
          ),
      );
      expect(await treeSnapshot()).toEqual(before);
    });
  });
});
