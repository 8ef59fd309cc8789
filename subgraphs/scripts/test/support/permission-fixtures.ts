import {
  errorCodes,
  forgeToken,
  postGraphQL,
  type GraphQLResponse,
  type TestUser,
  OK,
  type MatrixOutcome,
  uniqueName,
} from '@etl/testkit';
import { expect } from 'vitest';
import { HELLO_SCRIPT, script, type ScriptsTestStack } from './scripts-test-stack.js';

/**
 * What the permission tests (permission-matrix, ownership, datamodule-access) share: the outcome
 * a cell expects and how an attempt is checked against it, and the fixtures that make targets
 * and read state on a test file's own stack.
 */

/** One call, and what to check after it. */
export interface Attempt {
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

/** A case outside a table: a name, the one expected outcome, and the call. */
export interface Case {
  name: string;
  expected: MatrixOutcome;
  run: () => Promise<Attempt>;
}
export const titled = (cases: Case[]): Array<[string, Case]> => cases.map((c) => [`${c.name} → ${c.expected}`, c]);

/** `ok`: an answer without errors whose data is checked; otherwise the one error code, and nothing changed. */
export async function verify(attempt: Attempt, expected: MatrixOutcome): Promise<void> {
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

export type AccessType = 'READ' | 'WRITE' | 'OWNER';
export interface FieldRef {
  datamoduleId: string;
  fieldName: string;
}
export interface Ref {
  id: string;
  name: string;
  path: string;
}
export interface ScriptRef {
  id: string;
  name: string;
  logicalPath: string;
}
/** The owner of a fresh target: a token that creates it, and the account that owns it. */
export interface Owner {
  token: string;
  user: TestUser;
}

export const V2 = script('# version 2');
export const NO_SETTINGS = { fieldRule: null, anonymizationRule: null, transformation: null };
export const field = (datamoduleId: string, fieldName: string): FieldRef => ({ datamoduleId, fieldName });

/** Fails the fixture step, not the cell's assertion, when setup goes wrong. */
export function must(response: GraphQLResponse, name: string): any {
  if (response.errors || response.data?.[name] == null) throw new Error(`fixture ${name} failed: ${response.text}`);
  return response.data[name];
}

/*
 * Fixtures and state checks are not under test: they use small documents of their own and go
 * straight to the scripts subgraph (which verifies the token itself), skipping the gateway and
 * the users subgraph, which keeps the files fast. Every operation under test goes through the
 * gateway in its operation document (schema/operations).
 */
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

export type ScriptFixtures = Awaited<ReturnType<typeof scriptFixtures>>;

/** Calls, forged tokens, targets and state readers on `stack`; call it in a file's beforeAll. */
export async function scriptFixtures(stack: ScriptsTestStack) {
  /** The bootstrap superuser's token: sets up fixtures and inspects state; never a caller under test. */
  const root = await stack.adminToken();

  /** A token for `user` with other permissions and datamodule accesses (see `forgeToken`). */
  const forge = (user: TestUser, perms: string[], datamodules: Record<string, AccessType[]> = {}) =>
    forgeToken(stack.signer, user, perms, datamodules);
  /** Makes targets owned by `user` whatever its roles (a user who held scripts:write once). */
  const writerToken = (user: TestUser) => forge(user, ['scripts:read', 'scripts:write']);
  const ownerOf = (user: TestUser, token = writerToken(user)): Owner => ({ token, user });

  /** An operation of schema/operations/scripts.graphql, sent whole through the gateway. */
  const call = (operation: string, token: string | undefined, variables: Record<string, unknown> = {}) =>
    stack.operation('scripts', operation, { token, variables });
  const direct = (document: string, options: { token: string; variables: Record<string, unknown> }) =>
    postGraphQL(stack.scripts.url, document, options);

  async function newFolder(token: string, parentId: string | null = null): Promise<Ref> {
    const created = await direct(NEW_FOLDER, { token, variables: { input: { name: uniqueName('dir'), parentId } } });
    return must(created, 'createFolder');
  }

  async function newScript(token: string, input: Record<string, unknown> = {}): Promise<ScriptRef> {
    const created = await direct(NEW_SCRIPT, {
      token,
      variables: { input: { name: `${uniqueName('s')}.py`, content: HELLO_SCRIPT, ...input } },
    });
    return must(created, 'createScript');
  }

  /** What the superuser reads with `document`, or null when it is NOT_FOUND. */
  async function asRoot(document: string, name: string, variables: Record<string, unknown>): Promise<any> {
    const response = await direct(document, { token: root, variables });
    if (errorCodes(response).join() === 'NOT_FOUND') return null;
    return must(response, name);
  }

  return {
    stack,
    root,
    forge,
    writerToken,
    ownerOf,
    call,
    newFolder,
    newScript,
    scriptAsRoot: (id: string) => asRoot(SCRIPT_STATE, 'script', { id }),
    folderAsRoot: (id: string) => asRoot(FOLDER_STATE, 'folder', { id }),
    pathExists: async (path: string) => (await asRoot(PATH_STATE, 'scriptByPath', { path })) !== null,
    folderPaths: async (): Promise<string[]> =>
      (await asRoot(FOLDER_PATHS, 'tree', {})).folders.map((f: { path: string }) => f.path),
  };
}
