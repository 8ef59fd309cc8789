import { join } from 'node:path';
import { gatewaySettings } from '@etl/gateway';
import { createLogger, ensureLocalKeyPair } from '@etl/kit';
import { logsSettings } from '@etl/logs';
import { runnerSettings } from '@etl/runner';
import { grantRunnerAccess, migrateScriptsDatabase, scriptsSettings } from '@etl/scripts';
import { bootstrapUsersDatabase, usersSettings } from '@etl/users';
import { LOCAL_NAMESPACE, LocalPod } from './local-pod.js';
import { storeLocalSecret } from './local-secret.js';
import { dataDir, repoRoot } from './paths.js';
import { launcherSecretFile, serviceEnvironment, type ServiceEnvironmentPlan } from './service-environment.js';
import { ServiceProcess } from './service-process.js';
import { openStackDatabases, type StackDatabases } from './stack-databases.js';
import { readStackSettings } from './stack-settings.js';

interface StackPlan {
  env: NodeJS.ProcessEnv;
  root: string;
  ports: { gateway: number; users: number; scripts: number; logs: number; runner: number };
  databases: StackDatabases;
}

/**
 * Every service of the stack, in start order (the gateway last, once its subgraphs are ready).
 * Each gets an allow-list of the launcher's environment (its own settings, see
 * service-environment.ts) and its secrets as files of `<data folder>/keys` and `/secrets`: no
 * service sees another's secrets or the admin's password, and no secret sits in an environment
 * a child process (a script run) could inherit.
 */
function stackServices({ env, root, ports, databases }: StackPlan): ServiceProcess[] {
  const keys = join(root, 'keys');
  const secrets = join(root, 'secrets');
  const signingKey = ensureLocalKeyPair(keys);
  const common = {
    NODE_ENV: env.NODE_ENV || 'development',
    HOST: env.HOST || '127.0.0.1',
  };
  // The gateway's proof to the subgraphs: without it they ignore the client address it forwards.
  const gatewaySecret = { GATEWAY_SECRET: launcherSecretFile(env, 'GATEWAY_SECRET', join(keys, 'gateway-secret')) };
  const tokens = {
    JWT_PUBLIC_KEYS_FILE: join(keys, 'jwks.json'),
    // Scripts and logs refuse revoked tokens from the users subgraph's list.
    REVOCATION_LIST_URL: `http://127.0.0.1:${ports.users}/auth/revocations`,
  };
  // Scripts delivers its audit events to the users subgraph's log (the only service that reads it).
  const auditDelivery = { AUDIT_EVENTS_URL: `http://127.0.0.1:${ports.users}/internal/audit-events` };
  // Database URLs carry a password: each in a file of its own, rewritten at every start (the
  // embedded server's port may have changed).
  const databaseUrl = (name: string, url: string) => {
    const path = join(secrets, `${name}-database-url`);
    storeLocalSecret(path, url);
    return path;
  };
  const files = {
    FILES_DIR: env.FILES_DIR || join(root, 'files'),
    // The data folder holds the signing key and the database: no script may open it.
    SCRIPT_PROTECTED_PATHS: env.SCRIPT_PROTECTED_PATHS || root,
  };
  const s3 = ['S3_ACCESS_KEY_ID', 'S3_SECRET_ACCESS_KEY'];
  const podsRoot = join(root, 'logs', 'pods');
  const service = (name: string, entry: string, port: number, plan: ServiceEnvironmentPlan) =>
    new ServiceProcess(
      { name, entry: join(repoRoot, entry), port, env: serviceEnvironment(env, secrets, plan) },
      new LocalPod(podsRoot, name),
    );
  return [
    service('users', 'subgraphs/users/dist/main.js', ports.users, {
      settings: usersSettings,
      values: { ...common, ...tokens, MIGRATE_ON_START: 'false', JWT_KEY_ID: signingKey.kid },
      secretFiles: {
        ...gatewaySecret,
        DATABASE_URL: databaseUrl('users', databases.users.serviceUrl),
        JWT_PRIVATE_KEY: join(keys, 'jwt-signing-key.pem'),
      },
    }),
    // Stored files and the key that signs their download links live in the data folder; links
    // point at the gateway, which relays /files/ to this service.
    service('scripts', 'subgraphs/scripts/dist/main.js', ports.scripts, {
      settings: scriptsSettings,
      values: { ...common, ...tokens, ...auditDelivery, ...files, MIGRATE_ON_START: 'false' },
      secretFiles: {
        ...gatewaySecret,
        DATABASE_URL: databaseUrl('scripts', databases.scripts.serviceUrl),
        FILE_URL_SECRET: launcherSecretFile(env, 'FILE_URL_SECRET', join(keys, 'file-url-secret')),
      },
      passedSecrets: s3,
    }),
    // One runner takes the scripts subgraph's queued runs (it starts after it). Its role may
    // touch only the queue and the run rows (`scripts grant-runner`); no signing key, no
    // gateway secret, no admin password.
    service('runner', 'runner/dist/main.js', ports.runner, {
      settings: runnerSettings,
      values: { ...common, ...files },
      secretFiles: { DATABASE_URL: databaseUrl('runner', databases.runnerUrl) },
      passedSecrets: s3,
    }),
    // The logs subgraph reads the stack's own services from the files this launcher writes.
    service('logs', 'subgraphs/logs/dist/main.js', ports.logs, {
      settings: logsSettings,
      values: {
        ...common,
        ...tokens,
        LOGS_SOURCE: env.LOGS_SOURCE || 'files',
        LOGS_ROOT: env.LOGS_ROOT || podsRoot,
        LOGS_NAMESPACES: env.LOGS_NAMESPACES || LOCAL_NAMESPACE,
      },
      secretFiles: gatewaySecret,
    }),
    service('gateway', 'gateway/dist/main.js', ports.gateway, {
      settings: gatewaySettings,
      values: {
        ...common,
        USERS_URL: `http://127.0.0.1:${ports.users}/graphql`,
        SCRIPTS_URL: `http://127.0.0.1:${ports.scripts}/graphql`,
        LOGS_URL: `http://127.0.0.1:${ports.logs}/graphql`,
      },
      secretFiles: gatewaySecret,
    }),
  ];
}

/**
 * The deploy steps before any service starts, as each database's owner: the users database's
 * migrations and bootstrap (the only step that sees the admin's password), the scripts
 * database's migrations and run queue, and the runner's grants.
 */
export async function prepareDatabases(env: NodeJS.ProcessEnv, databases: StackDatabases, adminLogin: string) {
  const bootstrap = await bootstrapUsersDatabase({
    databaseUrl: databases.users.ownerUrl,
    admin: { login: adminLogin, ...(env.ETL_ADMIN_PASSWORD ? { password: env.ETL_ADMIN_PASSWORD } : {}) },
  });
  const orm = await migrateScriptsDatabase(databases.scripts.ownerUrl, createLogger('stack', 'warn'));
  try {
    // The runner's role (etl_runner, or RUNNER_DATABASE_URL's), unless the owner runs runs itself.
    const runnerRole = roleName(databases.runnerUrl);
    if (runnerRole !== roleName(databases.scripts.ownerUrl)) await grantRunnerAccess(orm.em.fork(), runnerRole);
  } finally {
    await orm.close();
  }
  return bootstrap;
}

function roleName(url: string): string {
  return decodeURIComponent(new URL(url).username);
}

function banner(plan: StackPlan, adminLogin: string, generatedPassword: string | undefined): string {
  const superuser = generatedPassword
    ? `Superuser "${adminLogin}" created with password: ${generatedPassword}   (shown once; set ETL_ADMIN_PASSWORD to choose it)`
    : `Superuser: "${adminLogin}" (password ${plan.env.ETL_ADMIN_PASSWORD ? 'from ETL_ADMIN_PASSWORD' : 'as generated on the first start'})`;
  return [
    '',
    `  ETL platform is up. Open the console: http://localhost:${plan.ports.gateway}/   (the API and Apollo Sandbox at /graphql)`,
    `  ${superuser}`,
    `  Logs: ${join(plan.root, 'logs', 'pods')}`,
    '  Ctrl-C stops everything.',
    '',
  ].join('\n');
}

/**
 * `pnpm etl start`: the whole platform on one machine. PostgreSQL (embedded in the data folder
 * unless database URLs are given), a signing key made once, migrations and bootstrap, then
 * each subgraph and the gateway as its own process. Ctrl-C drains and stops everything: the
 * process keeps running until then.
 */
export async function startLocalStack(env: NodeJS.ProcessEnv = process.env): Promise<void> {
  const root = dataDir(env);
  console.log(`Data folder: ${root}`);
  const settings = readStackSettings(env);
  const ports = {
    gateway: settings.GATEWAY_PORT,
    users: settings.USERS_PORT,
    scripts: settings.SCRIPTS_PORT,
    logs: settings.LOGS_PORT,
    runner: settings.RUNNER_PORT,
  };
  const databases = await openStackDatabases(env);
  const plan: StackPlan = { env, root, ports, databases };
  const adminLogin = env.ETL_ADMIN_LOGIN || 'admin';
  const bootstrap = await prepareDatabases(env, databases, adminLogin).catch(async (error: unknown) => {
    await databases.close();
    throw error;
  });
  const services = stackServices(plan);

  let stopping = false;
  const stopAll = async (code: number) => {
    if (stopping) return;
    stopping = true;
    console.log('Stopping: draining requests…');
    for (const service of services) service.expectExit();
    for (const service of [...services].reverse()) await service.stop();
    await databases.close();
    console.log('Stopped.');
    process.exit(code);
  };
  process.on('SIGINT', () => void stopAll(0));
  process.on('SIGTERM', () => void stopAll(0));

  try {
    for (const service of services) {
      service.start();
      await service.waitReady();
    }
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await stopAll(1);
  }
  console.log(banner(plan, adminLogin, bootstrap.superuser?.generatedPassword));
}
