import { type TestUser, uniqueName } from '@etl/testkit';
import { expect } from 'vitest';
import { HELLO_SCRIPT } from './scripts-test-stack.js';
import {
  field,
  must,
  NO_SETTINGS,
  V2,
  type Attempt,
  type FieldRef,
  type Ref,
  type ScriptFixtures,
  type ScriptRef,
} from './permission-fixtures.js';

/**
 * The changes a script bound to an ETL task goes through, for the datamodule-access table: each
 * on a fresh target of one owner, bound as the row says; a refused change leaves the script
 * exactly as it was made.
 */

/** A fresh folder of the owner holding one of its scripts, bound as said. */
export interface Target {
  folder: Ref;
  script: ScriptRef;
  etl: Record<string, unknown> | null;
}
export type Binding = 'unbound' | 'dm-x' | 'dm-y (bound by admin)';
type TargetOp = (actor: string, target: Target) => Promise<Attempt>;

export type BoundScriptScenarios = ReturnType<typeof boundScriptScenarios>;
export type ChangeOperation = keyof BoundScriptScenarios['changes'];

/**
 * `owner` owns every target and holds approved WRITE on dm-x (nothing else); `admin` binds its
 * dm-y targets, as the owner has no access to dm-y.
 */
export function boundScriptScenarios(fx: ScriptFixtures, { owner, admin }: { owner: TestUser; admin: TestUser }) {
  const { call, newFolder, newScript, scriptAsRoot, folderAsRoot } = fx;

  async function targetFor(binding: Binding): Promise<Target> {
    const token = owner.accessToken;
    const folder = await newFolder(token);
    if (binding === 'unbound') return { folder, script: await newScript(token, { folderId: folder.id }), etl: null };
    const taskId = uniqueName('task');
    const fields = [field(binding === 'dm-x' ? 'dm-x' : 'dm-y', 'depth')];
    const etl = { taskId, stage: 'EXTRACTOR', fields, ...NO_SETTINGS };
    if (binding === 'dm-x') {
      const bound = await newScript(token, { folderId: folder.id, etl: { taskId, stage: 'EXTRACTOR', fields } });
      return { folder, script: bound, etl };
    }
    // The owner has no access to dm-y: the admin binds its script there.
    const created = await newScript(token, { folderId: folder.id });
    const rebound = await call('UpdateScriptEtl', admin.accessToken, {
      id: created.id,
      input: { taskId, stage: 'EXTRACTOR', fieldsToAdd: fields },
    });
    expect(must(rebound, 'updateScriptEtl').etl).toEqual(etl);
    return { folder, script: created, etl };
  }

  const unchanged = async (t: Target) =>
    expect(await scriptAsRoot(t.script.id)).toMatchObject({
      name: t.script.name,
      logicalPath: t.script.logicalPath,
      version: 1,
      content: HELLO_SCRIPT,
      releasedVersion: null,
      etl: t.etl,
    });

  const updateContent: TargetOp = async (actor, t) => ({
    response: await call('UpdateScript', actor, { id: t.script.id, input: { content: V2 } }),
    field: 'updateScript',
    ok: async (value) => {
      expect(value).toMatchObject({ id: t.script.id, version: 2, content: V2 });
      expect(await scriptAsRoot(t.script.id)).toMatchObject({ version: 2, content: V2, etl: t.etl });
    },
    denied: () => unchanged(t),
  });

  const rename: TargetOp = async (actor, t) => {
    const name = `${uniqueName('renamed')}.py`;
    return {
      response: await call('UpdateScript', actor, { id: t.script.id, input: { name } }),
      field: 'updateScript',
      ok: (value) => expect(value).toMatchObject({ name, logicalPath: `${t.folder.path}/${name}`, version: 1 }),
      denied: () => unchanged(t),
    };
  };

  const updateEtl =
    (input: (t: Target) => Record<string, unknown>, after: (t: Target) => Record<string, unknown>): TargetOp =>
    async (actor, t) => ({
      response: await call('UpdateScriptEtl', actor, { id: t.script.id, input: input(t) }),
      field: 'updateScriptEtl',
      ok: async (value) => {
        expect(value).toEqual({ id: t.script.id, version: 1, etl: after(t) });
        expect((await scriptAsRoot(t.script.id)).etl).toEqual(after(t));
      },
      denied: () => unchanged(t),
    });
  const fieldsOf = (t: Target) => (t.etl?.fields ?? []) as FieldRef[];
  const addField = (ref: FieldRef) =>
    updateEtl(
      () => ({ fieldsToAdd: [ref] }),
      (t) => ({ ...t.etl, fields: [...fieldsOf(t), ref] }),
    );
  const removeBoundField = updateEtl(
    (t) => ({ fieldsToRemove: fieldsOf(t) }),
    (t) => ({ ...t.etl, fields: [] }),
  );
  const swapToDmZ = updateEtl(
    (t) => ({ fieldsToRemove: fieldsOf(t), fieldsToAdd: [field('dm-z', 'name')] }),
    (t) => ({ ...t.etl, fields: [field('dm-z', 'name')] }),
  );
  const toUploader = updateEtl(
    () => ({ stage: 'UPLOADER' }),
    (t) => ({ ...t.etl, stage: 'UPLOADER' }),
  );
  const bindTo = (ref: FieldRef) =>
    updateEtl(
      () => ({ taskId: 'task-bind', stage: 'EXTRACTOR', fieldsToAdd: [ref] }),
      () => ({ taskId: 'task-bind', stage: 'EXTRACTOR', fields: [ref], ...NO_SETTINGS }),
    );

  const release: TargetOp = async (actor, t) => ({
    response: await call('ReleaseScript', actor, { id: t.script.id }),
    field: 'releaseScript',
    ok: async (value) => {
      expect(value).toEqual({ id: t.script.id, version: 1, released: true, releasedVersion: 1 });
      expect(await scriptAsRoot(t.script.id)).toMatchObject({ releasedVersion: 1, etl: t.etl });
    },
    denied: () => unchanged(t),
  });

  const deleteScript: TargetOp = async (actor, t) => ({
    response: await call('DeleteScript', actor, { id: t.script.id }),
    field: 'deleteScript',
    ok: async (value) => {
      expect(value).toBe(true);
      expect(await scriptAsRoot(t.script.id)).toBeNull();
    },
    denied: () => unchanged(t),
  });

  /** CreateScript with replace: true on the target's path, optionally with a new binding. */
  const replace =
    (etl?: Record<string, unknown>): TargetOp =>
    async (actor, t) => ({
      response: await call('CreateScript', actor, {
        input: { folderId: t.folder.id, name: t.script.name, content: V2, replace: true, ...(etl ? { etl } : {}) },
      }),
      field: 'createScript',
      ok: async (value) => {
        const after = etl ? { ...NO_SETTINGS, ...etl } : t.etl;
        expect(value).toMatchObject({ id: t.script.id, version: 2, etl: after });
        expect(await scriptAsRoot(t.script.id)).toMatchObject({ version: 2, content: V2, etl: after });
      },
      denied: () => unchanged(t),
    });

  const deleteFolder: TargetOp = async (actor, t) => ({
    response: await call('DeleteFolder', actor, { id: t.folder.id }),
    field: 'deleteFolder',
    ok: async (value) => {
      expect(value).toBe(true);
      expect(await folderAsRoot(t.folder.id)).toBeNull();
      expect(await scriptAsRoot(t.script.id)).toBeNull();
    },
    denied: async () => {
      expect(await folderAsRoot(t.folder.id)).not.toBeNull();
      await unchanged(t);
    },
  });

  /** The changes, each on a fresh target. */
  const changes = {
    'UpdateScript content': updateContent,
    'UpdateScript name only': rename,
    'UpdateScriptEtl adding a dm-x field': addField(field('dm-x', 'width')),
    'UpdateScriptEtl adding a dm-z field': addField(field('dm-z', 'name')),
    'UpdateScriptEtl swapping its field for a dm-z one': swapToDmZ,
    'UpdateScriptEtl removing its field': removeBoundField,
    'UpdateScriptEtl changing the stage': toUploader,
    'UpdateScriptEtl binding a dm-x field': bindTo(field('dm-x', 'depth')),
    'UpdateScriptEtl binding a dm-z field': bindTo(field('dm-z', 'name')),
    'CreateScript replace: true': replace(),
    'CreateScript replace: true binding a dm-z field': replace({
      taskId: 'task-z',
      stage: 'EXTRACTOR',
      fields: [field('dm-z', 'name')],
    }),
    ReleaseScript: release,
    DeleteScript: deleteScript,
    'DeleteFolder holding it': deleteFolder,
  };

  return { targetFor, changes };
}
