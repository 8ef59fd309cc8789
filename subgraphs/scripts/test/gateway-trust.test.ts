import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_GATEWAY, errorCodes, postGraphQL, probeSchemaAccess } from '@etl/testkit';
import { startScriptsStack, type ScriptsTestStack } from './support/scripts-test-stack.js';

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on Script { id } } }`;

/**
 * The scripts subgraph's own port, in production: only the gateway (GATEWAY_SECRET) may read the
 * schema or name the public host of download links, and `_entities` needs a verified caller.
 */
describe("the scripts subgraph's port trusts only the gateway", () => {
  let stack: ScriptsTestStack;
  beforeAll(async () => {
    stack = await startScriptsStack({ NODE_ENV: 'production' });
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the schema to the gateway only', async () => {
    expect(await probeSchemaAccess(stack.scripts.url)).toEqual({
      stranger: {
        serviceSdl: ['FORBIDDEN'],
        introspection: ['GRAPHQL_VALIDATION_FAILED'],
        typeIntrospection: ['GRAPHQL_VALIDATION_FAILED'],
        inlineFragment: ['FORBIDDEN'],
        namedFragment: ['FORBIDDEN'],
      },
      gatewayGetsSdl: true,
    });
  });

  it('refuses anonymous _entities, and answers a verified caller', async () => {
    const variables = { r: [{ __typename: 'Script', id: randomUUID() }] };
    const strangers: Record<string, string>[] = [
      {},
      { 'x-gateway-secret': 'a-guessed-secret-of-32-characters-or-more' },
    ];
    for (const headers of strangers) {
      const refused = await postGraphQL(stack.scripts.url, ENTITIES, { variables, headers });
      expect(errorCodes(refused)).toEqual(['UNAUTHENTICATED']);
    }
    // Scripts need `scripts:read` besides: the gateway forwards the caller's token with the proof.
    const asGateway = await postGraphQL(stack.scripts.url, ENTITIES, {
      variables,
      headers: AS_GATEWAY,
      token: await stack.adminToken(),
    });
    expect(asGateway.errors).toBeUndefined();
    expect(asGateway.data?._entities).toEqual([null]);
  });
});
