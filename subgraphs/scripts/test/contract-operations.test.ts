import { errorCodes } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantDatamoduleAccess,
  HELLO_SCRIPT,
  script,
  startScriptsStack,
  type ScriptsTestStack,
} from './support/scripts-test-stack.js';

describe('scripts.graphql through the gateway', () => {
  let stack: ScriptsTestStack;
  let editor: Awaited<ReturnType<ScriptsTestStack['createUser']>>;
  const ids: Record<string, string> = {};

  beforeAll(async () => {
    stack = await startScriptsStack();
    editor = await stack.createUser(['editor'], `editor${process.pid}`);
  });
  afterAll(() => stack?.stop());

  const send = (operation: string, variables: Record<string, unknown> = {}, token = editor.accessToken) =>
    stack.operation('scripts', operation, { token, variables });

  it('builds a folder tree (CreateFolder, RenameFolder, MoveFolder, Folder)', async () => {
    const geology = await send('CreateFolder', { input: { name: 'geology' } });
    expect(geology.errors).toBeUndefined();
    expect(geology.data!.createFolder).toMatchObject({ name: 'geology', path: 'geology', parent: null });
    ids.geology = geology.data!.createFolder.id;

    const wells = await send('CreateFolder', { input: { name: 'wels', parentId: ids.geology } });
    expect(wells.data!.createFolder).toMatchObject({ path: 'geology/wels', parent: { id: ids.geology } });
    ids.wells = wells.data!.createFolder.id;

    const renamed = await send('RenameFolder', { id: ids.wells, name: 'wells' });
    expect(renamed.data!.renameFolder).toEqual({ id: ids.wells, name: 'wells', path: 'geology/wells' });

    const archive = await send('CreateFolder', { input: { name: 'archive' } });
    ids.archive = archive.data!.createFolder.id;
    const moved = await send('MoveFolder', { id: ids.archive, parentId: ids.geology });
    expect(moved.data!.moveFolder).toEqual({ id: ids.archive, path: 'geology/archive' });
    const back = await send('MoveFolder', { id: ids.archive, parentId: null });
    expect(back.data!.moveFolder.path).toBe('archive');

    const folder = await send('Folder', { id: ids.geology });
    expect(folder.errors).toBeUndefined();
    expect(folder.data!.folder).toMatchObject({
      name: 'geology',
      path: 'geology',
      parent: null,
      children: [{ id: ids.wells, name: 'wells' }],
      scripts: [],
      owner: { id: editor.id, login: editor.login },
    });
  });

  it('uploads, replaces and versions a script; owners resolve from the users subgraph', async () => {
    const created = await send('CreateScript', {
      input: { folderId: ids.geology, name: 'analysis.py', displayName: 'Analysis', content: HELLO_SCRIPT },
    });
    expect(created.errors).toBeUndefined();
    const first = created.data!.createScript;
    expect(first).toMatchObject({
      name: 'analysis.py',
      displayName: 'Analysis',
      logicalPath: 'geology/analysis.py',
      version: 1,
      released: false,
      releasedVersion: null,
      folder: { id: ids.geology, name: 'geology', path: 'geology' },
      owner: { id: editor.id, login: editor.login },
      etl: null,
    });
    ids.analysis = first.id;

    const again = await send('CreateScript', {
      input: { folderId: ids.geology, name: 'analysis.py', content: HELLO_SCRIPT },
    });
    expect(errorCodes(again)).toEqual(['SCRIPT_EXISTS_REPLACE_REQUIRED']);

    const v2 = script('# second version');
    const replaced = await send('CreateScript', {
      input: { folderId: ids.geology, name: 'analysis.py', content: v2, replace: true },
    });
    expect(replaced.data!.createScript).toMatchObject({ id: ids.analysis, version: 2, displayName: 'Analysis' });

    const updated = await send('UpdateScript', {
      id: ids.analysis,
      input: { content: HELLO_SCRIPT, description: 'Greets' },
    });
    expect(updated.data!.updateScript).toMatchObject({ version: 3, description: 'Greets', content: HELLO_SCRIPT });

    const versions = await send('ScriptVersions', { id: ids.analysis });
    expect(versions.errors).toBeUndefined();
    const list = versions.data!.script.versions as Array<Record<string, unknown>>;
    expect(list.map((v) => v.version)).toEqual([3, 2, 1]);
    expect(list.map((v) => v.content)).toEqual([HELLO_SCRIPT, v2, HELLO_SCRIPT]);
    expect(list.every((v) => (v.author as { login: string }).login === editor.login)).toBe(true);
    expect(list.every((v) => v.released === false)).toBe(true);
  });

  it('releases (ReleaseScript) and reads back (Script, ScriptByPath, Tree, MyScripts)', async () => {
    const released = await send('ReleaseScript', { id: ids.analysis });
    expect(released.data!.releaseScript).toEqual({ id: ids.analysis, version: 3, released: true, releasedVersion: 3 });

    const byId = await send('Script', { id: ids.analysis });
    expect(byId.data!.script).toMatchObject({
      logicalPath: 'geology/analysis.py',
      released: true,
      content: HELLO_SCRIPT,
    });
    const byPath = await send('ScriptByPath', { path: 'geology/analysis.py' });
    expect(byPath.data!.scriptByPath).toMatchObject({ id: ids.analysis, owner: { login: editor.login } });

    const tree = await send('Tree');
    expect(tree.errors).toBeUndefined();
    expect(tree.data!.tree.folders.map((f: { path: string }) => f.path)).toEqual([
      'archive',
      'geology',
      'geology/wells',
    ]);
    expect(tree.data!.tree.scripts).toEqual([
      {
        id: ids.analysis,
        name: 'analysis.py',
        displayName: 'Analysis',
        folderId: ids.geology,
        logicalPath: 'geology/analysis.py',
        version: 3,
        released: true,
      },
    ]);

    const mine = await send('MyScripts');
    expect(mine.data!.me).toEqual({
      id: editor.id,
      login: editor.login,
      scripts: [{ id: ids.analysis, name: 'analysis.py', logicalPath: 'geology/analysis.py' }],
    });
  });

  it('binds a script to an ETL task (CreateScript with etl, UpdateScriptEtl, TaskScripts)', async () => {
    const bound = await grantDatamoduleAccess(stack, editor, 'dm-wells', ['WRITE']);
    const created = await send(
      'CreateScript',
      {
        input: {
          folderId: ids.wells,
          name: 'depth_rule.py',
          content: HELLO_SCRIPT,
          etl: {
            taskId: 'task-7',
            stage: 'FIELD_RULE',
            fields: [{ datamoduleId: 'dm-wells', fieldName: 'depth' }],
            fieldRule: {
              fieldType: 'DOUBLE',
              type: 'FILL_OUT_OF_RANGE',
              minValue: '0',
              maxValue: '12000.5',
              defaultValue: '0',
            },
          },
        },
      },
      bound.accessToken,
    );
    expect(created.errors).toBeUndefined();
    expect(created.data!.createScript.etl).toEqual({
      taskId: 'task-7',
      stage: 'FIELD_RULE',
      fields: [{ datamoduleId: 'dm-wells', fieldName: 'depth' }],
      fieldRule: {
        defaultValue: '0',
        minValue: '0',
        maxValue: '12000.5',
        fieldType: 'DOUBLE',
        type: 'FILL_OUT_OF_RANGE',
      },
      anonymizationRule: null,
      transformation: null,
    });
    ids.rule = created.data!.createScript.id;

    const changed = await send(
      'UpdateScriptEtl',
      {
        id: ids.rule,
        input: {
          stage: 'ANONYMIZATION_RULE',
          anonymizationRule: { type: 'PERTURBATION' },
          fieldsToAdd: [{ datamoduleId: 'dm-wells', fieldName: 'operator' }],
          fieldsToRemove: [{ datamoduleId: 'dm-wells', fieldName: 'depth' }],
        },
      },
      bound.accessToken,
    );
    expect(changed.errors).toBeUndefined();
    expect(changed.data!.updateScriptEtl).toMatchObject({
      id: ids.rule,
      version: 1,
      etl: {
        taskId: 'task-7',
        stage: 'ANONYMIZATION_RULE',
        fields: [{ datamoduleId: 'dm-wells', fieldName: 'operator' }],
        fieldRule: null,
        anonymizationRule: { type: 'PERTURBATION' },
      },
    });

    const task = await send('TaskScripts', { taskId: 'task-7' });
    expect(task.data!.scriptsByTask).toHaveLength(1);
    expect(task.data!.scriptsByTask[0]).toMatchObject({ id: ids.rule, name: 'depth_rule.py', released: false });
    expect((await send('TaskScripts', { taskId: 'task-unknown' })).data!.scriptsByTask).toEqual([]);
  });

  it('deletes scripts and whole subtrees (DeleteScript, DeleteFolder)', async () => {
    const deleted = await send('DeleteScript', { id: ids.analysis });
    expect(deleted.data!.deleteScript).toBe(true);
    expect(errorCodes(await send('Script', { id: ids.analysis }))).toEqual(['NOT_FOUND']);

    const admin = await stack.adminToken();
    const gone = await send('DeleteFolder', { id: ids.geology }, admin);
    expect(gone.data!.deleteFolder).toBe(true);
    const tree = await send('Tree');
    expect(tree.data!.tree.folders.map((f: { path: string }) => f.path)).toEqual(['archive']);
    expect(tree.data!.tree.scripts).toEqual([]);
    expect(errorCodes(await send('Folder', { id: ids.wells }))).toEqual(['NOT_FOUND']);
  });
});
