import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { AccessTokenSigner, toJwks, toPublicJwk, type RunningSubgraph } from '@etl/kit';
import { clientOperations, type OperationDocument } from './client-operations.js';
import { postGraphQL, type GraphQLRequestOptions, type GraphQLResponse } from './graphql-client.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { readTestSettings } from './test-settings.js';

export const TEST_ADMIN = { login: 'admin', password: 'admin-password-for-tests' };
const TOKEN_AUDIENCE = { issuer: 'etl-platform', audience: 'etl-api' };

let keyPair: { privateKeyPem: string } | null = null;
function testSigningKey(): string {
  keyPair ??= {
    privateKeyPem: generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({
      type: 'pkcs8',
      format: 'pem',
    }) as string,
  };
  return keyPair.privateKeyPem;
}

/** What a test stack gives each subgraph it starts: shared settings, its keys and databases. */
export interface TestSubgraphEnvironment {
  /**
   * Settings every service of the stack shares (test mode, silent logs, port 0), and for the
   * subgraphs that verify tokens, the stack's JWKS as JWT_PUBLIC_KEYS.
   */
  env: Record<string, string>;
  /** The stack's token signing key (PKCS#8 PEM), for the subgraph that issues tokens (users). */
  signingKey: string;
  /** The superuser the stack signs in as (`adminToken`), for the subgraph that bootstraps it. */
  admin: { login: string; password: string };
  /** A fresh throwaway database, dropped when the stack stops. */
  createDatabase(): Promise<string>;
}

/**
 * A subgraph of a test stack (users, scripts, logs), defined by its own package or test: the
 * gateway is pointed at its URL under `<NAME>_URL`.
 */
/** What a test stack needs of a running subgraph: in this process, or a process of its own. */
export type TestService = Pick<RunningSubgraph, 'name' | 'url' | 'stop'>;

export interface TestSubgraphDefinition<S extends TestService = RunningSubgraph> {
  /** The subgraph's name in the supergraph (`users`, `scripts`, `logs`). */
  name: string;
  start(environment: TestSubgraphEnvironment): Promise<S>;
}

/** The gateway as a test stack needs it. */
export interface TestGateway {
  url: string;
  stop(): Promise<void>;
}

/** Starts the gateway from settings: the shared ones plus each subgraph's `<NAME>_URL`. */
export type TestGatewayDefinition = (env: Record<string, string>) => Promise<TestGateway>;

export interface TestUser {
  id: string;
  login: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface TestStack<U extends TestService = RunningSubgraph> {
  gatewayUrl: string;
  users: U;
  gateway: TestGateway;
  /** The further subgraphs the stack was asked for, by name. */
  subgraphs: Record<string, TestService>;
  /** Signs tokens with the stack's key, for tests that age tokens or forge them (`forgeToken`, dated as issued ones are). */
  signer: AccessTokenSigner;
  /** The stack's private signing key (PKCS#8 PEM), for tests that forge tokens with any claims. */
  signingKey: string;
  request<T = Record<string, any>>(query: string, options?: GraphQLRequestOptions): Promise<GraphQLResponse<T>>;
  /** Sends a whole operation document of `schema/operations/` with one of its operations selected. */
  operation<T = Record<string, any>>(
    document: OperationDocument,
    operationName: string,
    options?: Omit<GraphQLRequestOptions, 'operationName'>,
  ): Promise<GraphQLResponse<T>>;
  adminToken(): Promise<string>;
  /** Creates a user (as the admin), gives it roles, and signs it in so its token carries them. */
  createUser(roles?: string[], login?: string): Promise<TestUser>;
  stop(): Promise<void>;
}

let userCounter = 0;

/** The gateway's proof to the subgraphs in every test stack (GATEWAY_SECRET), for tests that act as the gateway. */
export const TEST_GATEWAY_SECRET = 'test-gateway-secret-of-32-characters-at-least';

/**
 * Settings every service of a test stack shares: test mode, silent logs, port 0, a short drain,
 * and the gateway's secret.
 */
export const TEST_SERVICE_ENV: Readonly<Record<string, string>> = {
  NODE_ENV: 'test',
  GATEWAY_SECRET: TEST_GATEWAY_SECRET,
  LOG_LEVEL: readTestSettings().TEST_LOG_LEVEL,
  HOST: '127.0.0.1',
  PORT: '0',
  SHUTDOWN_DRAIN_MS: '2000',
};

/**
 * The platform for a test file: the users subgraph, the further subgraphs, each on its own
 * throwaway database, and the gateway, each on its own port 0, talking over real HTTP exactly
 * as deployed. Each package defines how its own service starts.
 */
export async function startTestStack<U extends TestService>(options: {
  users: TestSubgraphDefinition<U>;
  gateway: TestGatewayDefinition;
  gatewayEnv?: Record<string, string>;
  subgraphs?: TestSubgraphDefinition<TestService>[];
}): Promise<TestStack<U>> {
  const databases: TestDatabase[] = [];
  const privateKey = testSigningKey();
  const environment: TestSubgraphEnvironment = {
    env: { ...TEST_SERVICE_ENV, JWT_PUBLIC_KEYS: toJwks([toPublicJwk(createPublicKey(privateKey))]) },
    signingKey: privateKey,
    admin: TEST_ADMIN,
    async createDatabase() {
      const created = await createTestDatabase();
      databases.push(created);
      return created.url;
    },
  };
  // The users subgraph trusts the public half of the key it signs with; a JWKS would add it again.
  const users = await options.users.start({ ...environment, env: { ...TEST_SERVICE_ENV } });
  // The other subgraphs check tokens against the users subgraph's revocations, as deployed.
  environment.env.REVOCATION_LIST_URL = new URL('/auth/revocations', users.url).href;
  // …and deliver their audit events to its log, as deployed.
  environment.env.AUDIT_EVENTS_URL = new URL('/internal/audit-events', users.url).href;
  const subgraphs: Record<string, TestService> = {};
  for (const definition of options.subgraphs ?? []) {
    subgraphs[definition.name] = await definition.start(environment);
  }
  const subgraphUrls = Object.fromEntries(
    Object.entries(subgraphs).map(([name, subgraph]) => [`${name.toUpperCase()}_URL`, subgraph.url]),
  );
  const gateway = await options.gateway({
    ...TEST_SERVICE_ENV,
    USERS_URL: users.url,
    ...subgraphUrls,
    ...options.gatewayEnv,
  });
  const signer = new AccessTokenSigner(privateKey, TOKEN_AUDIENCE, 900);
  const request = <T = Record<string, any>>(query: string, requestOptions?: GraphQLRequestOptions) =>
    postGraphQL<T>(gateway.url, query, requestOptions);
  const operation = <T = Record<string, any>>(
    document: OperationDocument,
    operationName: string,
    requestOptions: GraphQLRequestOptions = {},
  ) => postGraphQL<T>(gateway.url, clientOperations(document), { ...requestOptions, operationName });

  const login = async (loginName: string, password: string) => {
    const response = await operation('users', 'Login', { variables: { login: loginName, password } });
    if (!response.data?.login) throw new Error(`login ${loginName} failed: ${response.text}`);
    return response.data.login as { accessToken: string; refreshToken: string; user: { id: string } };
  };
  let adminAccessToken: string | null = null;
  const adminToken = async () =>
    (adminAccessToken ??= (await login(TEST_ADMIN.login, TEST_ADMIN.password)).accessToken);

  return {
    gatewayUrl: gateway.url,
    users,
    gateway,
    subgraphs,
    signer,
    signingKey: privateKey,
    request,
    operation,
    adminToken,
    async createUser(roles = [], loginName = `user${process.pid}x${++userCounter}`) {
      const password = `pw-${loginName}-secret`;
      // Made by the admin, as under any REGISTRATION mode (register's own tests register).
      const created = await operation('users', 'CreateUser', {
        token: await adminToken(),
        variables: { input: { login: loginName, password } },
      });
      if (!created.data?.createUser) throw new Error(`createUser ${loginName} failed: ${created.text}`);
      const id = created.data.createUser.id as string;
      for (const role of roles) {
        const assigned = await operation('users', 'AssignRole', {
          token: await adminToken(),
          variables: { userId: id, role },
        });
        if (!assigned.data?.assignRole) throw new Error(`assignRole ${role} failed: ${assigned.text}`);
      }
      const session = await login(loginName, password);
      return { id, login: loginName, password, accessToken: session.accessToken, refreshToken: session.refreshToken };
    },
    async stop() {
      await gateway.stop();
      for (const subgraph of Object.values(subgraphs)) await subgraph.stop();
      await users.stop();
      for (const created of databases) await created.drop();
    },
  };
}
