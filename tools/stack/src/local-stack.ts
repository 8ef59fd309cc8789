import { join } from 'node:path';
import { ensureLocalKeyPair } from '@etl/kit';
import { bootstrapUsersDatabase } from '@etl/users';
import { LocalPod } from './local-pod.js';
import { dataDir, repoRoot } from './paths.js';
import { ServiceProcess } from './service-process.js';
import { openStackDatabases } from './stack-databases.js';

function port(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const value = Number(env[name] || fallback);
  if (!Number.isInteger(value) || value < 1 || value > 65535)
    throw new Error(`${name}: expected a TCP port (got ${env[name]})`);
  return value;
}

/**
 * `pnpm etl start`: the whole platform on one machine. PostgreSQL (embedded in the data folder
 * unless database URLs are given), a signing key made once, migrations and bootstrap, then
 * each subgraph and the gateway as its own process. Ctrl-C drains and stops everything.
 */
export async function startLocalStack(env: NodeJS.ProcessEnv = process.env): Promise<number> {
  const root = dataDir(env);
  const ports = { gateway: port(env, 'GATEWAY_PORT', 4000), users: port(env, 'USERS_PORT', 4001) };
  console.log(`Data folder: ${root}`);
  const databases = await openStackDatabases(env);
  const keys = ensureLocalKeyPair(join(root, 'keys'));
  const adminLogin = env.ETL_ADMIN_LOGIN || 'admin';
  const bootstrap = await bootstrapUsersDatabase({
    databaseUrl: databases.users,
    admin: { login: adminLogin, ...(env.ETL_ADMIN_PASSWORD ? { password: env.ETL_ADMIN_PASSWORD } : {}) },
  });

  const common: NodeJS.ProcessEnv = {
    ...env,
    NODE_ENV: env.NODE_ENV || 'development',
    HOST: env.HOST || '127.0.0.1',
    JWT_PUBLIC_KEYS: keys.jwks,
  };
  const podsRoot = join(root, 'logs', 'pods');
  const services = [
    new ServiceProcess(
      {
        name: 'users',
        entry: join(repoRoot, 'subgraphs/users/dist/main.js'),
        port: ports.users,
        env: { ...common, DATABASE_URL: databases.users, JWT_PRIVATE_KEY: keys.privateKeyPem, JWT_KEY_ID: keys.kid },
      },
      new LocalPod(podsRoot, 'users'),
    ),
    new ServiceProcess(
      {
        name: 'gateway',
        entry: join(repoRoot, 'gateway/dist/main.js'),
        port: ports.gateway,
        env: { ...common, USERS_URL: `http://127.0.0.1:${ports.users}/graphql` },
      },
      new LocalPod(podsRoot, 'gateway'),
    ),
  ];

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
  const generated = bootstrap.superuser?.generatedPassword;
  console.log(
    [
      '',
      `  ETL platform is up. Apollo Sandbox: http://localhost:${ports.gateway}/graphql`,
      generated
        ? `  Superuser "${adminLogin}" created with password: ${generated}   (shown once; set ETL_ADMIN_PASSWORD to choose it)`
        : `  Superuser: "${adminLogin}"${env.ETL_ADMIN_PASSWORD ? ' (password from ETL_ADMIN_PASSWORD)' : ' (password as generated on the first start)'}`,
      `  Logs: ${podsRoot}`,
      '  Ctrl-C stops everything.',
      '',
    ].join('\n'),
  );
  return -1;
}
