import { errorCodes, type GraphQLResponse, uniqueName } from '@etl/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import { ScriptRun } from '../../src/runs/script-run.entity.js';
import { startScriptsStack, type ScriptsTestStack } from './scripts-test-stack.js';

/**
 * What the runs and files tests through the gateway share: a stack of their own (with the run
 * and file limits a file needs), requests as the admin so that permissions never decide, scripts
 * made in a folder of the file's own, and readers of what was stored.
 */

/** Python source from an indented template literal (the first line's indent is removed from all). */
export function python(text: string): string {
  const lines = text.replace(/^\n/, '').split('\n');
  const indent = /^ */.exec(lines[0]!)![0].length;
  return lines.map((line) => line.slice(indent)).join('\n');
}

export const base64 = (text: string | Buffer) => Buffer.from(text).toString('base64');

/** Paths of the machine a run must never show: the run folder, the bootstrap, the service's code. */
export const MACHINE_PATHS = /\/tmp\/|\/work\/|etl-run|run_script\.py|node_modules|\/python\//;

export interface ScriptRef {
  id: string;
  logicalPath: string;
}

export interface RunsHarness {
  /** The running stack (set once the file's beforeAll has run). */
  readonly stack: ScriptsTestStack;
  /** The bootstrap superuser's token. */
  readonly admin: string;
  /** The folder this file's scripts are made in. */
  readonly folder: { id: string; path: string };
  /** An operation of schema/operations/runs.graphql through the gateway, as the admin unless `token` is given. */
  runs(operation: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse>;
  /** An operation of schema/operations/scripts.graphql through the gateway, as the admin unless `token` is given. */
  scripts(operation: string, variables?: Record<string, unknown>, token?: string): Promise<GraphQLResponse>;
  /** A new script in the file's folder (named `<name>-<random>.py`). */
  newScript(content: string, name?: string): Promise<ScriptRef>;
  /** Runs `path` as the admin; the request itself must succeed (the run may not), and its run is returned. */
  run(path: string, variables?: Record<string, unknown>, token?: string): Promise<any>;
  /** The ids and statuses of a script's runs, newest first, as the admin. */
  runsOf(scriptId: string, first?: number): Promise<Array<{ id: string; status: string }>>;
  /** How many runs the scripts database holds, of every script: a refused run must add none. */
  storedRuns(): Promise<number>;
  /** Uploads `content` as the admin and returns its key. */
  upload(content: string | Buffer, filename: string, prefix?: string): Promise<string>;
  /** Whether a stored file exists, asked as the admin. */
  fileExists(key: string): Promise<boolean>;
}

/** Fails the fixture step (not the assertion under test) when setup goes wrong. */
export function must(response: GraphQLResponse, name: string): any {
  if (response.errors || response.data?.[name] == null) throw new Error(`fixture ${name} failed: ${response.text}`);
  return response.data[name];
}

/**
 * A test file's own stack with `scriptsEnv`, started before its tests and stopped after them.
 * The helpers read the stack at every call, so they can be made while the file is collected.
 */
export function useRunsStack(scriptsEnv: Record<string, string> = {}, options: { runner?: boolean } = {}): RunsHarness {
  let stack: ScriptsTestStack;
  let admin: string;
  let folder: { id: string; path: string };

  const runs: RunsHarness['runs'] = (operation, variables = {}, token = admin) =>
    stack.operation('runs', operation, { token, variables });
  const scripts: RunsHarness['scripts'] = (operation, variables = {}, token = admin) =>
    stack.operation('scripts', operation, { token, variables });

  beforeAll(async () => {
    stack = await startScriptsStack(scriptsEnv, options);
    admin = await stack.adminToken();
    folder = must(await scripts('CreateFolder', { input: { name: uniqueName('runs') } }), 'createFolder');
  });
  afterAll(async () => {
    await stack?.stop();
  });

  return {
    get stack() {
      return stack;
    },
    get admin() {
      return admin;
    },
    get folder() {
      return folder;
    },
    runs,
    scripts,
    async newScript(content, name = 'script') {
      const input = { folderId: folder.id, name: `${uniqueName(name)}.py`, content };
      const created = must(await scripts('CreateScript', { input }), 'createScript');
      return { id: created.id, logicalPath: created.logicalPath };
    },
    async run(path, variables = {}, token = admin) {
      const response = await runs('RunScript', { path, ...variables }, token);
      expect(errorCodes(response), response.text).toEqual([]);
      return response.data!.runScript;
    },
    async runsOf(scriptId, first) {
      return must(await runs('ScriptRuns', { scriptId, first }), 'scriptRuns');
    },
    storedRuns: () => stack.scripts.orm.em.fork().count(ScriptRun, {}),
    async upload(content, filename, prefix) {
      const input = { filename, contentBase64: base64(content), ...(prefix === undefined ? {} : { prefix }) };
      return must(await runs('UploadFile', { input }), 'uploadFile').key;
    },
    async fileExists(key) {
      const response = await runs('File', { key });
      if (errorCodes(response).join() === 'NOT_FOUND') return false;
      return must(response, 'file').key === key;
    },
  };
}
