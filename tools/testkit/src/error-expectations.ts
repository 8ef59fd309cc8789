/** Assertions on error bodies, for test files only: it imports vitest, so it is not part of the index. */
import { expect } from 'vitest';
import { errorCodes, type GraphQLResponse } from './graphql-client.js';

/** What an error body must never show: stack frames, SQL, the database, the machine's paths. */
const LEAKS = ['stack', ' at ', 'node_modules', 'SELECT', 'select ', 'postgres', '/work/'];

/**
 * The leak check on a raw body. " at " (as in a stack frame) is looked for after dropping the
 * plain-English uses in the server's own messages ("must be at most", "Request at least") and
 * graphql-js's variable paths (`got invalid value "FLY" at "accessTypes[0]"`).
 */
export function expectNoLeaks(text: string, label: string): void {
  const scrubbed = text.replace(/ at (most|least) /g, ' ').replace(/ at \\"[\w.[\]]*\\"/g, ' ');
  for (const leak of LEAKS) expect.soft(scrubbed, `${label} leaks ${JSON.stringify(leak)}`).not.toContain(leak);
}

/**
 * Asserts one error with `code`, its request id, and nothing internal anywhere in the body.
 * Soft assertions: a test that walks through many cases reports every case that fails.
 */
export function expectError(response: GraphQLResponse, code: string, label = ''): void {
  expect.soft(errorCodes(response), `${label}: ${response.text.slice(0, 500)}`).toEqual([code]);
  expect.soft(response.errors?.[0]?.extensions?.requestId, `${label}: requestId`).toEqual(expect.any(String));
  expect.soft(response.errors?.[0]?.message, `${label}: message`).toEqual(expect.any(String));
  expectNoLeaks(response.text, label);
}

/** Like expectError, where the contract allows more than one code (never INTERNAL_SERVER_ERROR). */
export function expectErrorOneOf(response: GraphQLResponse, codes: string[], label: string): void {
  const code = errorCodes(response)[0] ?? 'NO_ERROR';
  expect.soft(codes, `${label}: ${response.text.slice(0, 500)}`).toContain(code);
  expectError(response, code, label);
}
