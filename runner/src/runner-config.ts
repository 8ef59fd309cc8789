import { z } from 'zod';
import { fileSettings } from '@etl/scripts';
import { logLevelSetting, nodeEnvSetting, readConfig, setting } from '@etl/kit';
import { runLimitSettings } from './run-limits.js';

/**
 * Every setting of a runner, each described for docs/configuration.md. A runner needs the
 * scripts database (as a role limited to the run tables and the queue), the file store and an
 * interpreter; no signing key, no public keys, no users database.
 */
export const runnerSettings = {
  NODE_ENV: nodeEnvSetting.describe('`production` refuses to start without the bubblewrap sandbox'),
  LOG_LEVEL: logLevelSetting.describe(
    '`fatal`, `error`, `warn`, `info`, `debug`, `trace` or `silent`; logs are JSON lines on stdout',
  ),
  HOST: z.string().default('0.0.0.0').describe('Address the health endpoints listen on'),
  PORT: setting.port(4010).describe('Port of the health endpoints (`/healthz`, `/readyz`)'),
  DATABASE_URL: setting
    .postgresUrl()
    .describe(
      "`postgres://` URL of the scripts database, as a role granted only the runner's tables (`scripts grant-runner`)",
    ),
  DATABASE_POOL_MAX: setting.positiveInt(4).describe('Connections in the pool, besides the queue’s own'),
  RUNNER_CONCURRENCY: setting.positiveInt(2).describe('Runs at once in this runner; the queue holds the rest'),
  RUNNER_HEARTBEAT_MS: setting
    .positiveInt(500)
    .describe(
      "How often the runner stamps its running runs' rows and reads whether one was cancelled (a cancelled run is killed within this)",
    ),
  RUNNER_LOST_AFTER_SECONDS: setting
    .positiveInt(30)
    .describe(
      'A RUNNING run whose heartbeat is older than this is taken to have lost its runner (killed, its node gone) and is retried or failed',
    ),
  RUN_INTERRUPTED_POLICY: z
    .enum(['retry', 'fail'], { errorMap: () => ({ message: 'expected retry or fail' }) })
    .default('retry')
    .describe(
      'What happens to a run whose runner died: `retry` queues it again (up to RUN_MAX_ATTEMPTS starts), `fail` ends it `KILLED`, `INTERRUPTED`',
    ),
  RUN_MAX_ATTEMPTS: setting
    .positiveInt(3)
    .describe('Starts a run may have under `retry`; a run whose runner died that often ends `KILLED`, `INTERRUPTED`'),
  RUNNER_SHUTDOWN_GRACE_SECONDS: setting
    .positiveInt(30)
    .describe(
      'On SIGTERM the runner takes no more jobs and lets running runs finish this long; then it kills them and hands them back to the queue',
    ),
  PYTHON_PATH: z.string().min(1).default('python3').describe('Interpreter that runs scripts'),
  ...runLimitSettings,
  ...fileSettings,
};

export type RunnerConfig = z.infer<z.ZodObject<typeof runnerSettings>>;

export function readRunnerConfig(env: NodeJS.ProcessEnv = process.env): RunnerConfig {
  return readConfig(runnerSettings, env);
}
