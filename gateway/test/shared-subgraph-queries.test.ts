import { randomUUID } from 'node:crypto';
import { postGraphQL } from '@etl/testkit';
import { describe, expect, it } from 'vitest';
import { useStubbedGateway } from './support/stubbed-gateway.js';

/**
 * Identical queries in flight at once share one subgraph call; different callers, different
 * questions and mutations never do. The stub answers after a delay so that the requests overlap.
 */
describe('identical subgraph queries in flight', () => {
  const stack = useStubbedGateway({ users: { answerDelayMs: 1_000 } });
  const tokenFor = (login: string) => stack.users.signer.sign({ sub: randomUUID(), login, perms: [], dm: {} }).token;
  /** Subgraph calls made while `work` runs. */
  const callsDuring = async <T>(work: () => Promise<T>): Promise<{ result: T; calls: number }> => {
    const before = stack.users.calls;
    const result = await work();
    return { result, calls: stack.users.calls - before };
  };

  it('share one call when one caller asks the same query at once, each answer whole and with its own request id', async () => {
    const token = tokenFor('admin');
    const { result, calls } = await callsDuring(() =>
      Promise.all(
        [1, 2, 3, 4, 5].map((n) =>
          postGraphQL(stack.gateway.url, '{ me { login } }', { token, headers: { 'x-request-id': `shared-${n}` } }),
        ),
      ),
    );
    expect(calls).toBe(1);
    expect(result.map((response) => response.data)).toEqual(Array(5).fill({ me: { login: 'admin' } }));
    expect(result.map((response) => response.headers.get('x-request-id'))).toEqual([
      'shared-1',
      'shared-2',
      'shared-3',
      'shared-4',
      'shared-5',
    ]);
  });

  it('give each caller its own errors, with its own request id', async () => {
    const { result, calls } = await callsDuring(() =>
      Promise.all(
        ['anonymous-1', 'anonymous-2'].map((id) =>
          postGraphQL(stack.gateway.url, '{ roles { name } }', { headers: { 'x-request-id': id } }),
        ),
      ),
    );
    expect(calls).toBe(1);
    expect(result.map((response) => response.errors?.[0]?.extensions)).toEqual([
      expect.objectContaining({ code: 'UNAUTHENTICATED', requestId: 'anonymous-1' }),
      expect.objectContaining({ code: 'UNAUTHENTICATED', requestId: 'anonymous-2' }),
    ]);
  });

  it('never share between callers with different tokens', async () => {
    const { result, calls } = await callsDuring(() =>
      Promise.all(
        ['alice', 'bob'].map((login) => postGraphQL(stack.gateway.url, '{ me { login } }', { token: tokenFor(login) })),
      ),
    );
    expect(calls).toBe(2);
    expect(result.map((response) => response.data)).toEqual([{ me: { login: 'alice' } }, { me: { login: 'bob' } }]);
  });

  it('never share different questions', async () => {
    const token = tokenFor('admin');
    const { calls } = await callsDuring(() =>
      Promise.all([
        postGraphQL(stack.gateway.url, '{ me { login } }', { token }),
        postGraphQL(stack.gateway.url, '{ me { id login } }', { token }),
      ]),
    );
    expect(calls).toBe(2);
  });

  it('never share mutations: each reaches the subgraph', async () => {
    const token = tokenFor('admin');
    const { result, calls } = await callsDuring(() =>
      Promise.all([1, 2, 3].map(() => postGraphQL(stack.gateway.url, 'mutation { logoutAll }', { token }))),
    );
    expect(calls).toBe(3);
    expect(result.map((response) => response.data)).toEqual(Array(3).fill({ logoutAll: true }));
  });

  it('call again once the shared answer has arrived: nothing is cached', async () => {
    const token = tokenFor('admin');
    const { calls } = await callsDuring(async () => {
      await postGraphQL(stack.gateway.url, '{ me { login } }', { token });
      await postGraphQL(stack.gateway.url, '{ me { login } }', { token });
    });
    expect(calls).toBe(2);
  });
});

/** A query sent after a mutation's answer sees its writes: it never joins a call made before. */
describe('identical subgraph queries after a mutation', () => {
  const stack = useStubbedGateway({ users: { answerDelayMs: 1_000, mutationDelayMs: 0 } });

  it('call again for a query sent once a mutation has ended, though an identical one is in flight', async () => {
    const token = stack.users.signer.sign({ sub: randomUUID(), login: 'admin', perms: [], dm: {} }).token;
    const before = stack.users.calls;
    const first = postGraphQL(stack.gateway.url, '{ me { login } }', { token });
    await new Promise((resolve) => setTimeout(resolve, 200));
    const mutation = await postGraphQL(stack.gateway.url, 'mutation { logoutAll }', { token });
    expect(mutation.data).toEqual({ logoutAll: true });
    const second = await postGraphQL(stack.gateway.url, '{ me { login } }', { token });
    expect((await first).data).toEqual({ me: { login: 'admin' } });
    expect(second.data).toEqual({ me: { login: 'admin' } });
    expect(stack.users.calls - before).toBe(3);
  });
});
