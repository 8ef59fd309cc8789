import { logLevelSetting, readConfig, setting } from '@etl/kit';

/** What the test kit reads from the environment; described for docs/configuration.md. */
export const testSettings = {
  TEST_DATABASE_URL: setting
    .postgresUrl()
    .optional()
    .describe(
      'PostgreSQL server on which each test file creates and drops its own databases; unset, an embedded server started for the run',
    ),
  TEST_LOG_LEVEL: logLevelSetting.removeDefault().default('silent').describe('Log level of the services tests start'),
};

/** Read where a test starts services, so that the default lives in the definition above. */
export function readTestSettings(env: NodeJS.ProcessEnv = process.env) {
  return readConfig(testSettings, env);
}
