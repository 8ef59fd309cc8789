import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { useStubbedGateway } from './support/stubbed-gateway.js';

interface Answer {
  status: number;
  body: { data?: unknown; errors?: Array<{ message: string; extensions?: Record<string, unknown> }> };
}

/**
 * Automatic persisted queries: a client may send a query's SHA-256 instead of its text once the
 * gateway has seen the text. The cache is Apollo Server's own, bounded (an LRU of 30 MiB).
 */
describe('automatic persisted queries', () => {
  const stack = useStubbedGateway();
  const send = async (body: object): Promise<Answer> => {
    const response = await fetch(stack.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });
    return { status: response.status, body: (await response.json()) as Answer['body'] };
  };

  it('asks for the text of an unknown hash, then answers the hash alone', async () => {
    const query = '{ __typename apq: __typename }';
    const persistedQuery = { version: 1, sha256Hash: createHash('sha256').update(query).digest('hex') };
    const unknown = await send({ extensions: { persistedQuery } });
    expect(unknown.body.errors?.map((error) => error.extensions?.code)).toEqual(['PERSISTED_QUERY_NOT_FOUND']);

    const registered = await send({ query, extensions: { persistedQuery } });
    expect(registered.body).toEqual({ data: { __typename: 'Query', apq: 'Query' } });
    const byHash = await send({ extensions: { persistedQuery } });
    expect(byHash.body).toEqual({ data: { __typename: 'Query', apq: 'Query' } });
  });

  it('refuses a text that does not match its hash', async () => {
    const answer = await send({
      query: '{ __typename }',
      extensions: { persistedQuery: { version: 1, sha256Hash: 'a'.repeat(64) } },
    });
    expect(answer.status).toBe(400);
    expect(answer.body.errors).toEqual([
      {
        message: 'provided sha does not match query',
        extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) },
      },
    ]);
  });
});
