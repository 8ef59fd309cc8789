import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AS_GATEWAY, errorCodes, postGraphQL, probeSchemaAccess, uniqueName, type TestUser } from '@etl/testkit';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';

const ENTITIES = `query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id login displayName } } }`;
const FORBIDDEN_SCHEMA = {
  serviceSdl: ['FORBIDDEN'],
  introspection: ['GRAPHQL_VALIDATION_FAILED'],
  typeIntrospection: ['GRAPHQL_VALIDATION_FAILED'],
  inlineFragment: ['FORBIDDEN'],
  namedFragment: ['FORBIDDEN'],
};

/**
 * The users subgraph's own port, in production: only the gateway (GATEWAY_SECRET) may speak for
 * the client or read the schema, and `_entities` needs a verified caller.
 */
describe("the users subgraph's port trusts only the gateway", () => {
  let stack: UsersTestStack;
  let user: TestUser;
  beforeAll(async () => {
    stack = await startUsersStack({ NODE_ENV: 'production' });
    user = await stack.createUser();
  });
  afterAll(async () => {
    await stack?.stop();
  });

  it('serves the schema to the gateway only', async () => {
    expect(await probeSchemaAccess(stack.users.url)).toEqual({ stranger: FORBIDDEN_SCHEMA, gatewayGetsSdl: true });
  });

  it('refuses anonymous _entities, and answers a verified caller or the gateway', async () => {
    const variables = { r: [{ __typename: 'User', id: user.id }] };
    const anonymous = await postGraphQL(stack.users.url, ENTITIES, { variables });
    expect(errorCodes(anonymous)).toEqual(['UNAUTHENTICATED']);
    expect(anonymous.text).not.toContain(user.login);
    const forged = await postGraphQL(stack.users.url, ENTITIES, { variables, token: 'not-a-token' });
    expect(errorCodes(forged)).toEqual(['UNAUTHENTICATED']);
    for (const options of [{ token: user.accessToken }, { headers: AS_GATEWAY }]) {
      const answered = await postGraphQL(stack.users.url, ENTITIES, { variables, ...options });
      expect(answered.data?._entities).toEqual([{ id: user.id, login: user.login, displayName: null }]);
    }
  });

  it('counts failed logins under the socket address, whatever X-Forwarded-For a stranger sends', async () => {
    const login = uniqueName('spoof');
    for (const spoofed of ['203.0.113.1', '203.0.113.2', '203.0.113.3']) {
      const response = await postGraphQL(
        stack.users.url,
        'mutation($l: String!) { login(login: $l, password: "x") { accessToken } }',
        {
          variables: { l: login },
          headers: { 'x-forwarded-for': spoofed },
        },
      );
      expect(errorCodes(response)).toEqual(['UNAUTHENTICATED']);
    }
    // The same request as the gateway's is believed.
    await postGraphQL(stack.users.url, 'mutation($l: String!) { login(login: $l, password: "x") { accessToken } }', {
      variables: { l: login },
      headers: { ...AS_GATEWAY, 'x-forwarded-for': '198.51.100.9' },
    });
    const rows = await stack.users.orm.em
      .getConnection()
      .execute<Array<{ key: string; failures: number }>>(
        `select key, failures from login_throttle where key like ? order by key`,
        [`login:${login.toLowerCase()}|%`],
      );
    expect(rows).toEqual([
      { key: `login:${login.toLowerCase()}|from:127.0.0.1`, failures: 3 },
      { key: `login:${login.toLowerCase()}|from:198.51.100.9`, failures: 1 },
    ]);
  });
});
