import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testGateway } from '@etl/gateway/testing';
import { readLogsConfig, startLogsSubgraph } from '@etl/logs';
import { scriptsSubgraph } from '@etl/scripts/testing';
import { startTestStack, type TestStack } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * A GraphQL security scanner in the tests: the probes graphql-cop sends, against the gateway and
 * against each subgraph's own port, every service in production mode. Each probe is refused, and
 * each refusal is asserted by its HTTP status and error code. The probes are anonymous, as a
 * scanner's are; a subgraph's port is probed without the gateway's secret.
 */

const PRODUCTION = { NODE_ENV: 'production' };

interface Answer {
  status: number;
  text: string;
  json: any;
}

async function send(url: string, init: RequestInit = {}): Promise<Answer> {
  const response = await fetch(url, init);
  const text = await response.text();
  let json: any = null;
  try {
    json = JSON.parse(text);
  } catch {
    // An HTML page or plain text: `text` is what is looked at.
  }
  return { status: response.status, text, json };
}

function post(url: string, body: unknown, headers: Record<string, string> = {}): Promise<Answer> {
  return send(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
}

const codesOf = (answer: Answer): string[] =>
  (answer.json?.errors ?? []).map((error: { extensions?: { code?: string } }) => error.extensions?.code);

/** Refused: the status, one code for every error, and no data at all. */
function expectRefused(answer: Answer, status: number, code: string, label: string): void {
  expect.soft(answer.status, `${label}: ${answer.text.slice(0, 300)}`).toBe(status);
  const codes = codesOf(answer);
  expect.soft(codes.length, `${label}: errors`).toBeGreaterThan(0);
  expect.soft(new Set(codes), `${label}: codes`).toEqual(new Set([code]));
  expect.soft(answer.json?.data ?? null, `${label}: data`).toBeNull();
  expectNothingRevealed(answer, label);
}

/** What a scanner's "trace mode", "debug mode" and "unhandled error" checks look for. */
function expectNothingRevealed(answer: Answer, label: string): void {
  expect.soft(answer.text.toLowerCase(), `${label}: stack trace`).not.toContain('stacktrace');
  expect.soft(answer.json?.extensions?.tracing, `${label}: tracing`).toBeUndefined();
  expect.soft(answer.json?.extensions?.ftv1, `${label}: ftv1 trace`).toBeUndefined();
  for (const error of answer.json?.errors ?? []) {
    expect.soft(error.extensions?.exception, `${label}: exception`).toBeUndefined();
  }
  expect.soft(answer.text, `${label}: suggestions`).not.toMatch(/did you mean/i);
}

const aliases = (n: number) => `query { ${Array.from({ length: n }, (_, i) => `alias${i}: __typename`).join(' ')} }`;
const CIRCULAR_INTROSPECTION =
  'query { __schema { types { fields { type { fields { type { fields { type { fields { type { name } } } } } } } } } } }';
const FULL_INTROSPECTION =
  'query IntrospectionQuery { __schema { queryType { name } mutationType { name } types { name kind fields { name } } directives { name } } }';

describe('the GraphQL scanner against the production stack', () => {
  let stack: TestStack;
  let logsRoot: string;
  /** Every port a scanner can reach: the gateway's and each subgraph's. */
  let targets: Array<[name: string, url: string]>;

  beforeAll(async () => {
    logsRoot = await mkdtemp(join(tmpdir(), 'etl-scanner-logs-'));
    stack = await startTestStack({
      users: usersSubgraph(PRODUCTION),
      gateway: testGateway,
      gatewayEnv: PRODUCTION,
      subgraphs: [
        scriptsSubgraph({ ...PRODUCTION, DATABASE_POOL_MAX: '3' }),
        {
          name: 'logs',
          start: ({ env }) =>
            startLogsSubgraph(readLogsConfig({ ...env, ...PRODUCTION, LOGS_SOURCE: 'files', LOGS_ROOT: logsRoot })),
        },
      ],
    });
    targets = [
      ['gateway', stack.gatewayUrl],
      ['users', stack.users.url],
      ['scripts', stack.subgraphs.scripts!.url],
      ['logs', stack.subgraphs.logs!.url],
    ];
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
    await rm(logsRoot, { recursive: true, force: true });
  });

  const each = (probe: (name: string, url: string) => Promise<void>) => async () => {
    for (const [name, url] of targets) await probe(name, url);
  };

  it('keeps registration closed: REGISTRATION defaults to closed in production', async () => {
    const answer = await post(stack.gatewayUrl, {
      query: 'mutation { register(input: { login: "scanner", password: "scanner-password" }) { accessToken } }',
    });
    expectRefused(answer, 200, 'REGISTRATION_CLOSED', 'register');
  });

  it('answers a plain query (the control: the probes below are refused for what they do)', async () => {
    for (const [name, url] of targets) {
      const answer = await post(url, { query: '{ __typename }' });
      expect(answer.status, name).toBe(200);
      expect(answer.json, name).toEqual({ data: { __typename: 'Query' } });
    }
  });

  it(
    'refuses alias overloading (101 aliases) with GRAPHQL_VALIDATION_FAILED',
    each(async (name, url) => {
      const answer = await post(url, { query: aliases(101) });
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', `${name} aliases`);
      expect.soft(answer.json?.errors?.[0]?.message, `${name} aliases`).toMatch(/alias/i);
    }),
  );

  it(
    'refuses array batching with 400 BAD_REQUEST',
    each(async (name, url) => {
      const batch = Array.from({ length: 10 }, () => ({ query: 'query { __typename }' }));
      const answer = await post(url, batch);
      expect.soft(Array.isArray(answer.json), `${name} batch answered as a batch`).toBe(false);
      expect.soft(answer.status, `${name} batch`).toBe(400);
      expect.soft(answer.text, `${name} batch`).toMatch(/batching/i);
      expect.soft(answer.text, `${name} batch`).not.toContain('"__typename"');
    }),
  );

  it(
    'refuses circular and full introspection, and the subgraph schema (`_service`: FORBIDDEN, 403, on subgraphs)',
    each(async (name, url) => {
      for (const query of [CIRCULAR_INTROSPECTION, FULL_INTROSPECTION, '{ __type(name: "Query") { name } }']) {
        const answer = await post(url, { query });
        expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', `${name} introspection`);
        expect.soft(answer.json?.errors?.[0]?.message, `${name} introspection`).toMatch(/introspection/i);
      }
      const sdl = await post(url, { query: '{ _service { sdl } }' });
      expect.soft(sdl.text, `${name} _service`).not.toContain('type Query');
      if (name === 'gateway') expectRefused(sdl, 400, 'GRAPHQL_VALIDATION_FAILED', `${name} _service`);
      else expectRefused(sdl, 403, 'FORBIDDEN', `${name} _service`);
    }),
  );

  it(
    'caps directive overloading: validation stops after five errors, not one per directive',
    each(async (name, url) => {
      const answer = await post(url, { query: `query { __typename ${'@aa'.repeat(50)} }` });
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', `${name} directives`);
      expect.soft(answer.json?.errors?.length, `${name} directives`).toBe(6);
      expect.soft(answer.json?.errors?.at(-1)?.message, `${name} directives`).toMatch(/too many validation errors/i);
    }),
  );

  it(
    'refuses known directives over the limit',
    each(async (name, url) => {
      const answer = await post(url, { query: `query { __typename ${'@include(if: true)'.repeat(60)} }` });
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', `${name} known directives`);
    }),
  );

  it(
    'refuses field duplication (500 × __typename) with GRAPHQL_VALIDATION_FAILED',
    each(async (name, url) => {
      const answer = await post(url, { query: `query { ${'__typename\n'.repeat(500)} }` });
      expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', `${name} duplication`);
      expect.soft(answer.json?.errors?.[0]?.message, `${name} duplication`).toMatch(/more than 5 times/);
    }),
  );

  it(
    'suggests no field names',
    each(async (name, url) => {
      for (const query of ['{ mee { id } }', '{ __schemaa }', 'query { scriptt }']) {
        const answer = await post(url, { query });
        expectRefused(answer, 400, 'GRAPHQL_VALIDATION_FAILED', `${name} suggestions ${query}`);
      }
    }),
  );

  it(
    'serves no IDE (GraphiQL, Playground, Apollo Sandbox) on the GraphQL path or the usual IDE paths',
    each(async (name, url) => {
      const origin = new URL(url).origin;
      for (const path of ['/graphql', '/graphiql', '/playground', '/console', '/altair', '/sandbox']) {
        const answer = await send(`${origin}${path}`, { headers: { accept: 'text/html' } });
        // The gateway's web console answers its own routes; what matters is that no IDE page is served.
        if (path === '/graphql') expect.soft(answer.status, `${name} ${path}`).toBe(400);
        // A 404 page names the path asked for: that echo is not an IDE.
        const page = answer.text.replaceAll(path, '');
        expect.soft(page, `${name} ${path}`).not.toMatch(/graphiql|playground|sandbox|altair|embeddable/i);
      }
    }),
  );

  it(
    'refuses queries and mutations over GET without the preflight header (CSRF) with 400',
    each(async (name, url) => {
      for (const query of ['query { __typename }', 'mutation { __typename }']) {
        const answer = await send(`${url}?query=${encodeURIComponent(query)}`);
        expect.soft(answer.status, `${name} GET ${query}`).toBe(400);
        expect.soft(answer.text, `${name} GET ${query}`).toMatch(/CSRF/);
        expect.soft(answer.text, `${name} GET ${query}`).not.toContain('"__typename"');
      }
    }),
  );

  it(
    'refuses mutations over GET even with the preflight header, with 405',
    each(async (name, url) => {
      const answer = await send(`${url}?query=${encodeURIComponent('mutation { __typename }')}`, {
        headers: { 'apollo-require-preflight': 'true' },
      });
      expect.soft(answer.status, `${name} GET mutation`).toBe(405);
      expect.soft(codesOf(answer), `${name} GET mutation`).toEqual(['BAD_REQUEST']);
      expect.soft(answer.text, `${name} GET mutation`).not.toContain('"__typename"');
    }),
  );

  it(
    'refuses form-encoded, multipart, plain-text and query-string POSTs (CSRF) with 400',
    each(async (name, url) => {
      const query = 'mutation { __typename }';
      const form = new FormData();
      form.set('query', query);
      const attempts: Array<[string, RequestInit, string]> = [
        [
          'urlencoded',
          {
            method: 'POST',
            headers: { 'content-type': 'application/x-www-form-urlencoded' },
            body: new URLSearchParams({ query }).toString(),
          },
          url,
        ],
        ['multipart', { method: 'POST', body: form }, url],
        [
          'text/plain',
          { method: 'POST', headers: { 'content-type': 'text/plain' }, body: JSON.stringify({ query }) },
          url,
        ],
        ['query string', { method: 'POST' }, `${url}?query=${encodeURIComponent('query { __typename }')}`],
      ];
      for (const [kind, init, target] of attempts) {
        const answer = await send(target, init);
        expect.soft(answer.status, `${name} ${kind}`).toBe(400);
        expect.soft(answer.text, `${name} ${kind}`).not.toContain('"__typename"');
      }
    }),
  );

  it(
    'sends no tracing or debug extensions, asked or not, and no exception details on a malformed query',
    each(async (name, url) => {
      const traced = await post(
        `${url}?debug=1`,
        { query: '{ __typename }' },
        { 'apollo-federation-include-trace': 'ftv1' },
      );
      expect.soft(traced.status, `${name} traced`).toBe(200);
      expect.soft(traced.json, `${name} traced`).toEqual({ data: { __typename: 'Query' } });
      const malformed = await post(`${url}?debug=1`, { query: 'qwerty cop { abc }' });
      expectRefused(malformed, 400, 'GRAPHQL_PARSE_FAILED', `${name} unhandled error`);
    }),
  );
});
