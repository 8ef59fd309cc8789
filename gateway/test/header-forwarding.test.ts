import { randomUUID } from 'node:crypto';
import { postGraphQL } from '@etl/testkit';
import { useStubbedGateway } from './support/stubbed-gateway.js';
import { describe, expect, it } from 'vitest';

/** The gateway passes the bearer token and request id to subgraphs, and nothing else of the client's. */
describe('headers the gateway forwards', () => {
  const stack = useStubbedGateway({ recordCalls: true });

  it('forwards Authorization and x-request-id, not cookies or other headers', async () => {
    const token = stack.users.signer.sign({ sub: randomUUID(), login: 'admin', perms: [], dm: {} }).token;
    const response = await postGraphQL(stack.gateway.url, '{ me { login } }', {
      token,
      headers: {
        'x-request-id': 'trace-42',
        cookie: 'session=secret',
        'x-api-key': 'k',
        'x-forwarded-for': '203.0.113.9',
      },
    });
    expect(response.data).toEqual({ me: { login: 'admin' } });
    const seen = stack.proxy.requests.at(-1)!;
    expect(seen.authorization).toBe(`Bearer ${token}`);
    expect(seen['x-request-id']).toBe('trace-42');
    expect(seen.cookie).toBeUndefined();
    expect(seen['x-api-key']).toBeUndefined();
    // The address is the gateway's own observation, not the client's claim (no trusted proxy).
    expect(seen['x-forwarded-for']).toBe('127.0.0.1');
  });

  it('returns the request id as a header and in every error, making one when the client sent none', async () => {
    const echoed = await postGraphQL(stack.gateway.url, '{ roles { name } }', {
      headers: { 'x-request-id': 'client-id-1' },
    });
    expect(echoed.headers.get('x-request-id')).toBe('client-id-1');
    expect(echoed.errors?.[0]?.extensions).toMatchObject({ code: 'UNAUTHENTICATED', requestId: 'client-id-1' });
    expect(stack.proxy.requests.at(-1)!['x-request-id']).toBe('client-id-1');

    const made = await postGraphQL(stack.gateway.url, '{ roles { name } }');
    const id = made.headers.get('x-request-id');
    expect(id).toMatch(/^[0-9a-f-]{36}$/);
    expect(made.errors?.[0]?.extensions?.requestId).toBe(id);
    expect(stack.proxy.requests.at(-1)!['x-request-id']).toBe(id);
  });

  it('replaces a request id that is not a plain token', async () => {
    const response = await postGraphQL(stack.gateway.url, '{ me { id } }', {
      headers: { 'x-request-id': 'bad id\twith "quotes"' },
    });
    expect(response.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('puts the request id on errors that never reach GraphQL', async () => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-request-id': 'broken-body' },
      body: '{"query": ',
    });
    expect(response.status).toBe(400);
    expect(response.headers.get('x-request-id')).toBe('broken-body');
    expect(await response.json()).toEqual({
      errors: [
        { message: 'Request body is not valid JSON', extensions: { code: 'BAD_REQUEST', requestId: 'broken-body' } },
      ],
    });
  });
});

/** Behind a trusted proxy (TRUST_PROXY), the gateway believes its X-Forwarded-* headers. */
describe('headers the gateway forwards behind a trusted proxy', () => {
  const stack = useStubbedGateway({ recordCalls: true, env: { TRUST_PROXY: 'loopback' } });

  it('forwards the client address, protocol and host the proxy reports, the first of each', async () => {
    await postGraphQL(stack.gateway.url, '{ roles { name } }', {
      headers: {
        'x-forwarded-for': '198.51.100.7, 203.0.113.9',
        'x-forwarded-proto': 'https, http',
        'x-forwarded-host': 'etl.example, inner.example',
      },
    });
    const seen = stack.proxy.requests.at(-1)!;
    expect(seen['x-forwarded-for']).toBe('203.0.113.9');
    expect(seen['x-forwarded-proto']).toBe('https');
    expect(seen['x-forwarded-host']).toBe('etl.example');
  });

  it('serves /graphql in any case and with a trailing slash, as the express route did', async () => {
    const base = stack.gateway.url.replace(/\/graphql$/, '');
    for (const path of ['/GraphQL', '/graphql/', '/graphql?x=1']) {
      const response = await postGraphQL(`${base}${path}`, '{ __typename }');
      expect(response.data, path).toEqual({ __typename: 'Query' });
    }
  });
});
