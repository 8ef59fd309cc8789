import {
  BUILT_IN_ROLES,
  BUILT_IN_ROLE_PERMISSIONS,
  type BuiltInRole,
  contractDocument,
  errorCodes,
  postGraphQL,
  type GraphQLResponse,
  type TestUser,
} from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  grantDatamoduleAccess,
  HELLO_SCRIPT,
  script,
  startScriptsStack,
  type ScriptsTestStack,
} from './scripts-test-stack.js';

/**
 * The permission matrix of the scripts subgraph: every operation of the contract's
 * scripts.graphql, sent whole through the real gateway, as an anonymous caller and as a user
 * holding exactly one built-in role; then owner against non-owner, and the datamodule accesses
 * that scripts bound to an ETL task need. Each cell is one test named
 * `<operation> as <caller> → <expected>`: `ok` is an answer without errors whose data is checked,
 * anything else the one error code the contract demands (and a check that nothing changed).
 */

const ROLES = BUILT_IN_ROLES;
type CallerName = 'anonymous' | BuiltInRole;
const CALLERS: readonly CallerName[] = ['anonymous', ...ROLES];

const ROLE_PERMISSIONS = BUILT_IN_ROLE_PERMISSIONS;

type Outcome = 'ok' | 'UNAUTHENTICATED' | 'FORBIDDEN';
const OK = 'ok';
const UNAUTH = 'UNAUTHENTICATED';
const DENIED = 'FORBIDDEN';

/**
 * Expected outcome per caller, in the column order of CALLERS:
 *   anonymous, admin, editor, operator, data-manager, viewer
 * The name before " (" is the contract operation that is sent. "own" targets belong to the
 * caller (made with a forged scripts:write token for the caller's id, so that callers without
 * scripts:write own one too; an anonymous caller tries the viewer's); "another editor's"
 * targets belong to editor A, made with A's real token (for the editor column, A is another
 * editor). Every mutation cell works on a fresh target made for it.
 */
const MATRIX: Record<string, readonly [Outcome, Outcome, Outcome, Outcome, Outcome, Outcome]> = {
  //                                                   anon    admin editor operator data-mgr viewer
  Tree: /*                                           */ [UNAUTH, OK, OK, OK, DENIED, OK],
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

const CELLS: Array<[title: string, operation: string, caller: CallerName, expected: Outcome]> = Object.entries(
  MATRIX,
).flatMap(([operation, outcomes]) =>
  CALLERS.map((caller, i): [string, string, CallerName, Outcome] => [
    `${operation} as ${caller} → ${outcomes[i]}`,
    operation,
    caller,
    outcomes[i]!,
  ]),
);

/** One call, and what to check after it. */
interface Attempt {
  response: GraphQLResponse;
  /** The root field the operation selects. */
  field: string;
  /** The answer may be null when allowed (only `me` for an anonymous caller). */
  nullable?: boolean;
  /** Checks an allowed call's answer (the root field's value) and its effect. */
  ok: (value: any) => void | Promise<void>;
  /** Checks that a refused call changed nothing. */
  denied?: () => void | Promise<void>;
}

/** A case outside the role matrix: a name, the one expected outcome, and the call. */
interface Case {
  name: string;
  expected: Outcome;
  run: () => Promise<Attempt>;
}
const titled = (cases: Case[]): Array<[string, Case]> => cases.map((c) => [`${c.name} → ${c.expected}`, c]);

async function verify(attempt: Attempt, expected: Outcome): Promise<void> {
  const { response, field } = attempt;
  if (expected === OK) {
    expect(errorCodes(response), response.text).toEqual([]);
    expect(response.data, response.text).toHaveProperty(field);
    if (!attempt.nullable) expect(response.data![field], response.text).not.toBeNull();
    await attempt.ok(response.data![field]);
  } else {
    expect(errorCodes(response), response.text).toEqual([expected]);
    expect(response.errors![0]!.path?.[0], response.text).toBe(field);
    expect(response.data?.[field] ?? null, response.text).toBeNull();
    await attempt.denied?.();
  }
}

type AccessType = 'READ' | 'WRITE' | 'OWNER';
interface FieldRef {
  datamoduleId: string;
  fieldName: string;
}
interface Ref {
  id: string;
  name: string;
  path: string;
}
interface ScriptRef {
  id: string;
  name: string;
  logicalPath: string;
}

const V2 = script('# version 2');
const NO_SETTINGS = { fieldRule: null, anonymizationRule: null, transformation: null };
const field = (datamoduleId: string, fieldName: string): FieldRef => ({ datamoduleId, fieldName });

/*
 * Cells are independent (each makes its own targets, with unique names), so they run
 * concurrently; checks on shared state (Tree, MyScripts) look for their own items only.
 */
describe.concurrent('scripts subgraph permission matrix', () => {
  let stack: ScriptsTestStack;
  /** The bootstrap superuser's token: sets up fixtures and inspects state; never a matrix caller. */
  let root: string;
  /** One user per built-in role, holding exactly that role. */
  const callers = {} as Record<BuiltInRole, TestUser>;
  /** Editor A: owns the "another editor's" targets and the read fixtures; approved WRITE on dm-matrix. */
  let alice: TestUser;
  /** Editor B: the non-owner of the ownership section. */
  let bob: TestUser;
  /** Editors in each state of a datamodule access request for dm-x, reached the real way. */
  const dm = {} as Record<'none' | 'pending' | 'read' | 'readPendingWrite' | 'write' | 'owner', TestUser>;
  /** What the read rows read: alice's folder with a child, and a bound script with two versions. */
  const reads = {} as { folder: Ref; child: Ref; script: ScriptRef; taskId: string };
  let counter = 0;
  const unique = (prefix: string) => `${prefix}-${process.pid}-${++counter}`;

  const tokenOf = (caller: CallerName) => (caller === 'anonymous' ? undefined : callers[caller].accessToken);
  /** The caller's own account; an anonymous caller acts on the viewer's account where one is needed. */
  const accountOf = (caller: CallerName) => callers[caller === 'anonymous' ? 'viewer' : caller];

  /** A token for `user` with other permissions and datamodule accesses, signed with the stack's key. */
  const forge = (user: TestUser, perms: string[], datamodules: Record<string, AccessType[]> = {}) =>
    stack.signer.sign({ sub: user.id, login: user.login, perms, dm: datamodules }).token;
  /** Makes targets owned by `user` whatever its roles (a user who held scripts:write once). */
  const writerToken = (user: TestUser) => forge(user, ['scripts:read', 'scripts:write']);

  const call = (operation: string, token: string | undefined, variables: Record<string, unknown> = {}) =>
    stack.contract('scripts', operation, { token, variables });

  /** Fails the fixture step, not the cell's assertion, when setup goes wrong. */
  function must(response: GraphQLResponse, name: string): any {
    if (response.errors || response.data?.[name] == null) throw new Error(`fixture ${name} failed: ${response.text}`);
    return response.data[name];
  }

  /*
   * Fixtures and state checks are not under test: they use small documents of their own and go
   * straight to the scripts subgraph (which verifies the token itself), skipping the gateway and
   * the users subgraph, which keeps the file fast. Every operation under test goes through the
   * gateway as a contract document.
   */
  const direct = (document: string, options: { token: string; variables: Record<string, unknown> }) =>
    postGraphQL(stack.scripts.url, document, options);
  const NEW_FOLDER = `mutation NewFolder($input: CreateFolderInput!) { createFolder(input: $input) { id name path } }`;
  const NEW_SCRIPT = `mutation NewScript($input: CreateScriptInput!) { createScript(input: $input) { id name logicalPath } }`;
  const FOLDER_STATE = `query FolderState($id: ID!) {
    folder(id: $id) { id name path parent { id } scripts { id name logicalPath } owner { id } }
  }`;
  const SCRIPT_STATE = `query ScriptState($id: ID!) {
    script(id: $id) {
      id name logicalPath description version released releasedVersion content owner { id }
      etl {
        taskId stage fields { datamoduleId fieldName }
        fieldRule { type } anonymizationRule { type } transformation { type }
      }
    }
  }`;
  const PATH_STATE = `query PathState($path: String!) { scriptByPath(path: $path) { id logicalPath } }`;
  const FOLDER_PATHS = `query FolderPaths { tree { folders { path } } }`;

  async function newFolder(token: string, parentId: string | null = null): Promise<Ref> {
    const created = await direct(NEW_FOLDER, { token, variables: { input: { name: unique('dir'), parentId } } });
    return must(created, 'createFolder');
  }

  async function newScript(token: string, input: Record<string, unknown> = {}): Promise<ScriptRef> {
    const created = await direct(NEW_SCRIPT, {
      token,
      variables: { input: { name: `${unique('s')}.py`, content: HELLO_SCRIPT, ...input } },
    });
    return must(created, 'createScript');
  }

  /** What the superuser reads with `document`, or null when it is NOT_FOUND. */
  async function asRoot(document: string, name: string, variables: Record<string, unknown>): Promise<any> {
    const response = await direct(document, { token: root, variables });
    if (errorCodes(response).join() === 'NOT_FOUND') return null;
    return must(response, name);
  }
  const scriptAsRoot = (id: string) => asRoot(SCRIPT_STATE, 'script', { id });
  const folderAsRoot = (id: string) => asRoot(FOLDER_STATE, 'folder', { id });
  const pathExists = async (path: string) => (await asRoot(PATH_STATE, 'scriptByPath', { path })) !== null;
  const folderPaths = async (): Promise<string[]> =>
    (await asRoot(FOLDER_PATHS, 'tree', {})).folders.map((f: { path: string }) => f.path);

  /** A fresh user holding exactly `role` (no `viewer` beside it unless `role` is viewer), signed in. */
  async function userWithRole(role: BuiltInRole): Promise<TestUser> {
    const user = await stack.createUser(role === 'viewer' ? [] : [role]);
    if (role === 'viewer') return user;
    const unassigned = await stack.contract('users', 'UnassignRole', {
      token: root,
      variables: { userId: user.id, role: 'viewer' },
    });
    must(unassigned, 'unassignRole');
    const login = must(
      await stack.contract('users', 'Login', { variables: { login: user.login, password: user.password } }),
      'login',
    );
    return { ...user, accessToken: login.accessToken, refreshToken: login.refreshToken };
  }

  /** alice's folder with a child and a bound script with two versions: what the read rows read. */
  async function createReadFixtures(): Promise<void> {
    reads.folder = await newFolder(alice.accessToken);
    reads.taskId = unique('task-read');
    const [child, created] = await Promise.all([
      call('CreateFolder', alice.accessToken, { input: { name: 'child', parentId: reads.folder.id } }),
      call('CreateScript', alice.accessToken, {
        input: {
          folderId: reads.folder.id,
          name: 'reader.py',
          displayName: 'Reader',
          content: HELLO_SCRIPT,
          etl: { taskId: reads.taskId, stage: 'EXTRACTOR', fields: [field('dm-matrix', 'depth')] },
        },
      }),
    ]);
    const { id, name, path } = must(child, 'createFolder');
    reads.child = { id, name, path };
    const { id: scriptId, logicalPath } = must(created, 'createScript');
    reads.script = { id: scriptId, name: 'reader.py', logicalPath };
    must(
      await call('UpdateScript', alice.accessToken, { id: reads.script.id, input: { content: V2 } }),
      'updateScript',
    );
  }

  beforeAll(async () => {
    stack = await startScriptsStack({ SCRIPT_CHECK_CONCURRENCY: '4' });
    root = await stack.adminToken();
    const editor = () => stack.createUser(['editor']);
    const withAccess = async (types: AccessType[], approve = true) =>
      grantDatamoduleAccess(stack, await editor(), 'dm-x', types, approve);
    await Promise.all([
      ...ROLES.map(async (role) => (callers[role] = await userWithRole(role))),
      (async () => {
        alice = await grantDatamoduleAccess(stack, await editor(), 'dm-matrix', ['WRITE']);
        await createReadFixtures();
      })(),
      (async () => (bob = await editor()))(),
      (async () => (dm.none = await editor()))(),
      (async () => (dm.pending = await withAccess(['WRITE'], false)))(),
      (async () => (dm.read = await withAccess(['READ'])))(),
      (async () => (dm.write = await withAccess(['WRITE'])))(),
      (async () => (dm.owner = await withAccess(['OWNER'])))(),
      (async () => {
        const reader = await withAccess(['READ']);
        dm.readPendingWrite = await grantDatamoduleAccess(stack, reader, 'dm-x', ['WRITE'], false);
      })(),
    ]);
  });
  afterAll(async () => {
    await stack?.stop();
  });

  /* ----------------------------------------------------------------------------------------- */
  /* Scenarios: what each operation sends and checks, for an acting token and a target owner.  */
  /* ----------------------------------------------------------------------------------------- */

  /** The owner of a fresh target: a token that creates it, and the account that owns it. */
  interface Owner {
    token: string;
    user: TestUser;
  }
  const ownerOf = (user: TestUser, token = writerToken(user)): Owner => ({ token, user });

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
    owner: { id: alice.id, login: alice.login },
    content: V2,
  });

  const ops = {
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
          owner: { id: alice.id, login: alice.login },
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
            author: { id: alice.id, login: alice.login },
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

    /** Creates a root folder; `owner` is who should own it (the acting account). */
    CreateFolder: async (actor: string | undefined, owner: TestUser): Promise<Attempt> => {
      const name = unique('new-dir');
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
      const name = unique('renamed');
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
      const name = `${unique('created')}.py`;
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
      const taskId = unique('task');
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

  /** A matrix row's scenario for one caller: its token, and whose target it works on. */
  function scenario(row: string, caller: CallerName): Promise<Attempt> {
    const actor = tokenOf(caller);
    const own = ownerOf(accountOf(caller));
    const editors = ownerOf(alice, alice.accessToken);
    const target = row.includes("another editor's") ? editors : own;
    const operation = row.split(' (')[0]!;
    switch (operation) {
      case 'MyScripts':
        return ops.MyScripts(actor, caller === 'anonymous' ? null : callers[caller]);
      case 'CreateFolder':
        return ops.CreateFolder(actor, accountOf(caller));
      case 'CreateScript':
        return row.includes('replace')
          ? ops['CreateScript (replace)'](actor, target)
          : ops.CreateScript(actor, accountOf(caller));
      case 'RenameFolder':
      case 'MoveFolder':
      case 'DeleteFolder':
      case 'UpdateScript':
      case 'UpdateScriptEtl':
      case 'ReleaseScript':
      case 'DeleteScript':
        return ops[operation](actor, target);
      case 'Tree':
      case 'Folder':
      case 'Script':
      case 'ScriptByPath':
      case 'ScriptVersions':
      case 'TaskScripts':
        return ops[operation](actor);
      default:
        throw new Error(`no scenario for ${row}`);
    }
  }

  /* ----------------------------------------------------------------------------------------- */
  /* The matrix                                                                                 */
  /* ----------------------------------------------------------------------------------------- */

  it('covers every operation of the contract', () => {
    const contractOperations = [...contractDocument('scripts').matchAll(/^(?:query|mutation)\s+(\w+)/gm)].map(
      (m) => m[1],
    );
    const matrixOperations = Object.keys(MATRIX).map((name) => name.split(' (')[0]);
    expect(new Set(matrixOperations)).toEqual(new Set(contractOperations));
  });

  it.each(ROLES)('the %s caller holds exactly its built-in role', async (role) => {
    const me = await stack.contract('users', 'Me', { token: callers[role].accessToken });
    expect(errorCodes(me), me.text).toEqual([]);
    expect(me.data!.me).toMatchObject({ roles: [{ name: role }], permissions: ROLE_PERMISSIONS[role] });
  });

  it('the datamodule callers hold exactly the accesses they are named after', async () => {
    const accesses = async (user: TestUser) => {
      const me = await stack.contract('users', 'Me', { token: user.accessToken });
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

  it.each(CELLS)('%s', async (_title, operation, caller, expected) => {
    await verify(await scenario(operation, caller), expected);
  });

  /* ----------------------------------------------------------------------------------------- */
  /* Owner against non-owner                                                                    */
  /* ----------------------------------------------------------------------------------------- */

  describe('owner against non-owner', () => {
    /**
     * Targets belong to editor A (fresh for each cell, made with A's real token). Columns: A
     * itself, editor B, the admin role, and a user holding scripts:admin (with scripts:read and
     * scripts:write) but not `*` (forged).
     */
    const ACTORS = ['editor A (owner)', 'editor B', 'admin', 'scripts:admin without *'] as const;
    type Actor = (typeof ACTORS)[number];
    const OWNERSHIP: Record<string, readonly [Outcome, Outcome, Outcome, Outcome]> = {
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
    const tokenOfActor = (actor: Actor): string => {
      if (actor === 'editor A (owner)') return alice.accessToken;
      if (actor === 'editor B') return bob.accessToken;
      if (actor === 'admin') return callers.admin.accessToken;
      return forge(bob, ['scripts:read', 'scripts:write', 'scripts:admin']);
    };
    const OWNERSHIP_CELLS = Object.entries(OWNERSHIP).flatMap(([operation, outcomes]) =>
      ACTORS.map((actor, i): [string, string, Actor, Outcome] => [
        `${operation} on editor A's target as ${actor} → ${outcomes[i]}`,
        operation,
        actor,
        outcomes[i]!,
      ]),
    );

    /** The scenarios of the rows, each on a fresh target of editor A. */
    const OWNED: Record<string, (actor: string, owner: Owner) => Promise<Attempt>> = {
      RenameFolder: ops.RenameFolder,
      MoveFolder: ops.MoveFolder,
      DeleteFolder: ops.DeleteFolder,
      'CreateScript (replace)': ops['CreateScript (replace)'],
      UpdateScript: ops.UpdateScript,
      UpdateScriptEtl: ops.UpdateScriptEtl,
      DeleteScript: ops.DeleteScript,
      ReleaseScript: ops.ReleaseScript,
    };

    it.each(OWNERSHIP_CELLS)('%s', async (_title, operation, actor, expected) => {
      await verify(await OWNED[operation]!(tokenOfActor(actor), ownerOf(alice, alice.accessToken)), expected);
    });

    it("editor B cannot move editor A's folder under its own folder, nor A's script out of it", async () => {
      const [aFolder, bFolder] = await Promise.all([newFolder(alice.accessToken), newFolder(bob.accessToken)]);
      const aScript = await newScript(alice.accessToken, { folderId: aFolder.id });
      const moved = await call('MoveFolder', bob.accessToken, { id: aFolder.id, parentId: bFolder.id });
      expect(errorCodes(moved), moved.text).toEqual([DENIED]);
      const movedScript = await call('UpdateScript', bob.accessToken, {
        id: aScript.id,
        input: { folderId: bFolder.id },
      });
      expect(errorCodes(movedScript), movedScript.text).toEqual([DENIED]);
      expect(await folderAsRoot(aFolder.id)).toMatchObject({ parent: null, path: aFolder.path, scripts: [aScript] });
    });

    /** Deleting a folder takes everything below it: others' items in it need scripts:admin. */
    const subtreeCases = (): Case[] => {
      /** A's folder with, below it, the items `fill` puts there; `actor` deletes it. */
      const deleteCase = (
        name: string,
        expected: Outcome,
        actor: () => string,
        fill: (folder: Ref) => Promise<Array<{ kind: 'folder' | 'script'; id: string }>>,
      ): Case => ({
        name,
        expected,
        run: async () => {
          const folder = await newFolder(alice.accessToken);
          const items = await fill(folder);
          const exists = async () =>
            Promise.all(
              items.map(async (item) =>
                item.kind === 'folder'
                  ? (await folderAsRoot(item.id)) !== null
                  : (await scriptAsRoot(item.id)) !== null,
              ),
            );
          return {
            response: await call('DeleteFolder', actor(), { id: folder.id }),
            field: 'deleteFolder',
            ok: async (value) => {
              expect(value).toBe(true);
              expect(await folderAsRoot(folder.id)).toBeNull();
              expect(await exists()).toEqual(items.map(() => false));
            },
            denied: async () => {
              expect(await folderAsRoot(folder.id)).not.toBeNull();
              expect(await exists()).toEqual(items.map(() => true));
            },
          };
        },
      });
      const bScriptIn = async (folder: Ref) => [
        { kind: 'script' as const, id: (await newScript(bob.accessToken, { folderId: folder.id })).id },
      ];
      return [
        deleteCase("owner A, A's folder holding editor B's script", DENIED, () => alice.accessToken, bScriptIn),
        deleteCase("admin, A's folder holding editor B's script", OK, () => callers.admin.accessToken, bScriptIn),
        deleteCase(
          "scripts:admin without *, A's folder holding editor B's script",
          OK,
          () => forge(bob, ['scripts:read', 'scripts:write', 'scripts:admin']),
          bScriptIn,
        ),
        deleteCase("editor B, A's folder holding editor B's script", DENIED, () => bob.accessToken, bScriptIn),
        deleteCase(
          "owner A, A's folder holding editor B's empty folder",
          DENIED,
          () => alice.accessToken,
          async (f) => [{ kind: 'folder', id: (await newFolder(bob.accessToken, f.id)).id }],
        ),
        deleteCase(
          "owner A, A's folder holding B's script two levels down in A's subfolder",
          DENIED,
          () => alice.accessToken,
          async (f) => {
            const sub = await newFolder(alice.accessToken, f.id);
            const deeper = await newFolder(alice.accessToken, sub.id);
            return [
              { kind: 'folder', id: sub.id },
              { kind: 'script', id: (await newScript(bob.accessToken, { folderId: deeper.id })).id },
            ];
          },
        ),
        deleteCase(
          "owner A, A's folder holding only A's folders and scripts",
          OK,
          () => alice.accessToken,
          async (f) => {
            const sub = await newFolder(alice.accessToken, f.id);
            return [
              { kind: 'folder', id: sub.id },
              { kind: 'script', id: (await newScript(alice.accessToken, { folderId: f.id })).id },
              { kind: 'script', id: (await newScript(alice.accessToken, { folderId: sub.id })).id },
            ];
          },
        ),
      ];
    };

    it.each(titled(subtreeCases()))('DeleteFolder as %s', async (_title, { run, expected }) => {
      await verify(await run(), expected);
    });

    it('refuses a non-owner before looking at the content (FORBIDDEN, not INVALID_SCRIPT)', async () => {
      const target = await newScript(alice.accessToken);
      const invalid = 'def not_main(data):\n    return data\n';
      const update = await call('UpdateScript', bob.accessToken, { id: target.id, input: { content: invalid } });
      expect(errorCodes(update), update.text).toEqual(['FORBIDDEN']);
      const replace = await call('CreateScript', bob.accessToken, {
        input: { name: target.name, content: invalid, replace: true },
      });
      expect(errorCodes(replace), replace.text).toEqual(['FORBIDDEN']);
      const own = await call('UpdateScript', alice.accessToken, { id: target.id, input: { content: invalid } });
      expect(errorCodes(own), own.text).toEqual(['INVALID_SCRIPT']);
    });
  });

  /* ----------------------------------------------------------------------------------------- */
  /* Datamodule access of scripts bound to an ETL task                                         */
  /* ----------------------------------------------------------------------------------------- */

  describe('datamodule access of bound scripts', () => {
    const EDITOR = ROLE_PERMISSIONS.editor;

    /** CreateScript at a fresh root path, bound to `fields`, as `actor`. */
    async function createBound(actor: { token: string; user: TestUser }, fields: FieldRef[]): Promise<Attempt> {
      const name = `${unique('bound')}.py`;
      const taskId = unique('task');
      return {
        response: await call('CreateScript', actor.token, {
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
          expect(await pathExists(name)).toBe(true);
        },
        denied: async () => expect(await pathExists(name)).toBe(false),
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
        token: forge(dm.none, EDITOR, { 'dm-other': ['WRITE', 'OWNER'] }),
        user: dm.none,
      }),
      'an editor with WRITE on dm-x and OWNER on dm-z (forged)': () => ({
        token: forge(dm.none, EDITOR, { 'dm-x': ['WRITE'], 'dm-z': ['OWNER'] }),
        user: dm.none,
      }),
      'scripts:admin and scripts:write without *, no access (forged)': () => ({
        token: forge(dm.none, ['scripts:read', 'scripts:write', 'scripts:admin']),
        user: dm.none,
      }),
      'an operator with WRITE on dm-x, but no scripts:write (forged)': () => ({
        token: forge(callers.operator, ROLE_PERMISSIONS.operator, { 'dm-x': ['WRITE'] }),
        user: callers.operator,
      }),
    };
    const X = [field('dm-x', 'depth')];
    const XZ = [field('dm-x', 'depth'), field('dm-z', 'name')];
    /** Accesses named for dm-x unless said otherwise. */
    const CREATE: Array<[creator: keyof typeof CREATORS, fields: FieldRef[], expected: Outcome]> = [
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
      CREATE.map(([creator, fields, expected]): [string, keyof typeof CREATORS, FieldRef[], Outcome] => [
        `CreateScript bound to ${fields.map((f) => f.datamoduleId).join(' and ')} as ${creator} → ${expected}`,
        creator,
        fields,
        expected,
      ]),
    )('%s', async (_title, creator, fields, expected) => {
      await verify(await createBound(CREATORS[creator](), fields), expected);
    });

    /** A fresh folder of dm.write (approved WRITE on dm-x) holding one of its scripts, bound as said. */
    interface Target {
      folder: Ref;
      script: ScriptRef;
      etl: Record<string, unknown> | null;
    }
    type Binding = 'unbound' | 'dm-x' | 'dm-y (bound by admin)';
    async function targetFor(binding: Binding): Promise<Target> {
      const owner = dm.write.accessToken;
      const folder = await newFolder(owner);
      if (binding === 'unbound') return { folder, script: await newScript(owner, { folderId: folder.id }), etl: null };
      const taskId = unique('task');
      const fields = [field(binding === 'dm-x' ? 'dm-x' : 'dm-y', 'depth')];
      const etl = { taskId, stage: 'EXTRACTOR', fields, ...NO_SETTINGS };
      if (binding === 'dm-x') {
        const bound = await newScript(owner, { folderId: folder.id, etl: { taskId, stage: 'EXTRACTOR', fields } });
        return { folder, script: bound, etl };
      }
      // dm.write has no access to dm-y: the admin binds its script there.
      const created = await newScript(owner, { folderId: folder.id });
      const rebound = await call('UpdateScriptEtl', callers.admin.accessToken, {
        id: created.id,
        input: { taskId, stage: 'EXTRACTOR', fieldsToAdd: fields },
      });
      expect(must(rebound, 'updateScriptEtl').etl).toEqual(etl);
      return { folder, script: created, etl };
    }

    type TargetOp = (actor: string, target: Target) => Promise<Attempt>;
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
      const name = `${unique('renamed')}.py`;
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

    /** The operations, each on a fresh target. */
    const CHANGE_OPS = {
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

    /** Who acts. "owner" is dm.write (approved WRITE on dm-x, nothing else), who owns every target. */
    const CHANGERS = {
      'owner, approved WRITE on dm-x': () => dm.write.accessToken,
      'owner, READ only on dm-x (forged)': () => forge(dm.write, EDITOR, { 'dm-x': ['READ'] }),
      'owner, access since revoked (forged)': () => forge(dm.write, EDITOR),
      'owner, WRITE on dm-x and OWNER on dm-z (forged)': () =>
        forge(dm.write, EDITOR, { 'dm-x': ['WRITE'], 'dm-z': ['OWNER'] }),
      'owner, WRITE on dm-x and dm-y (forged)': () => forge(dm.write, EDITOR, { 'dm-x': ['WRITE'], 'dm-y': ['WRITE'] }),
      'another editor, no access': () => callers.editor.accessToken,
      'another editor, approved READ on dm-x': () => dm.read.accessToken,
      'another editor, approved OWNER on dm-x': () => dm.owner.accessToken,
      'scripts:admin without *, no access (forged)': () =>
        forge(bob, ['scripts:read', 'scripts:write', 'scripts:release', 'scripts:admin']),
      'admin (*)': () => callers.admin.accessToken,
    };

    const CHANGES: Array<[Binding, keyof typeof CHANGE_OPS, keyof typeof CHANGERS, Outcome]> = [
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
      await verify(await CHANGE_OPS[op](CHANGERS[changer](), await targetFor(binding)), expected);
    });
  });
});
