import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { AccessTokenSigner, toJwks, toPublicJwk, type RunningSubgraph } from '@etl/kit';
import { readGatewayConfig, startGateway, type RunningGateway } from '@etl/gateway';
import { readUsersConfig, startUsersSubgraph, type RunningUsersSubgraph } from '@etl/users';
import { contractDocument, type ContractDocument } from './contract.js';
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

/** What a test stack gives a further subgraph it starts: the verification keys and a database. */
export interface TestSubgraphEnvironment {
  /** Settings every subgraph of the stack shares: test mode, silent logs, port 0, the stack's JWKS. */
  env: Record<string, string>;
  /** A fresh throwaway database, dropped when the stack stops. */
  createDatabase(): Promise<string>;
}

/** A further subgraph (scripts, logs) of a test stack; the gateway is pointed at its URL. */
export interface TestSubgraphDefinition {
  /** The subgraph's name in the supergraph (`scripts`, `logs`). */
  name: string;
  start(environment: TestSubgraphEnvironment): Promise<RunningSubgraph>;
}

export interface TestUser {
  id: string;
  login: string;
  password: string;
  accessToken: string;
  refreshToken: string;
}

export interface TestStack {
  gatewayUrl: string;
  users: RunningUsersSubgraph;
  gateway: RunningGateway;
  /** The further subgraphs the stack was asked for, by name. */
  subgraphs: Record<string, RunningSubgraph>;
  /** Signs tokens with the stack's key, for tests that forge or age tokens. */
  signer: AccessTokenSigner;
  request<T = Record<string, any>>(query: string, options?: GraphQLRequestOptions): Promise<GraphQLResponse<T>>;
  /** Sends a whole contract document with one of its operations selected. */
  contract<T = Record<string, any>>(
    document: ContractDocument,
    operationName: string,
    options?: Omit<GraphQLRequestOptions, 'operationName'>,
  ): Promise<GraphQLResponse<T>>;
  adminToken(): Promise<string>;
  /** Registers a user, gives it roles, and signs it in again so its token carries them. */
  createUser(roles?: string[], login?: string): Promise<TestUser>;
  stop(): Promise<void>;
}

let userCounter = 0;

/** A gateway on port 0 with test defaults; `env` overrides them (subgraph URLs, NODE_ENV, limits). */
export function startTestGateway(env: Record<string, string> = {}): Promise<RunningGateway> {
  return startGateway(
    readGatewayConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: readTestSettings().TEST_LOG_LEVEL,
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_DRAIN_MS: '2000',
      ...env,
    }),
  );
}

/**
 * The platform for a test file: a throwaway database, the users subgraph and the gateway, each
 * on its own port 0, talking over real HTTP exactly as deployed.
 */
export async function startTestStack(
  options: {
    usersEnv?: Record<string, string>;
    gatewayEnv?: Record<string, string>;
    subgraphs?: TestSubgraphDefinition[];
  } = {},
): Promise<TestStack> {
  const database: TestDatabase = await createTestDatabase();
  const databases: TestDatabase[] = [database];
  const privateKey = testSigningKey();
  const users = await startUsersSubgraph(
    readUsersConfig({
      NODE_ENV: 'test',
      LOG_LEVEL: readTestSettings().TEST_LOG_LEVEL,
      HOST: '127.0.0.1',
      PORT: '0',
      DATABASE_URL: database.url,
      DATABASE_POOL_MAX: '5',
      JWT_PRIVATE_KEY: privateKey,
      ETL_ADMIN_LOGIN: TEST_ADMIN.login,
      ETL_ADMIN_PASSWORD: TEST_ADMIN.password,
      SHUTDOWN_DRAIN_MS: '2000',
      ...options.usersEnv,
    }),
  );
  const environment: TestSubgraphEnvironment = {
    env: {
      NODE_ENV: 'test',
      LOG_LEVEL: readTestSettings().TEST_LOG_LEVEL,
      HOST: '127.0.0.1',
      PORT: '0',
      SHUTDOWN_DRAIN_MS: '2000',
      JWT_PUBLIC_KEYS: toJwks([toPublicJwk(createPublicKey(privateKey))]),
    },
    async createDatabase() {
      const created = await createTestDatabase();
      databases.push(created);
      return created.url;
    },
  };
  const subgraphs: Record<string, RunningSubgraph> = {};
  for (const definition of options.subgraphs ?? []) {
    subgraphs[definition.name] = await definition.start(environment);
  }
  const subgraphUrls = Object.fromEntries(
    Object.entries(subgraphs).map(([name, subgraph]) => [`${name.toUpperCase()}_URL`, subgraph.url]),
  );
  const gateway = await startTestGateway({ USERS_URL: users.url, ...subgraphUrls, ...options.gatewayEnv });
  const signer = new AccessTokenSigner(privateKey, TOKEN_AUDIENCE, 900);
  const request = <T = Record<string, any>>(query: string, requestOptions?: GraphQLRequestOptions) =>
    postGraphQL<T>(gateway.url, query, requestOptions);
  const contract = <T = Record<string, any>>(
    document: ContractDocument,
    operationName: string,
    requestOptions: GraphQLRequestOptions = {},
  ) => postGraphQL<T>(gateway.url, contractDocument(document), { ...requestOptions, operationName });

  const login = async (loginName: string, password: string) => {
    const response = await contract('users', 'Login', { variables: { login: loginName, password } });
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
    request,
    contract,
    adminToken,
    async createUser(roles = [], loginName = `user${process.pid}x${++userCounter}`) {
      const password = `pw-${loginName}-secret`;
      const registered = await contract('users', 'Register', { variables: { input: { login: loginName, password } } });
      if (!registered.data?.register) throw new Error(`register ${loginName} failed: ${registered.text}`);
      const id = registered.data.register.user.id as string;
      for (const role of roles) {
        const assigned = await contract('users', 'AssignRole', {
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
