import { testGateway } from '@etl/gateway/testing';
import { startTestStack, type TestStack } from '@etl/testkit';
import type { RunningUsersSubgraph } from '../../src/index.js';
import { usersSubgraph } from '../../src/testing.js';

export type UsersTestStack = TestStack<RunningUsersSubgraph>;

/** The users subgraph and the gateway over real HTTP and PostgreSQL; `usersEnv` and `gatewayEnv` override settings. */
export function startUsersStack(
  usersEnv: Record<string, string> = {},
  gatewayEnv: Record<string, string> = {},
): Promise<UsersTestStack> {
  return startTestStack({ users: usersSubgraph(usersEnv), gateway: testGateway, gatewayEnv });
}
