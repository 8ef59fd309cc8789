import type { EntityManager } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import {
  AccessTokenVerifier,
  buildDatabaseRequestContext,
  buildRequestContext,
  createLogger,
  defineLoader,
  type ContextSources,
  type DatabaseRequestContext,
} from '@etl/kit';

const sources: ContextSources = {
  requestId: 'ctx-1',
  headers: {
    'x-forwarded-for': '203.0.113.9, 10.0.0.1',
    'x-gateway-secret': 'gateway-secret-of-32-characters-or-more',
  },
  socketAddress: '10.0.0.1',
  gatewaySecret: 'gateway-secret-of-32-characters-or-more',
  verifier: new AccessTokenVerifier(new Map(), { issuer: 'etl-platform', audience: 'etl-api' }),
  logger: createLogger('probe', 'silent'),
};

describe('request contexts', () => {
  it('gives a subgraph without a database a context that has no em, not even in its type', () => {
    const context = buildRequestContext(sources);
    expect(context).toMatchObject({
      requestId: 'ctx-1',
      caller: null,
      fromGateway: true,
      clientAddress: '203.0.113.9',
    });
    expect('em' in context).toBe(false);
    // @ts-expect-error: a RequestContext has no `em` to name
    expect(context.em).toBeUndefined();
  });

  it('believes forwarded client facts from the gateway only, and the socket otherwise', () => {
    const forwarded = { 'x-forwarded-for': '203.0.113.9', 'x-forwarded-host': 'evil.example', host: 'scripts:4002' };
    for (const [headers, gatewaySecret] of [
      [forwarded, sources.gatewaySecret],
      [{ ...forwarded, 'x-gateway-secret': 'a-wrong-secret-of-32-characters-or-more' }, sources.gatewaySecret],
      [{ ...forwarded, 'x-gateway-secret': 'gateway-secret-of-32-characters-or-more' }, undefined],
    ] as const) {
      const context = buildRequestContext({ ...sources, headers, gatewaySecret });
      expect(context).toMatchObject({
        fromGateway: false,
        clientAddress: '10.0.0.1',
        publicOrigin: 'http://scripts:4002',
      });
    }
  });

  it('gives each request of a subgraph with a database its own fork, which its loaders receive', async () => {
    let forks = 0;
    const em = { fork: () => ({ fork: ++forks }) } as unknown as EntityManager;
    const first = buildDatabaseRequestContext(sources, em);
    const second = buildDatabaseRequestContext(sources, em);
    expect([first.em, second.em]).toEqual([{ fork: 1 }, { fork: 2 }]);
    const emOfBatch = defineLoader<string, unknown, DatabaseRequestContext>('emOfBatch', async (keys, { em }) =>
      keys.map(() => em),
    );
    expect(await second.loaders.of(emOfBatch).load('any')).toBe(second.em);
  });
});
