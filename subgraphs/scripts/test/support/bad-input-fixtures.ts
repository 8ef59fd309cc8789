import { errorCodes, type GraphQLResponse } from '@etl/testkit';
import { afterAll, beforeAll, expect } from 'vitest';
import { HELLO_SCRIPT, startScriptsStack, type ScriptsTestStack } from './scripts-test-stack.js';

/**
 * What the bad-input tests of the scripts subgraph share: the checks every refusal must pass
 * (its contract code, a request id, nothing internal, no data), a way to send many cases at once,
 * and requests as the admin so that permissions never decide. Each test file starts its own stack.
 */

/** Signs of internals in a response body: SQL, stack frames, file paths, driver messages. */
const LEAKS: Array<[string, RegExp]> = [
  ['SQL (select)', /\bselect\b/i],
  ['SQL (insert)', /\binsert\b/i],
  ['SQL (update … set)', /\bupdate\s+"?\w+"?\s+set\b/i],
  ['a table', /\b(from|into|table)\s+"?(folders|scripts|script_versions)\b/i],
  ['a driver message', /violates|duplicate key|at or near|postgres|mikro-?orm|ECONN|errno/i],
  ['a stack frame', /(\\n|\n)\s*at\s/],
  ['a stack frame', /\bat (async )?[\w$.<>[\]]+ \((file:|node:|\/)/],
  ['a stack trace', /stacktrace/i],
  ['a file path', /\/work\/|node_modules|\.(ts|js|mjs|py):\d+/],
];

/** Nothing internal anywhere in the body, and a request id on every error. */
export function expectNoLeaks(response: GraphQLResponse, label: string): void {
  for (const [what, pattern] of LEAKS) expect.soft(response.text, `${label} leaks ${what}`).not.toMatch(pattern);
  for (const error of response.errors ?? []) {
    expect.soft(error.extensions?.requestId, `${label}: requestId`).toEqual(expect.any(String));
  }
}

/**
 * Exactly one error with `code` (and `extensions.field`, where given), no data, nothing
 * internal. Soft assertions: a test that walks through many cases reports every one that fails.
 */
export function expectError(response: GraphQLResponse, code: string, label: string, field?: string): void {
  const shown = `${label}: ${response.text.slice(0, 500)}`;
  expect.soft(errorCodes(response), shown).toEqual([code]);
  if (field !== undefined) expect.soft(response.errors?.[0]?.extensions?.field, `${shown} (field)`).toBe(field);
  const data = response.data ? Object.values(response.data)[0] : null;
  expect.soft(data ?? null, `${label}: no data`).toBeNull();
  expectNoLeaks(response, label);
}

export function expectSuccess(response: GraphQLResponse, label: string): void {
  expect.soft(response.errors, `${label}: ${response.text.slice(0, 500)}`).toBeUndefined();
}

export type Cases<T> = Array<[label: string, value: T]>;

/** Sends every case at once, then checks each answer. */
export async function each<T>(
  cases: Cases<T>,
  send: (value: T, label: string) => Promise<GraphQLResponse>,
  check: (response: GraphQLResponse, label: string, value: T) => void,
): Promise<void> {
  const responses = await Promise.all(cases.map(([label, value]) => send(value, label)));
  responses.forEach((response, i) => check(response, cases[i]![0], cases[i]![1]));
}

export const show = (value: string) =>
  JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…(${value.length} chars)` : value);

/** A script file name made from a case label. */
export const fileName = (label: string) => `${label.replace(/\W+/g, '_').slice(0, 60)}.py`;

export interface AdminRequests {
  /** One operation of scripts.graphql (schema/operations), as the admin. */
  send(operation: string, variables?: Record<string, unknown>): Promise<GraphQLResponse>;
  createFolder(name: string, parentId?: string | null): Promise<string>;
  createScript(name: string, folderId?: string | null, etl?: unknown): Promise<string>;
  /** Every folder and script with its path, name and version: refused requests change none of it. */
  treeSnapshot(): Promise<string[]>;
}

/**
 * Requests as the admin on a test file's stack. `current` is read at every request, so the
 * helpers can be made while the file is collected and used once its beforeAll has started the stack.
 */
function adminRequests(current: () => { stack: ScriptsTestStack; admin: string }): AdminRequests {
  const send: AdminRequests['send'] = (operation, variables = {}) => {
    const { stack, admin } = current();
    return stack.operation('scripts', operation, { token: admin, variables });
  };

  async function createFolder(name: string, parentId: string | null = null): Promise<string> {
    const response = await send('CreateFolder', { input: { name, parentId } });
    if (!response.data?.createFolder) throw new Error(`createFolder ${show(name)} failed: ${response.text}`);
    return response.data.createFolder.id as string;
  }

  async function createScript(name: string, folderId: string | null = null, etl?: unknown): Promise<string> {
    const response = await send('CreateScript', { input: { name, folderId, content: HELLO_SCRIPT, etl } });
    if (!response.data?.createScript) throw new Error(`createScript ${show(name)} failed: ${response.text}`);
    return response.data.createScript.id as string;
  }

  async function treeSnapshot(): Promise<string[]> {
    const response = await send('Tree');
    expect(response.errors).toBeUndefined();
    const { folders, scripts } = response.data!.tree as {
      folders: Array<{ id: string; path: string; name: string; parentId: string | null }>;
      scripts: Array<{ id: string; logicalPath: string; name: string; folderId: string | null; version: number }>;
    };
    return [
      ...folders.map((f) => `folder ${f.id} ${f.parentId} ${JSON.stringify([f.path, f.name])}`),
      ...scripts.map((s) => `script ${s.id} ${s.folderId} ${JSON.stringify([s.logicalPath, s.name])} v${s.version}`),
    ].sort();
  }

  return { send, createFolder, createScript, treeSnapshot };
}

/**
 * A test file's own stack, started before its tests and stopped after them, with requests sent
 * as the superuser so that permissions never decide.
 */
export function useAdminScriptsStack(scriptsEnv: Record<string, string> = {}): AdminRequests {
  let stack: ScriptsTestStack;
  let admin: string;
  beforeAll(async () => {
    stack = await startScriptsStack(scriptsEnv);
    admin = await stack.adminToken();
  });
  afterAll(async () => {
    await stack?.stop();
  });
  return adminRequests(() => ({ stack, admin }));
}
