import { errorCodes, postGraphQL } from '@etl/testkit';
import { expectError, expectErrorOneOf, expectNoLeaks } from '@etl/testkit/error-expectations';
import { describe, expect, it } from 'vitest';
import { useStubbedGateway } from './support/stubbed-gateway.js';

/**
 * What the gateway answers to requests it refuses before any subgraph sees them: bodies that are
 * not GraphQL requests, bodies over MAX_REQUEST_BYTES, and documents over its depth, alias and
 * token limits. Each gets its HTTP status, its code, the request id and nothing internal.
 */

interface RawResponse {
  status: number;
  text: string;
  body: { errors?: Array<{ message: string; extensions?: Record<string, unknown> }> } | null;
}

/** POSTs a raw body, for requests no GraphQL client would send. */
async function postRaw(url: string, body: string | Buffer, contentType = 'application/json'): Promise<RawResponse> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': contentType }, body });
  const text = await response.text();
  let parsed: RawResponse['body'] = null;
  try {
    parsed = JSON.parse(text) as RawResponse['body'];
  } catch {
    // asserted below: every error body is JSON
  }
  return { status: response.status, text, body: parsed };
}

function expectRawError(response: RawResponse, status: number, code: string, label: string): void {
  const shown = `${label}: HTTP ${response.status} ${response.text.slice(0, 300)}`;
  expect.soft(response.status, shown).toBe(status);
  expect.soft(response.body, shown).not.toBeNull();
  expect
    .soft(
      response.body?.errors?.map((e) => e.extensions?.code),
      shown,
    )
    .toEqual([code]);
  expect.soft(response.body?.errors?.[0]?.extensions?.requestId, `${shown}: requestId`).toEqual(expect.any(String));
  expectNoLeaks(response.text, label);
}

describe('requests the gateway refuses', () => {
  const stack = useStubbedGateway();
  const request = (query: string) => postGraphQL(stack.gateway.url, query);

  describe('request bodies', () => {
    it('answers a body that is not valid JSON with HTTP 400 and a JSON BAD_REQUEST error', async () => {
      for (const body of ['{"query": "{ me { id } }"', 'not json at all', '{"query": "{ me { id } }"}}', '\u0000']) {
        expectRawError(await postRaw(stack.gateway.url, body), 400, 'BAD_REQUEST', `body ${JSON.stringify(body)}`);
      }
    });

    it('answers a non-JSON body sent as text or a form with HTTP 400, BAD_REQUEST and the request id', async () => {
      // Python's urllib sends a form content type unless told otherwise.
      for (const contentType of ['text/plain', 'application/x-www-form-urlencoded']) {
        expectRawError(await postRaw(stack.gateway.url, 'query=me', contentType), 400, 'BAD_REQUEST', contentType);
      }
    });

    it('answers JSON that is not a GraphQL request with HTTP 400, BAD_REQUEST and the request id', async () => {
      for (const body of [
        '42',
        '"{ me { id } }"',
        '',
        '{}',
        '[{"query": "{ me { id } }"}]',
        '{"query": 42}',
        '{"query": "{ me { id } }", "variables": "{}"}',
      ]) {
        expectRawError(await postRaw(stack.gateway.url, body), 400, 'BAD_REQUEST', `body ${JSON.stringify(body)}`);
      }
    });

    it('answers a body over MAX_REQUEST_BYTES with HTTP 413 and PAYLOAD_TOO_LARGE', async () => {
      const body = JSON.stringify({
        query:
          'mutation Login($login: String!, $password: String!) { login(login: $login, password: $password) { accessToken } }',
        variables: { login: 'someone', password: 'x'.repeat(41 * 1024 * 1024) },
      });
      expect(Buffer.byteLength(body)).toBeGreaterThan(40 * 1024 * 1024);
      expectRawError(await postRaw(stack.gateway.url, body), 413, 'PAYLOAD_TOO_LARGE', '41 MiB body');
      // The gateway still serves the next request (the users subgraph refuses an anonymous me).
      const me = await request('{ me { id } }');
      expect(errorCodes(me)).toEqual(['UNAUTHENTICATED']);
    });
  });

  describe('query documents', () => {
    it('answers an unknown field with HTTP 400, GRAPHQL_VALIDATION_FAILED and the request id', async () => {
      const unknownField = await request('query { me { id passwordHash } }');
      expect.soft(unknownField.status, 'status').toBe(400);
      expectError(unknownField, 'GRAPHQL_VALIDATION_FAILED', 'unknown field');
    });

    it('answers a GraphQL syntax error with HTTP 400, a parse or validation code and the request id', async () => {
      for (const query of ['query { me { id }', '{', 'mutation { login(login: "a", password: ) { accessToken } }']) {
        const syntax = await request(query);
        expect.soft(syntax.status, `${JSON.stringify(query)} status`).toBe(400);
        expectErrorOneOf(syntax, ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'], JSON.stringify(query));
      }
    });

    it('answers queries over the depth and alias limits with HTTP 400 and the request id', async () => {
      let deep = 'id';
      for (let i = 0; i < 8; i++) deep = `user { datamoduleAccesses { ${deep} } }`;
      const cases: Record<string, string> = {
        'depth over MAX_QUERY_DEPTH': `query { me { datamoduleAccesses { ${deep} } } }`,
        'aliases over MAX_QUERY_ALIASES': `query { ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`,
      };
      for (const [label, query] of Object.entries(cases)) {
        const response = await request(query);
        expect.soft(response.status, `${label} status`).toBe(400);
        expectError(response, 'GRAPHQL_VALIDATION_FAILED', label);
      }
    });

    it('answers a query over the token limit with HTTP 400 and the request id', async () => {
      const query = `query { me { ${Array.from({ length: 6_000 }, () => 'id').join(' ')} } }`;
      const response = await request(query);
      expect.soft(response.status, 'status').toBe(400);
      expectErrorOneOf(response, ['GRAPHQL_PARSE_FAILED', 'GRAPHQL_VALIDATION_FAILED'], 'tokens over MAX_QUERY_TOKENS');
    });
  });
});
