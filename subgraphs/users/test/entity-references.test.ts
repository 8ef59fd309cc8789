import { SqlStatementCounter } from '@etl/kit';
import { postGraphQL, TEST_GATEWAY_SECRET } from '@etl/testkit';
import { startUsersStack, type UsersTestStack } from './support/users-test-stack.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ENTITIES = `query($representations: [_Any!]!) { _entities(representations: $representations) { ... on User { id login displayName } } }`;

const AS_GATEWAY = { 'x-gateway-secret': TEST_GATEWAY_SECRET };

/** The gateway resolves `User` references through `_entities`; one call must be one statement. */
describe('User references from other subgraphs', () => {
  let stack: UsersTestStack;
  let ids: string[];
  beforeAll(async () => {
    // The subgraph reads its own revocation list from its database on a timer, and the gateway
    // polls it over HTTP (two statements each time): both slowed down here, so that no poll
    // lands among the statements counted.
    const rarely = { REVOCATION_MAX_DELAY_SECONDS: '3600' };
    stack = await startUsersStack(rarely, rarely);
    const users = await Promise.all(
      Array.from({ length: 100 }, (_, i) => stack.createUser([], `ref-user-${String(i).padStart(3, '0')}`)),
    );
    ids = users.map((u) => u.id);
  }, 120_000);
  afterAll(async () => {
    await stack?.stop();
  });

  it('resolves 100 representations with one SQL statement', async () => {
    const counter = new SqlStatementCounter(stack.users.orm);
    const response = await postGraphQL(stack.users.url, ENTITIES, {
      headers: AS_GATEWAY,
      variables: { representations: ids.map((id) => ({ __typename: 'User', id })) },
    });
    counter.stop();
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toHaveLength(100);
    expect(response.data!._entities.map((u: { id: string }) => u.id)).toEqual(ids);
    expect(response.data!._entities[42].login).toBe('ref-user-042');
    expect(counter.count).toBe(1);
    expect(counter.statements[0]).toMatch(/^select .* from "users" .* where .*"id" in/i);
  });

  it('answers null for unknown and malformed ids, still with one statement', async () => {
    const counter = new SqlStatementCounter(stack.users.orm);
    const response = await postGraphQL(stack.users.url, ENTITIES, {
      headers: AS_GATEWAY,
      variables: {
        representations: [
          { __typename: 'User', id: ids[0] },
          { __typename: 'User', id: '00000000-0000-4000-8000-000000000000' },
          { __typename: 'User', id: 'not-a-uuid' },
        ],
      },
    });
    counter.stop();
    expect(response.errors).toBeUndefined();
    expect(response.data!._entities).toEqual([{ id: ids[0], login: 'ref-user-000', displayName: null }, null, null]);
    expect(counter.count).toBe(1);
  });

  it('keeps roles of many users to one more statement', async () => {
    const admin = await stack.adminToken();
    const counter = new SqlStatementCounter(stack.users.orm);
    const response = await stack.request('{ users(first: 100) { edges { node { id roles { name } permissions } } } }', {
      token: admin,
    });
    counter.stop();
    expect(response.errors).toBeUndefined();
    expect(response.data!.users.edges).toHaveLength(100);
    // One for the page, one for the total, one for every user's roles together.
    expect(counter.count).toBe(3);
  });
});
