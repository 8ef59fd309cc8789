import type { TestSubgraphDefinition } from '@etl/testkit';
import { readUsersConfig } from './config.js';
import { startUsersSubgraph, type RunningUsersSubgraph } from './users-subgraph.js';

/**
 * The users subgraph of a test stack (`@etl/users/testing`): its own throwaway database, the
 * stack's signing key and superuser; `env` overrides settings (limits, token lifetimes).
 */
export const usersSubgraph = (env: Record<string, string> = {}): TestSubgraphDefinition<RunningUsersSubgraph> => ({
  name: 'users',
  async start({ env: shared, signingKey, admin, createDatabase }) {
    return startUsersSubgraph(
      readUsersConfig({
        ...shared,
        DATABASE_URL: await createDatabase(),
        DATABASE_POOL_MAX: '5',
        JWT_PRIVATE_KEY: signingKey,
        ETL_ADMIN_LOGIN: admin.login,
        ETL_ADMIN_PASSWORD: admin.password,
        ...env,
      }),
    );
  },
});
