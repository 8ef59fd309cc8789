import { postGraphQL, startTestGateway, startTestStack, type TestStack } from '@etl/testkit';
import type { RunningGateway } from '@etl/gateway';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('the gateway in production', () => {
  let stack: TestStack;
  let production: RunningGateway;
  beforeAll(async () => {
    stack = await startTestStack();
    production = await startTestGateway({ NODE_ENV: 'production', USERS_URL: stack.users.url });
  });
  afterAll(async () => {
    await production?.stop();
    await stack?.stop();
  });

  it('refuses introspection, which development allows', async () => {
    const refused = await postGraphQL(production.url, INTROSPECTION);
    expect(refused.errors?.[0]?.extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(refused.errors?.[0]?.message).toMatch(/introspection/i);
    const allowed = await postGraphQL(stack.gatewayUrl, INTROSPECTION);
    expect(allowed.data).toEqual({ __schema: { queryType: { name: 'Query' } } });
  });

  it('serves no landing page, which development does (Apollo Sandbox)', async () => {
    const html = { headers: { accept: 'text/html' } };
    const prod = await fetch(production.url, html);
    expect(await prod.text()).not.toMatch(/sandbox/i);
    const dev = await fetch(stack.gatewayUrl, html);
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
    const tooDeep = await postGraphQL(production.url, deep, { token: await stack.adminToken() });
    expect(tooDeep.errors?.[0]?.message).toMatch(/depth/i);
    expect(tooDeep.data).toBeUndefined();
    const aliases = `{ ${Array.from({ length: 40 }, (_, i) => `a${i}: me { id }`).join(' ')} }`;
    const tooManyAliases = await postGraphQL(production.url, aliases);
    expect(tooManyAliases.errors?.[0]?.message).toMatch(/alias/i);
  });
});
