import { freePort, postGraphQL } from '@etl/testkit';
import type { RunningGateway } from '../src/index.js';
import { startTestGateway } from './support/test-gateway.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const INTROSPECTION = '{ __schema { queryType { name } } }';

/** What is refused here is refused before any subgraph is asked: none needs to be running. */
describe('the gateway in production', () => {
  let development: RunningGateway;
  let production: RunningGateway;
  beforeAll(async () => {
    const USERS_URL = `http://127.0.0.1:${await freePort()}/graphql`;
    development = await startTestGateway({ USERS_URL });
    production = await startTestGateway({ NODE_ENV: 'production', USERS_URL });
  });
  afterAll(async () => {
    await production?.stop();
    await development?.stop();
  });

  it('refuses introspection, which development allows', async () => {
    const refused = await postGraphQL(production.url, INTROSPECTION);
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    const allowed = await postGraphQL(development.url, INTROSPECTION);
    expect(allowed.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('serves no landing page, which development does (Apollo Sandbox)', async () => {
    const html = { headers: { accept: 'text/html' } };
    const prod = await fetch(production.url, html);
    expect(await prod.text()).not.toMatch(/sandbox/i);
    const dev = await fetch(development.url, html);
    expect(dev.status).toBe(200);
    expect(await dev.text()).toMatch(/embeddable-sandbox|Apollo Sandbox|sandbox/i);
  });

  it('does not suggest field names', async () => {
    const response = await postGraphQL(production.url, '{ mee { id } }');
    expect(response.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(response.text).not.toMatch(/Did you mean/);
  });

  it('blocks simple cross-site requests (CSRF prevention)', async () => {
    const response = await fetch(`${production.url}?query=${encodeURIComponent('{ me { id } }')}`);
    expect(response.status).toBe(400);
    const preflighted = await fetch(`${production.url}?query=${encodeURIComponent('{ me { id } }')}`, {
      headers: { 'apollo-require-preflight': 'true' },
    });
    expect(preflighted.status).toBe(200);
  });

  it('rejects queries over the depth, alias and token limits before reaching a subgraph', async () => {
    const deep = `{ me { ${'datamoduleAccesses { user { '.repeat(8)}id${' } }'.repeat(8)} } }`;
    const tooDeep = await postGraphQL(production.url, deep);
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);
    expect(tooDeep.data).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const tooManyAliases = await postGraphQL(production.url, aliases);
    expect(tooManyAliases.errors?.[0]?.message).toMatch(/alias/i);
  });
});
