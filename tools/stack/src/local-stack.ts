import { join } from 'node:path';
import { ensureLocalKeyPair, type LocalKeyPair } from '@etl/kit';
import { bootstrapUsersDatabase } from '@etl/users';
import { LOCAL_NAMESPACE, LocalPod } from './local-pod.js';
import { ensureLocalSecret } from './local-secret.js';
import { dataDir, repoRoot } from './paths.js';
import { ServiceProcess } from './service-process.js';
import { openStackDatabases, type StackDatabases } from './stack-databases.js';
import { readStackSettings } from './stack-settings.js';

interface StackPlan {
  env: NodeJS.ProcessEnv;
  root: string;
  ports: { gateway: number; users: number; scripts: number; logs: number; runner: number };
  databases: StackDatabases;
  keys: LocalKeyPair;
}

/** Every service of the stack, in start order (the gateway last, once its subgraphs are ready). */
function stackServices({ env, root, ports, databases, keys }: StackPlan): ServiceProcess[] {
  const common: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: env.NODE_ENV || 'development',
    HOST: env.HOST || '127.0.0.1',
    JWT_PUBLIC_KEYS: keys.jwks,
    // The gateway's proof to the subgraphs: without it they ignore the client address it forwards.
    GATEWAY_SECRET: env.GATEWAY_SECRET || ensureLocalSecret(join(root, 'keys', 'gateway-secret')),
    // Scripts and logs refuse revoked tokens from the users subgraph's list.
    REVOCATION_LIST_URL: `http://127.0.0.1:${ports.users}/auth/revocations`,
    // Scripts delivers its audit events to the users subgraph's log.
    AUDIT_EVENTS_URL: `http://127.0.0.1:${ports.users}/internal/audit-events`,
  };
  const podsRoot = join(root, 'logs', 'pods');
  const service = (name: string, entry: string, servicePort: number, serviceEnv: NodeJS.ProcessEnv) =>
    new ServiceProcess(
      { name, entry: join(repoRoot, entry), port: servicePort, env: { ...common, ...serviceEnv } },
      new LocalPod(podsRoot, name),
    );
  return [
    service('users', 'subgraphs/users/dist/main.js', ports.users, {
      DATABASE_URL: databases.users,
      JWT_PRIVATE_KEY: keys.privateKeyPem,
      JWT_KEY_ID: keys.kid,
    }),
    // Stored files and the key that signs their download links live in the data folder; links
    // point at the gateway, which relays /files/ to this service.
    service('scripts', 'subgraphs/scripts/dist/main.js', ports.scripts, {
      DATABASE_URL: databases.scripts,
      FILES_DIR: env.FILES_DIR || join(root, 'files'),
      FILE_URL_SECRET: env.FILE_URL_SECRET || ensureLocalSecret(join(root, 'keys', 'file-url-secret')),
      // The data folder holds the signing key and the database: no script may open it.
      SCRIPT_PROTECTED_PATHS: env.SCRIPT_PROTECTED_PATHS || root,
    }),
    // One runner takes the scripts subgraph's queued runs (it starts after it: the subgraph
    // installs the queue). Its env is an allow-list, not the launcher's whole environment: no
    // signing key, no admin password, no users database; only the scripts database, the stored
    // files and its own settings.
    new ServiceProcess(
      {
        name: 'runner',
        entry: join(repoRoot, 'runner/dist/main.js'),
        port: ports.runner,
        env: {
          ...runnerEnv(env),
          NODE_ENV: common.NODE_ENV,
          HOST: common.HOST,
          PORT: String(ports.runner),
          DATABASE_URL: databases.scripts,
          FILES_DIR: env.FILES_DIR || join(root, 'files'),
          SCRIPT_PROTECTED_PATHS: env.SCRIPT_PROTECTED_PATHS || root,
        },
      },
      new LocalPod(podsRoot, 'runner'),
    ),
    // The logs subgraph reads the stack's own services from the files this launcher writes.
    service('logs', 'subgraphs/logs/dist/main.js', ports.logs, {
      LOGS_SOURCE: env.LOGS_SOURCE || 'files',
      LOGS_ROOT: env.LOGS_ROOT || podsRoot,
      LOGS_NAMESPACES: env.LOGS_NAMESPACES || LOCAL_NAMESPACE,
    }),
    service('gateway', 'gateway/dist/main.js', ports.gateway, {
      USERS_URL: `http://127.0.0.1:${ports.users}/graphql`,
      SCRIPTS_URL: `http://127.0.0.1:${ports.scripts}/graphql`,
      LOGS_URL: `http://127.0.0.1:${ports.logs}/graphql`,
    }),
  ];
}

/** What a runner may see of the launcher's environment: its own settings and the file store's. */
const RUNNER_ENV =
  /^(PATH|LANG|TMPDIR|LOG_LEVEL|PYTHON_PATH|RUNNER_.*|RUN_.*|SCRIPT_.*|FILE_STORE|MAX_FILE_SIZE|S3_.*)$/;

function runnerEnv(env: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return Object.fromEntries(Object.entries(env).filter(([name]) => RUNNER_ENV.test(name)));
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
  const plan: StackPlan = { env, root, ports, databases, keys: ensureLocalKeyPair(join(root, 'keys')) };
  const adminLogin = env.ETL_ADMIN_LOGIN || 'admin';
  const bootstrap = await bootstrapUsersDatabase({
    databaseUrl: databases.users,
    admin: { login: adminLogin, ...(env.ETL_ADMIN_PASSWORD ? { password: env.ETL_ADMIN_PASSWORD } : {}) },
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
