import { BUILT_IN_ROLE_PERMISSIONS, type TestUser, DENIED, OK, type MatrixOutcome, uniqueName } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { HELLO_SCRIPT, startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';
import {
  boundScriptScenarios,
  type Binding,
  type BoundScriptScenarios,
  type ChangeOperation,
} from './support/bound-script-scenarios.js';
import {
  datamoduleCallers,
  editor,
  editorA,
  usersWithRoles,
  type DatamoduleState,
} from './support/permission-callers.js';
import {
  field,
  must,
  NO_SETTINGS,
  scriptFixtures,
  verify,
  type AccessType,
  type Attempt,
  type FieldRef,
  type ScriptFixtures,
} from './support/permission-fixtures.js';

/**
 * The datamodule accesses that scripts bound to an ETL task need, through the real gateway:
 * creating a bound script, then changing, releasing and deleting one, as editors in each state
 * of a datamodule access request (reached the real way: request, then approval by an admin), as
 * forged tokens for compact cases, and as the admin role. Each cell is one test named after the
 * binding, the operation and the caller, `→ <expected>`, checked as in the permission matrix
 * (support/permission-fixtures.ts).
 */

const EDITOR = BUILT_IN_ROLE_PERMISSIONS.editor;

/* Cells are independent (each makes its own targets, with unique names), so they run concurrently. */
describe.concurrent('scripts subgraph: datamodule access of bound scripts', () => {
  let stack: ScriptsTestStack;
  let fx: ScriptFixtures;
  /** Users holding exactly one built-in role. */
  let callers: Record<'admin' | 'editor' | 'operator', TestUser>;
  /** Editor A: approved WRITE on dm-matrix, checked with the other accesses reached the real way. */
  let alice: TestUser;
  /** Editor B: a plain editor, whose id the forged scripts:admin token carries. */
  let bob: TestUser;
  /** Editors in each state of a datamodule access request for dm-x, reached the real way. */
  let dm: Record<DatamoduleState, TestUser>;
  /** Targets of dm.write, and the changes made to them. */
  let bound: BoundScriptScenarios;

  beforeAll(async () => {
    stack = await startScriptsStack({ SCRIPT_CHECK_CONCURRENCY: '4' });
    fx = await scriptFixtures(stack);
    [callers, alice, bob, dm] = await Promise.all([
      usersWithRoles(fx, ['admin', 'editor', 'operator'] as const),
      editorA(fx),
      editor(fx),
      datamoduleCallers(fx),
    ]);
    bound = boundScriptScenarios(fx, { owner: dm.write, admin: callers.admin });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('the datamodule callers hold exactly the accesses they are named after', async () => {
    const accesses = async (user: TestUser) => {
      const me = await stack.operation('users', 'Me', { token: user.accessToken });
      return must(me, 'me').datamoduleAccesses.map((a: any) => ({
        dm: a.datamoduleId,
        types: a.accessTypes,
        approved: a.approved,
      }));
    };
    const dmX = (types: AccessType[], approved: boolean) => ({ dm: 'dm-x', types, approved });
    expect(await accesses(dm.none)).toEqual([]);
    expect(await accesses(dm.pending)).toEqual([dmX(['WRITE'], false)]);
    expect(await accesses(dm.read)).toEqual([dmX(['READ'], true)]);
    expect(await accesses(dm.readPendingWrite)).toEqual(
      expect.arrayContaining([dmX(['READ'], true), dmX(['WRITE'], false)]),
    );
    expect(await accesses(dm.readPendingWrite)).toHaveLength(2);
    expect(await accesses(dm.write)).toEqual([dmX(['WRITE'], true)]);
    expect(await accesses(dm.owner)).toEqual([dmX(['OWNER'], true)]);
    expect(await accesses(alice)).toEqual([{ dm: 'dm-matrix', types: ['WRITE'], approved: true }]);
  });

  /** CreateScript at a fresh root path, bound to `fields`, as `actor`. */
  async function createBound(actor: { token: string; user: TestUser }, fields: FieldRef[]): Promise<Attempt> {
    const name = `${uniqueName('bound')}.py`;
    const taskId = uniqueName('task');
    return {
      response: await fx.call('CreateScript', actor.token, {
        input: { name, content: HELLO_SCRIPT, etl: { taskId, stage: 'EXTRACTOR', fields } },
      }),
      field: 'createScript',
      ok: async (value) => {
        expect(value).toMatchObject({
          name,
          logicalPath: name,
          version: 1,
          owner: { id: actor.user.id, login: actor.user.login },
          etl: { taskId, stage: 'EXTRACTOR', fields, ...NO_SETTINGS },
        });
        expect(await fx.pathExists(name)).toBe(true);
      },
      denied: async () => expect(await fx.pathExists(name)).toBe(false),
    };
  }

  /** Who creates: editors through the real request/approve flow, then forged tokens for compact cases. */
  const CREATORS = {
    'an editor with no access request': () => ({ token: dm.none.accessToken, user: dm.none }),
    'an editor whose WRITE request is not yet approved': () => ({ token: dm.pending.accessToken, user: dm.pending }),
    'an editor with approved READ': () => ({ token: dm.read.accessToken, user: dm.read }),
    'an editor with approved READ and a pending WRITE request': () => ({
      token: dm.readPendingWrite.accessToken,
      user: dm.readPendingWrite,
    }),
    'an editor with approved WRITE': () => ({ token: dm.write.accessToken, user: dm.write }),
    'an editor with approved OWNER': () => ({ token: dm.owner.accessToken, user: dm.owner }),
    'the admin role (*) without any access': () => ({ token: callers.admin.accessToken, user: callers.admin }),
    'an editor with WRITE and OWNER on dm-other only (forged)': () => ({
      token: fx.forge(dm.none, EDITOR, { 'dm-other': ['WRITE', 'OWNER'] }),
      user: dm.none,
    }),
    'an editor with WRITE on dm-x and OWNER on dm-z (forged)': () => ({
      token: fx.forge(dm.none, EDITOR, { 'dm-x': ['WRITE'], 'dm-z': ['OWNER'] }),
      user: dm.none,
    }),
    'scripts:admin and scripts:write without *, no access (forged)': () => ({
      token: fx.forge(dm.none, ['scripts:read', 'scripts:write', 'scripts:admin']),
      user: dm.none,
    }),
    'an operator with WRITE on dm-x, but no scripts:write (forged)': () => ({
      token: fx.forge(callers.operator, BUILT_IN_ROLE_PERMISSIONS.operator, { 'dm-x': ['WRITE'] }),
      user: callers.operator,
    }),
  };
  const X = [field('dm-x', 'depth')];
  const XZ = [field('dm-x', 'depth'), field('dm-z', 'name')];
  /** Accesses named for dm-x unless said otherwise. */
  const CREATE: Array<[creator: keyof typeof CREATORS, fields: FieldRef[], expected: MatrixOutcome]> = [
    ['an editor with no access request', X, DENIED],
    ['an editor whose WRITE request is not yet approved', X, DENIED],
    ['an editor with approved READ', X, DENIED],
    ['an editor with approved READ and a pending WRITE request', X, DENIED],
    ['an editor with approved WRITE', X, OK],
    ['an editor with approved OWNER', X, OK],
    ['an editor with approved WRITE', XZ, DENIED],
    ['the admin role (*) without any access', XZ, OK],
    ['an editor with WRITE and OWNER on dm-other only (forged)', X, DENIED],
    ['an editor with WRITE on dm-x and OWNER on dm-z (forged)', XZ, OK],
    ['scripts:admin and scripts:write without *, no access (forged)', X, DENIED],
    ['an operator with WRITE on dm-x, but no scripts:write (forged)', X, DENIED],
  ];

  it.each(
    CREATE.map(([creator, fields, expected]): [string, keyof typeof CREATORS, FieldRef[], MatrixOutcome] => [
      `CreateScript bound to ${fields.map((f) => f.datamoduleId).join(' and ')} as ${creator} → ${expected}`,
      creator,
      fields,
      expected,
    ]),
  )('%s', async (_title, creator, fields, expected) => {
    await verify(await createBound(CREATORS[creator](), fields), expected);
  });

  /** Who acts. "owner" is dm.write (approved WRITE on dm-x, nothing else), who owns every target. */
  const CHANGERS = {
    'owner, approved WRITE on dm-x': () => dm.write.accessToken,
    'owner, READ only on dm-x (forged)': () => fx.forge(dm.write, EDITOR, { 'dm-x': ['READ'] }),
    'owner, access since revoked (forged)': () => fx.forge(dm.write, EDITOR),
    'owner, WRITE on dm-x and OWNER on dm-z (forged)': () =>
      fx.forge(dm.write, EDITOR, { 'dm-x': ['WRITE'], 'dm-z': ['OWNER'] }),
    'owner, WRITE on dm-x and dm-y (forged)': () =>
      fx.forge(dm.write, EDITOR, { 'dm-x': ['WRITE'], 'dm-y': ['WRITE'] }),
    'another editor, no access': () => callers.editor.accessToken,
    'another editor, approved READ on dm-x': () => dm.read.accessToken,
    'another editor, approved OWNER on dm-x': () => dm.owner.accessToken,
    'scripts:admin without *, no access (forged)': () =>
      fx.forge(bob, ['scripts:read', 'scripts:write', 'scripts:release', 'scripts:admin']),
    'admin (*)': () => callers.admin.accessToken,
  };

  const CHANGES: Array<[Binding, ChangeOperation, keyof typeof CHANGERS, MatrixOutcome]> = [
    // A script its owner bound to dm-x.
    ['dm-x', 'UpdateScript content', 'owner, approved WRITE on dm-x', OK],
    ['dm-x', 'UpdateScript content', 'owner, READ only on dm-x (forged)', DENIED],
    ['dm-x', 'UpdateScript content', 'owner, access since revoked (forged)', DENIED],
    ['dm-x', 'UpdateScript name only', 'owner, access since revoked (forged)', DENIED],
    ['dm-x', 'UpdateScript content', 'scripts:admin without *, no access (forged)', DENIED],
    ['dm-x', 'UpdateScript content', 'admin (*)', OK],
    ['dm-x', 'UpdateScriptEtl adding a dm-x field', 'owner, approved WRITE on dm-x', OK],
    ['dm-x', 'UpdateScriptEtl adding a dm-z field', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-x', 'UpdateScriptEtl adding a dm-z field', 'owner, WRITE on dm-x and OWNER on dm-z (forged)', OK],
    ['dm-x', 'UpdateScriptEtl swapping its field for a dm-z one', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-x', 'UpdateScriptEtl removing its field', 'owner, access since revoked (forged)', DENIED],
    ['dm-x', 'UpdateScriptEtl removing its field', 'owner, approved WRITE on dm-x', OK],
    ['dm-x', 'CreateScript replace: true', 'owner, approved WRITE on dm-x', OK],
    ['dm-x', 'CreateScript replace: true', 'owner, access since revoked (forged)', DENIED],
    ['dm-x', 'CreateScript replace: true binding a dm-z field', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-x', 'ReleaseScript', 'owner, approved WRITE on dm-x', OK],
    ['dm-x', 'ReleaseScript', 'another editor, no access', DENIED],
    ['dm-x', 'ReleaseScript', 'another editor, approved READ on dm-x', DENIED],
    ['dm-x', 'ReleaseScript', 'another editor, approved OWNER on dm-x', OK],
    ['dm-x', 'DeleteScript', 'owner, access since revoked (forged)', DENIED],
    ['dm-x', 'DeleteScript', 'owner, approved WRITE on dm-x', OK],
    ['dm-x', 'DeleteFolder holding it', 'owner, access since revoked (forged)', DENIED],
    ['dm-x', 'DeleteFolder holding it', 'owner, approved WRITE on dm-x', OK],
    // An unbound script of the owner, bound by the change.
    ['unbound', 'UpdateScriptEtl binding a dm-z field', 'owner, approved WRITE on dm-x', DENIED],
    ['unbound', 'UpdateScriptEtl binding a dm-x field', 'owner, approved WRITE on dm-x', OK],
    ['unbound', 'CreateScript replace: true binding a dm-z field', 'owner, approved WRITE on dm-x', DENIED],
    // The owner's script, bound by the admin to dm-y, which the owner has no access to.
    ['dm-y (bound by admin)', 'UpdateScript content', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'UpdateScript name only', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'UpdateScriptEtl changing the stage', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'UpdateScriptEtl removing its field', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'ReleaseScript', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'CreateScript replace: true', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'DeleteScript', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'DeleteFolder holding it', 'owner, approved WRITE on dm-x', DENIED],
    ['dm-y (bound by admin)', 'UpdateScript content', 'owner, WRITE on dm-x and dm-y (forged)', OK],
    ['dm-y (bound by admin)', 'UpdateScript content', 'admin (*)', OK],
    ['dm-y (bound by admin)', 'UpdateScriptEtl removing its field', 'admin (*)', OK],
    ['dm-y (bound by admin)', 'ReleaseScript', 'admin (*)', OK],
    ['dm-y (bound by admin)', 'DeleteScript', 'admin (*)', OK],
    ['dm-y (bound by admin)', 'DeleteFolder holding it', 'admin (*)', OK],
  ];

  it.each(
    CHANGES.map(([binding, op, changer, expected]): [string, ...(typeof CHANGES)[number]] => [
      `script bound to ${binding}: ${op} as ${changer} → ${expected}`,
      binding,
      op,
      changer,
      expected,
    ]),
  )('%s', async (_title, binding, op, changer, expected) => {
    await verify(await bound.changes[op](CHANGERS[changer](), await bound.targetFor(binding)), expected);
  });
});
