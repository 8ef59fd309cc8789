import {
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_PERMISSIONS,
  type BuiltInRole,
  operationNames,
  errorCodes,
  type TestUser,
  DENIED,
  OK,
  UNAUTH,
  type MatrixOutcome,
  MATRIX_CALLERS,
  type MatrixCaller,
} from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';
import { editorA, usersWithRoles } from './support/permission-callers.js';
import { scriptFixtures, verify, type Attempt, type ScriptFixtures } from './support/permission-fixtures.js';
import { createReadFixtures, readScenarios, type ReadScenarios } from './support/read-scenarios.js';
import { writeScenarios, type WriteScenarios } from './support/write-scenarios.js';

/**
 * The permission matrix of the scripts subgraph: every operation of
 * schema/operations/scripts.graphql, sent whole through the real gateway, as an anonymous caller and as a user
 * holding exactly one built-in role. Each cell is one test named
 * `<operation> as <caller> → <expected>`: `ok` is an answer without errors whose data is checked,
 * anything else the one error code the contract demands (and a check that nothing changed).
 * Owner against non-owner is in ownership.test.ts, datamodule accesses in datamodule-access.test.ts.
 */

/**
 * Expected outcome per caller, in the column order of MATRIX_CALLERS:
 *   anonymous, admin, editor, operator, data-manager, viewer
 * The name before " (" is the operation of scripts.graphql that is sent. "own" targets belong to the
 * caller (made with a forged scripts:write token for the caller's id, so that callers without
 * scripts:write own one too; an anonymous caller tries the viewer's); "another editor's"
 * targets belong to editor A, made with A's real token (for the editor column, A is another
 * editor). Every mutation cell works on a fresh target made for it.
 */
const MATRIX: Record<
  string,
  readonly [MatrixOutcome, MatrixOutcome, MatrixOutcome, MatrixOutcome, MatrixOutcome, MatrixOutcome]
> = {
  //                                                   anon    admin editor operator data-mgr viewer
  Tree: /*                                           */ [UNAUTH, OK, OK, OK, DENIED, OK],
  TreeLevel: /*                                      */ [UNAUTH, OK, OK, OK, DENIED, OK],
  SearchTree: /*                                     */ [UNAUTH, OK, OK, OK, DENIED, OK],
  Folder: /*                                         */ [UNAUTH, OK, OK, OK, DENIED, OK],
  Script: /*                                         */ [UNAUTH, OK, OK, OK, DENIED, OK],
  ScriptByPath: /*                                   */ [UNAUTH, OK, OK, OK, DENIED, OK],
  ScriptVersions: /*                                 */ [UNAUTH, OK, OK, OK, DENIED, OK],
  TaskScripts: /*                                    */ [UNAUTH, OK, OK, OK, DENIED, OK],
  MyScripts: /*                (me is null, no error) */ [OK, OK, OK, OK, DENIED, OK],
  CreateFolder: /*                                   */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  'RenameFolder (own folder)': /*                    */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  "RenameFolder (another editor's folder)": /*       */ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'MoveFolder (own folder)': /*                      */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  "MoveFolder (another editor's folder)": /*         */ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'DeleteFolder (own folder)': /*                    */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  "DeleteFolder (another editor's folder)": /*       */ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'CreateScript (new path)': /*                      */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  'CreateScript (replace: true, own script)': /*     */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  "CreateScript (replace: true, another editor's)": /**/ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'UpdateScript (own script)': /*                    */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  "UpdateScript (another editor's script)": /*       */ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'UpdateScriptEtl (own script)': /*                 */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  "UpdateScriptEtl (another editor's script)": /*    */ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  'DeleteScript (own script)': /*                    */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
  "DeleteScript (another editor's script)": /*       */ [UNAUTH, OK, DENIED, DENIED, DENIED, DENIED],
  // Releasing needs scripts:release, whoever owns the script.
  "ReleaseScript (another editor's script)": /*      */ [UNAUTH, OK, OK, DENIED, DENIED, DENIED],
};

const CELLS: Array<[title: string, operation: string, caller: MatrixCaller, expected: MatrixOutcome]> = Object.entries(
  MATRIX,
).flatMap(([operation, outcomes]) =>
  MATRIX_CALLERS.map((caller, i): [string, string, MatrixCaller, MatrixOutcome] => [
    `${operation} as ${caller} → ${outcomes[i]}`,
    operation,
    caller,
    outcomes[i]!,
  ]),
);

/*
 * Cells are independent (each makes its own targets, with unique names), so they run
 * concurrently; checks on shared state (Tree, MyScripts) look for their own items only.
 */
describe.concurrent('scripts subgraph permission matrix', () => {
  let stack: ScriptsTestStack;
  let fx: ScriptFixtures;
  /** One user per built-in role, holding exactly that role. */
  let callers: Record<BuiltInRole, TestUser>;
  /** Editor A: owns the "another editor's" targets and the read fixtures. */
  let alice: TestUser;
  let reads: ReadScenarios;
  let writes: WriteScenarios;

  beforeAll(async () => {
    stack = await startScriptsStack({ SCRIPT_CHECK_CONCURRENCY: '4' });
    fx = await scriptFixtures(stack);
    writes = writeScenarios(fx);
    await Promise.all([
      (async () => (callers = await usersWithRoles(fx, BUILT_IN_ROLES)))(),
      (async () => {
        alice = await editorA(fx);
        reads = readScenarios(fx, await createReadFixtures(fx, alice));
      })(),
    ]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  const tokenOf = (caller: MatrixCaller) => (caller === 'anonymous' ? undefined : callers[caller].accessToken);
  /** The caller's own account; an anonymous caller acts on the viewer's account where one is needed. */
  const accountOf = (caller: MatrixCaller) => callers[caller === 'anonymous' ? 'viewer' : caller];

  /** A matrix row's scenario for one caller: its token, and whose target it works on. */
  function scenario(row: string, caller: MatrixCaller): Promise<Attempt> {
    const actor = tokenOf(caller);
    const own = fx.ownerOf(accountOf(caller));
    const editors = fx.ownerOf(alice, alice.accessToken);
    const target = row.includes("another editor's") ? editors : own;
    const operation = row.split(' (')[0]!;
    switch (operation) {
      case 'MyScripts':
        return reads.MyScripts(actor, caller === 'anonymous' ? null : callers[caller]);
      case 'CreateFolder':
        return writes.CreateFolder(actor, accountOf(caller));
      case 'CreateScript':
        return row.includes('replace')
          ? writes['CreateScript (replace)'](actor, target)
          : writes.CreateScript(actor, accountOf(caller));
      case 'RenameFolder':
      case 'MoveFolder':
      case 'DeleteFolder':
      case 'UpdateScript':
      case 'UpdateScriptEtl':
      case 'ReleaseScript':
      case 'DeleteScript':
        return writes[operation](actor, target);
      case 'Tree':
      case 'TreeLevel':
      case 'SearchTree':
      case 'Folder':
      case 'Script':
      case 'ScriptByPath':
      case 'ScriptVersions':
      case 'TaskScripts':
        return reads[operation](actor);
      default:
        throw new Error(`no scenario for ${row}`);
    }
  }

  it('covers every operation of scripts.graphql', () => {
    const documentOperations = operationNames('scripts');
    const matrixOperations = Object.keys(MATRIX).map((name) => name.split(' (')[0]);
    expect(new Set(matrixOperations)).toEqual(new Set(documentOperations));
  });

  it.each(BUILT_IN_ROLES)('the %s caller holds exactly its built-in role', async (role) => {
    const me = await stack.operation('users', 'Me', { token: callers[role].accessToken });
    expect(errorCodes(me), me.text).toEqual([]);
    expect(me.data!.me).toMatchObject({ roles: [{ name: role }], permissions: BUILT_IN_ROLE_PERMISSIONS[role] });
  });

  it.each(CELLS)('%s', async (_title, operation, caller, expected) => {
    await verify(await scenario(operation, caller), expected);
  });
});
