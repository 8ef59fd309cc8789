import { type TestUser, uniqueName } from '@etl/testkit';
import { expect } from 'vitest';
import { HELLO_SCRIPT } from './scripts-test-stack.js';
import {
  field,
  must,
  NO_SETTINGS,
  V2,
  type Attempt,
  type Ref,
  type ScriptFixtures,
  type ScriptRef,
} from './permission-fixtures.js';

/**
 * What each query of the permission matrix sends and checks: the read fixtures an owner makes
 * (a folder with a child, and a bound script with two versions), then one scenario per query.
 */

/** What the read rows read: the owner's folder with a child, and a bound script with two versions. */
export interface ReadFixtures {
  owner: TestUser;
  folder: Ref;
  child: Ref;
  script: ScriptRef;
  taskId: string;
}

/** `owner` needs approved WRITE on dm-matrix, which the script is bound to. */
export async function createReadFixtures({ call, newFolder }: ScriptFixtures, owner: TestUser): Promise<ReadFixtures> {
  const folder = await newFolder(owner.accessToken);
  const taskId = uniqueName('task-read');
  const [child, created] = await Promise.all([
    call('CreateFolder', owner.accessToken, { input: { name: 'child', parentId: folder.id } }),
    call('CreateScript', owner.accessToken, {
      input: {
        folderId: folder.id,
        name: 'reader.py',
        displayName: 'Reader',
        content: HELLO_SCRIPT,
        etl: { taskId, stage: 'EXTRACTOR', fields: [field('dm-matrix', 'depth')] },
      },
    }),
  ]);
  const { id, name, path } = must(child, 'createFolder');
  const { id: scriptId, logicalPath } = must(created, 'createScript');
  const script = { id: scriptId, name: 'reader.py', logicalPath };
  must(await call('UpdateScript', owner.accessToken, { id: script.id, input: { content: V2 } }), 'updateScript');
  return { owner, folder, child: { id, name, path }, script, taskId };
}

export type ReadScenarios = ReturnType<typeof readScenarios>;

export function readScenarios({ call, newScript, writerToken }: ScriptFixtures, reads: ReadFixtures) {
  const owner = { id: reads.owner.id, login: reads.owner.login };
  const READ_ETL = () => ({
    taskId: reads.taskId,
    stage: 'EXTRACTOR',
    fields: [field('dm-matrix', 'depth')],
    ...NO_SETTINGS,
  });
  const readScriptFields = () => ({
    id: reads.script.id,
    name: 'reader.py',
    displayName: 'Reader',
    description: null,
    logicalPath: `${reads.folder.path}/reader.py`,
    version: 2,
    released: false,
    releasedVersion: null,
    createdAt: expect.any(String),
    updatedAt: expect.any(String),
    folder: { id: reads.folder.id, name: reads.folder.name, path: reads.folder.path },
    owner,
    content: V2,
  });

  return {
    Tree: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('Tree', actor),
      field: 'tree',
      ok: (value) => {
        expect(value.folders).toContainEqual({ ...reads.folder, parentId: null });
        expect(value.folders).toContainEqual({ ...reads.child, parentId: reads.folder.id });
        expect(value.scripts).toContainEqual({
          id: reads.script.id,
          name: 'reader.py',
          displayName: 'Reader',
          folderId: reads.folder.id,
          logicalPath: reads.script.logicalPath,
          version: 2,
          released: false,
        });
      },
    }),

    TreeLevel: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('TreeLevel', actor, { folderId: reads.folder.id }),
      field: 'treeLevel',
      ok: (value) =>
        expect(value).toEqual({
          folders: [{ ...reads.child, childCount: 0, owner: { id: reads.owner.id } }],
          scripts: [
            {
              id: reads.script.id,
              name: 'reader.py',
              logicalPath: reads.script.logicalPath,
              version: 2,
              releasedVersion: null,
            },
          ],
        }),
    }),

    SearchTree: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('SearchTree', actor, { name: reads.folder.name.toUpperCase() }),
      field: 'searchTree',
      ok: (value) =>
        expect(value).toEqual({
          folders: [{ id: reads.folder.id, path: reads.folder.path }],
          scripts: [],
          complete: true,
        }),
    }),

    Folder: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('Folder', actor, { id: reads.folder.id }),
      field: 'folder',
      ok: (value) =>
        expect(value).toEqual({
          ...reads.folder,
          createdAt: expect.any(String),
          parent: null,
          children: [{ id: reads.child.id, name: 'child' }],
          scripts: [reads.script],
          owner,
        }),
    }),

    Script: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('Script', actor, { id: reads.script.id }),
      field: 'script',
      ok: (value) => expect(value).toEqual({ ...readScriptFields(), etl: READ_ETL() }),
    }),

    ScriptByPath: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('ScriptByPath', actor, { path: reads.script.logicalPath }),
      field: 'scriptByPath',
      ok: (value) => expect(value).toEqual(readScriptFields()),
    }),

    ScriptVersions: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('ScriptVersions', actor, { id: reads.script.id }),
      field: 'script',
      ok: (value) =>
        expect(value).toEqual({
          id: reads.script.id,
          versions: [2, 1].map((version) => ({
            version,
            content: version === 2 ? V2 : HELLO_SCRIPT,
            createdAt: expect.any(String),
            released: false,
            author: owner,
          })),
        }),
    }),

    TaskScripts: async (actor: string | undefined): Promise<Attempt> => ({
      response: await call('TaskScripts', actor, { taskId: reads.taskId }),
      field: 'scriptsByTask',
      ok: (value) =>
        expect(value).toEqual([{ id: reads.script.id, name: 'reader.py', released: false, etl: READ_ETL() }]),
    }),

    /** `me` with the caller's scripts; `account` is null for an anonymous caller. */
    MyScripts: async (actor: string | undefined, account: TestUser | null): Promise<Attempt> => {
      const own = account ? await newScript(writerToken(account)) : null;
      return {
        response: await call('MyScripts', actor),
        field: 'me',
        nullable: !account,
        ok: (value) => {
          if (!account) return expect(value).toBeNull();
          expect(value).toMatchObject({ id: account.id, login: account.login });
          expect(value.scripts).toContainEqual(own);
          expect(value.scripts.map((s: ScriptRef) => s.id)).not.toContain(reads.script.id);
        },
      };
    },
  };
}
