import { z } from 'zod';
import { fileSettings } from './files/file-settings.js';
import { runSettings } from './runs/run-settings.js';
import { databaseSettings, readConfig, serverSettings, setting, tokenVerificationSettings } from '@etl/kit';

/** Every setting of the scripts subgraph; the README's configuration table lists the same. */
export const scriptsSettings = {
  ...serverSettings,
  ...databaseSettings,
  ...tokenVerificationSettings,
  PORT: setting.port(4002),
  /** The largest script content accepted, in bytes of UTF-8. */
  SCRIPT_MAX_BYTES: setting.positiveInt(1024 * 1024),
  /** The interpreter that checks script content (parse only) and runs scripts. */
  PYTHON_PATH: z.string().min(1).default('python3'),
  SCRIPT_CHECK_TIMEOUT_MS: setting.positiveInt(10_000),
  /** Parser processes at once; further checks wait their turn. */
  SCRIPT_CHECK_CONCURRENCY: setting.positiveInt(2),
  ...runSettings,
  ...fileSettings,
};

export type ScriptsConfig = z.infer<z.ZodObject<typeof scriptsSettings>>;

export function readScriptsConfig(env: NodeJS.ProcessEnv = process.env): ScriptsConfig {
  return readConfig(scriptsSettings, env);
}
