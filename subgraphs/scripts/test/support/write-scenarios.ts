import { type TestUser, uniqueName } from '@etl/testkit';
import { expect } from 'vitest';
import { HELLO_SCRIPT } from './scripts-test-stack.js';
import { NO_SETTINGS, V2, type Attempt, type Owner, type ScriptFixtures } from './permission-fixtures.js';

/**
 * What each mutation of the permission matrix and the ownership table sends and checks: an
 * acting token, and (for changes to existing items) the owner of a fresh target made for the
 * call. A refused call is checked to have changed nothing.
 */

export type WriteScenarios = ReturnType<typeof writeScenarios>;
/** The mutations that act on an existing folder or script, and so have an owner to compare. */
export type OwnedOperation = Exclude<keyof WriteScenarios, 'CreateFolder' | 'CreateScript'>;

export function writeScenarios(fx: ScriptFixtures) {
  const { call, newFolder, newScript, folderAsRoot, scriptAsRoot, pathExists, folderPaths } = fx;
  return {
    /** Creates a root folder; `owner` is who should own it (the acting account). */
    CreateFolder: async (actor: string | undefined, owner: TestUser): Promise<Attempt> => {
      const name = uniqueName('new-dir');
      return {
        response: await call('CreateFolder', actor, { input: { name } }),
        field: 'createFolder',
        ok: async (value) => {
          expect(value).toEqual({ id: expect.any(String), name, path: name, parent: null });
          expect((await folderAsRoot(value.id)).owner).toEqual({ id: owner.id });
        },
        denied: async () => expect(await folderPaths()).not.toContain(name),
      };
    },

    RenameFolder: async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const folder = await newFolder(owner.token);
      const name = uniqueName('renamed');
      return {
        response: await call('RenameFolder', actor, { id: folder.id, name }),
        field: 'renameFolder',
        ok: async (value) => {
          expect(value).toEqual({ id: folder.id, name, path: name });
          expect(await folderAsRoot(folder.id)).toMatchObject({ name, path: name, owner: { id: owner.user.id } });
        },
        denied: async () =>
          expect(await folderAsRoot(folder.id)).toMatchObject({ name: folder.name, path: folder.path }),
      };
    },

    /** Moves a fresh folder under another fresh folder of the same owner. */
    MoveFolder: async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const [folder, parent] = await Promise.all([newFolder(owner.token), newFolder(owner.token)]);
      return {
        response: await call('MoveFolder', actor, { id: folder.id, parentId: parent.id }),
        field: 'moveFolder',
        ok: async (value) => {
          expect(value).toEqual({ id: folder.id, path: `${parent.path}/${folder.name}` });
          expect(await folderAsRoot(folder.id)).toMatchObject({ parent: { id: parent.id }, path: value.path });
        },
        denied: async () => expect(await folderAsRoot(folder.id)).toMatchObject({ parent: null, path: folder.path }),
      };
    },

    /** Deletes a fresh folder holding a child folder of the same owner. */
    DeleteFolder: async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const folder = await newFolder(owner.token);
      const child = await newFolder(owner.token, folder.id);
      return {
        response: await call('DeleteFolder', actor, { id: folder.id }),
        field: 'deleteFolder',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await folderAsRoot(folder.id)).toBeNull();
          expect(await folderAsRoot(child.id)).toBeNull();
        },
        denied: async () => {
          expect(await folderAsRoot(folder.id)).toMatchObject({ name: folder.name, path: folder.path });
          expect(await folderAsRoot(child.id)).toMatchObject({ parent: { id: folder.id } });
        },
      };
    },

    /** Creates a script at a fresh root path; `owner` is who should own it (the acting account). */
    CreateScript: async (actor: string | undefined, owner: TestUser): Promise<Attempt> => {
      const name = `${uniqueName('created')}.py`;
      return {
        response: await call('CreateScript', actor, { input: { name, displayName: 'Created', content: HELLO_SCRIPT } }),
        field: 'createScript',
        ok: async (value) => {
          expect(value).toEqual({
            id: expect.any(String),
            name,
            displayName: 'Created',
            description: null,
            logicalPath: name,
            version: 1,
            released: false,
            releasedVersion: null,
            createdAt: expect.any(String),
            updatedAt: expect.any(String),
            folder: null,
            owner: { id: owner.id, login: owner.login },
            etl: null,
          });
          expect(await pathExists(name)).toBe(true);
        },
        denied: async () => expect(await pathExists(name)).toBe(false),
      };
    },

    'CreateScript (replace)': async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const target = await newScript(owner.token);
      return {
        response: await call('CreateScript', actor, { input: { name: target.name, content: V2, replace: true } }),
        field: 'createScript',
        ok: async (value) => {
          expect(value).toMatchObject({
            id: target.id,
            logicalPath: target.logicalPath,
            version: 2,
            owner: { id: owner.user.id, login: owner.user.login },
          });
          expect(await scriptAsRoot(target.id)).toMatchObject({ version: 2, content: V2 });
        },
        denied: async () => expect(await scriptAsRoot(target.id)).toMatchObject({ version: 1, content: HELLO_SCRIPT }),
      };
    },

    UpdateScript: async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const target = await newScript(owner.token);
      return {
        response: await call('UpdateScript', actor, { id: target.id, input: { content: V2, description: 'changed' } }),
        field: 'updateScript',
        ok: async (value) => {
          expect(value).toMatchObject({
            id: target.id,
            version: 2,
            description: 'changed',
            content: V2,
            owner: { id: owner.user.id, login: owner.user.login },
          });
          expect(await scriptAsRoot(target.id)).toMatchObject({ version: 2, description: 'changed', content: V2 });
        },
        denied: async () =>
          expect(await scriptAsRoot(target.id)).toMatchObject({ version: 1, description: null, content: HELLO_SCRIPT }),
      };
    },

    /** Binds a fresh unbound script to a task without fields (so no datamodule is involved). */
    UpdateScriptEtl: async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const target = await newScript(owner.token);
      const taskId = uniqueName('task');
      return {
        response: await call('UpdateScriptEtl', actor, { id: target.id, input: { taskId, stage: 'UPLOADER' } }),
        field: 'updateScriptEtl',
        ok: async (value) => {
          const etl = { taskId, stage: 'UPLOADER', fields: [], ...NO_SETTINGS };
          expect(value).toEqual({ id: target.id, version: 1, etl });
          expect((await scriptAsRoot(target.id)).etl).toEqual(etl);
        },
        denied: async () => expect((await scriptAsRoot(target.id)).etl).toBeNull(),
      };
    },

    ReleaseScript: async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const target = await newScript(owner.token);
      return {
        response: await call('ReleaseScript', actor, { id: target.id }),
        field: 'releaseScript',
        ok: async (value) => {
          expect(value).toEqual({ id: target.id, version: 1, released: true, releasedVersion: 1 });
          expect(await scriptAsRoot(target.id)).toMatchObject({ released: true, releasedVersion: 1 });
        },
        denied: async () =>
          expect(await scriptAsRoot(target.id)).toMatchObject({ released: false, releasedVersion: null }),
      };
    },

    DeleteScript: async (actor: string | undefined, owner: Owner): Promise<Attempt> => {
      const target = await newScript(owner.token);
      return {
        response: await call('DeleteScript', actor, { id: target.id }),
        field: 'deleteScript',
        ok: async (value) => {
          expect(value).toBe(true);
          expect(await scriptAsRoot(target.id)).toBeNull();
          expect(await pathExists(target.logicalPath)).toBe(false);
        },
        denied: async () => expect(await scriptAsRoot(target.id)).toMatchObject({ id: target.id, version: 1 }),
      };
    },
  };
}
