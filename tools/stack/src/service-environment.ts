import { join } from 'node:path';
import { ensureLocalSecret, storeLocalSecret } from './local-secret.js';

/** What any process needs of the machine it runs on, whichever service it is. */
const MACHINE = ['PATH', 'LANG', 'LC_ALL', 'TZ', 'TMPDIR'];

/**
 * Settings no service process receives from the launcher's environment: the admin's password
 * and login are for the bootstrap step the launcher runs itself; database URLs are the
 * launcher's to give (as files, each service its own).
 */
const LAUNCHER_ONLY = new Set(['ETL_ADMIN_LOGIN', 'ETL_ADMIN_PASSWORD', 'DATABASE_URL']);

/** Settings that are secrets: handed over as `<NAME>_FILE`, never as a value in an environment. */
export const SECRET_SETTINGS = new Set([
  'DATABASE_URL',
  'ETL_ADMIN_PASSWORD',
  'FILE_URL_SECRET',
  'GATEWAY_SECRET',
  'JWT_PRIVATE_KEY',
  'S3_ACCESS_KEY_ID',
  'S3_SECRET_ACCESS_KEY',
]);

/** What the launcher hands one service. */
export interface ServiceEnvironmentPlan {
  /** The service's settings shape: only these names (and their `_FILE` forms) pass from the launcher's environment. */
  settings: Record<string, unknown>;
  /** Values the launcher sets itself (ports, addresses, folders); they win over the environment's. */
  values: Record<string, string>;
  /** Secrets the launcher hands over as files: setting name → path of the file. */
  secretFiles: Record<string, string>;
  /** Secrets of the service's settings it may take from the launcher's environment (as files too). */
  passedSecrets?: string[];
}

/**
 * A service's environment as an allow-list: the machine's basics, the service's own settings
 * found in the launcher's environment, then the launcher's values and secret files. A secret the
 * operator gave the launcher as a value reaches the service as a 0600 file in `secretsDir`.
 */
export function serviceEnvironment(
  launcherEnv: NodeJS.ProcessEnv,
  secretsDir: string,
  plan: ServiceEnvironmentPlan,
): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const name of MACHINE) if (launcherEnv[name]) env[name] = launcherEnv[name];
  for (const name of Object.keys(plan.settings)) {
    if (LAUNCHER_ONLY.has(name)) continue;
    if (SECRET_SETTINGS.has(name)) {
      if (!plan.passedSecrets?.includes(name)) continue;
      if (launcherEnv[`${name}_FILE`] || launcherEnv[name]) {
        env[`${name}_FILE`] = launcherSecretFile(launcherEnv, name, join(secretsDir, secretFileName(name)));
      }
      continue;
    }
    if (launcherEnv[`${name}_FILE`]) env[`${name}_FILE`] = launcherEnv[`${name}_FILE`];
    else if (launcherEnv[name]) env[name] = launcherEnv[name];
  }
  for (const [name, value] of Object.entries(plan.values)) {
    delete env[`${name}_FILE`];
    env[name] = value;
  }
  for (const [name, path] of Object.entries(plan.secretFiles)) {
    delete env[name];
    env[`${name}_FILE`] = path;
  }
  return env;
}

/**
 * The file a secret setting comes from: `<NAME>_FILE` of the launcher's environment when set;
 * else `path`, holding `<NAME>` when the launcher was given one (kept for later starts), or a
 * random secret made on the first start.
 */
export function launcherSecretFile(launcherEnv: NodeJS.ProcessEnv, name: string, path: string): string {
  const file = launcherEnv[`${name}_FILE`];
  if (file) return file;
  const value = launcherEnv[name];
  if (value) storeLocalSecret(path, value);
  else ensureLocalSecret(path);
  return path;
}

function secretFileName(name: string): string {
  return name.toLowerCase().replaceAll('_', '-');
}
