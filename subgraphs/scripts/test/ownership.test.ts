import { errorCodes, type TestUser, DENIED, OK, type MatrixOutcome } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';
import { editor, editorA, userWithRole } from './support/permission-callers.js';
import {
  scriptFixtures,
  titled,
  verify,
  type Case,
  type Ref,
  type ScriptFixtures,
} from './support/permission-fixtures.js';
import { writeScenarios, type OwnedOperation, type WriteScenarios } from './support/write-scenarios.js';

/**
 * Owner against non-owner in the scripts subgraph: every mutation of an existing folder or script
 * of editor A, sent through the real gateway by A, by editor B, by the admin role and by a user
 * with scripts:admin but not `*`; then moves across owners, deleting a folder whose subtree holds
 * others' items, and a non-owner refused before the content is looked at. Each cell is one test
 * named `<operation> on editor A's target as <actor> → <expected>`, checked as in the permission
 * matrix (support/permission-fixtures.ts).
 */

/**
 * Targets belong to editor A (fresh for each cell, made with A's real token). Columns: A
 * itself, editor B, the admin role, and a user holding scripts:admin (with scripts:read and
 * scripts:write) but not `*` (forged).
 */
const ACTORS = ['editor A (owner)', 'editor B', 'admin', 'scripts:admin without *'] as const;
type Actor = (typeof ACTORS)[number];
const OWNERSHIP: Record<OwnedOperation, readonly [MatrixOutcome, MatrixOutcome, MatrixOutcome, MatrixOutcome]> = {
  //                              owner A  editor B  admin  scripts:admin
  RenameFolder: /*            */ [OK, DENIED, OK, OK],
  MoveFolder: /*              */ [OK, DENIED, OK, OK],
  DeleteFolder: /*            */ [OK, DENIED, OK, OK],
  'CreateScript (replace)': /**/ [OK, DENIED, OK, OK],
  UpdateScript: /*            */ [OK, DENIED, OK, OK],
  UpdateScriptEtl: /*         */ [OK, DENIED, OK, OK],
  DeleteScript: /*            */ [OK, DENIED, OK, OK],
  // Releasing needs scripts:release, whoever owns the script.
  ReleaseScript: /*           */ [OK, OK, OK, DENIED],
};
const OWNERSHIP_CELLS = (
  Object.entries(OWNERSHIP) as Array<[OwnedOperation, (typeof OWNERSHIP)[OwnedOperation]]>
).flatMap(([operation, outcomes]) =>
  ACTORS.map((actor, i): [string, OwnedOperation, Actor, MatrixOutcome] => [
    `${operation} on editor A's target as ${actor} → ${outcomes[i]}`,
    operation,
    actor,
    outcomes[i]!,
  ]),
);

/* Cells are independent (each makes its own targets, with unique names), so they run concurrently. */
describe.concurrent('scripts subgraph: owner against non-owner', () => {
  let stack: ScriptsTestStack;
  let fx: ScriptFixtures;
  let writes: WriteScenarios;
  /** Editor A: owns every target. */
  let alice: TestUser;
  /** Editor B: the non-owner. */
  let bob: TestUser;
  /** A user holding exactly the admin role. */
  let admin: TestUser;

  beforeAll(async () => {
    stack = await startScriptsStack({ SCRIPT_CHECK_CONCURRENCY: '4' });
    fx = await scriptFixtures(stack);
    writes = writeScenarios(fx);
    [alice, bob, admin] = await Promise.all([editorA(fx), editor(fx), userWithRole(fx, 'admin')]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const tokenOfActor = (actor: Actor): string => {
    if (actor === 'editor A (owner)') return alice.accessToken;
    if (actor === 'editor B') return bob.accessToken;
    if (actor === 'admin') return admin.accessToken;
    return fx.forge(bob, ['scripts:read', 'scripts:write', 'scripts:admin']);
  };

  it.each(OWNERSHIP_CELLS)('%s', async (_title, operation, actor, expected) => {
    await verify(await writes[operation](tokenOfActor(actor), fx.ownerOf(alice, alice.accessToken)), expected);
  });

  it("editor B cannot move editor A's folder under its own folder, nor A's script out of it", async () => {
    const [aFolder, bFolder] = await Promise.all([fx.newFolder(alice.accessToken), fx.newFolder(bob.accessToken)]);
    const aScript = await fx.newScript(alice.accessToken, { folderId: aFolder.id });
    const moved = await fx.call('MoveFolder', bob.accessToken, { id: aFolder.id, parentId: bFolder.id });
    expect(errorCodes(moved), moved.text).toEqual([DENIED]);
    const movedScript = await fx.call('UpdateScript', bob.accessToken, {
      id: aScript.id,
      input: { folderId: bFolder.id },
    });
    expect(errorCodes(movedScript), movedScript.text).toEqual([DENIED]);
    expect(await fx.folderAsRoot(aFolder.id)).toMatchObject({ parent: null, path: aFolder.path, scripts: [aScript] });
  });

  /** Deleting a folder takes everything below it: others' items in it need scripts:admin. */
  const subtreeCases = (): Case[] => {
    /** A's folder with, below it, the items `fill` puts there; `actor` deletes it. */
    const deleteCase = (
      name: string,
      expected: MatrixOutcome,
      actor: () => string,
      fill: (folder: Ref) => Promise<Array<{ kind: 'folder' | 'script'; id: string }>>,
    ): Case => ({
      name,
      expected,
      run: async () => {
        const folder = await fx.newFolder(alice.accessToken);
        const items = await fill(folder);
        const exists = async () =>
          Promise.all(
            items.map(async (item) =>
              item.kind === 'folder'
                ? (await fx.folderAsRoot(item.id)) !== null
                : (await fx.scriptAsRoot(item.id)) !== null,
            ),
          );
        return {
          response: await fx.call('DeleteFolder', actor(), { id: folder.id }),
          field: 'deleteFolder',
          ok: async (value) => {
            expect(value).toBe(true);
            expect(await fx.folderAsRoot(folder.id)).toBeNull();
            expect(await exists()).toEqual(items.map(() => false));
          },
          denied: async () => {
            expect(await fx.folderAsRoot(folder.id)).not.toBeNull();
            expect(await exists()).toEqual(items.map(() => true));
          },
        };
      },
    });
    const bScriptIn = async (folder: Ref) => [
      { kind: 'script' as const, id: (await fx.newScript(bob.accessToken, { folderId: folder.id })).id },
    ];
    return [
      deleteCase("owner A, A's folder holding editor B's script", DENIED, () => alice.accessToken, bScriptIn),
      deleteCase("admin, A's folder holding editor B's script", OK, () => admin.accessToken, bScriptIn),
      deleteCase(
        "scripts:admin without *, A's folder holding editor B's script",
        OK,
        () => fx.forge(bob, ['scripts:read', 'scripts:write', 'scripts:admin']),
        bScriptIn,
      ),
      deleteCase("editor B, A's folder holding editor B's script", DENIED, () => bob.accessToken, bScriptIn),
      deleteCase(
        "owner A, A's folder holding editor B's empty folder",
        DENIED,
        () => alice.accessToken,
        async (f) => [{ kind: 'folder', id: (await fx.newFolder(bob.accessToken, f.id)).id }],
      ),
      deleteCase(
        "owner A, A's folder holding B's script two levels down in A's subfolder",
        DENIED,
        () => alice.accessToken,
        async (f) => {
          const sub = await fx.newFolder(alice.accessToken, f.id);
          const deeper = await fx.newFolder(alice.accessToken, sub.id);
          return [
            { kind: 'folder', id: sub.id },
            { kind: 'script', id: (await fx.newScript(bob.accessToken, { folderId: deeper.id })).id },
          ];
        },
      ),
      deleteCase(
        "owner A, A's folder holding only A's folders and scripts",
        OK,
        () => alice.accessToken,
        async (f) => {
          const sub = await fx.newFolder(alice.accessToken, f.id);
          return [
            { kind: 'folder', id: sub.id },
            { kind: 'script', id: (await fx.newScript(alice.accessToken, { folderId: f.id })).id },
            { kind: 'script', id: (await fx.newScript(alice.accessToken, { folderId: sub.id })).id },
          ];
        },
      ),
    ];
  };

  it.each(titled(subtreeCases()))('DeleteFolder as %s', async (_title, { run, expected }) => {
    await verify(await run(), expected);
  });

  it('refuses a non-owner before looking at the content (FORBIDDEN, not INVALID_SCRIPT)', async () => {
    const target = await fx.newScript(alice.accessToken);
    const invalid = 'def not_main(data):\n    return data\n';
    const update = await fx.call('UpdateScript', bob.accessToken, { id: target.id, input: { content: invalid } });
    expect(errorCodes(update), update.text).toEqual(['FORBIDDEN']);
    const replace = await fx.call('CreateScript', bob.accessToken, {
      input: { name: target.name, content: invalid, replace: true },
    });
    expect(errorCodes(replace), replace.text).toEqual(['FORBIDDEN']);
    const own = await fx.call('UpdateScript', alice.accessToken, { id: target.id, input: { content: invalid } });
    expect(errorCodes(own), own.text).toEqual(['INVALID_SCRIPT']);
  });
});
