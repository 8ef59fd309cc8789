import { z } from 'zod';
import { fileSettings } from './files/file-settings.js';
import { runSettings } from './runs/run-settings.js';
import {
  auditDeliverySettings,
  databaseSettings,
  readConfig,
  revocationSettings,
  serverSettings,
  setting,
  tokenVerificationSettings,
} from '@etl/kit';

/** Every setting of the scripts subgraph, each described for docs/configuration.md. */
export const scriptsSettings = {
  ...serverSettings,
  ...databaseSettings,
  ...tokenVerificationSettings,
  ...revocationSettings,
  ...auditDeliverySettings,
  PORT: setting.port(4002).describe('Port to listen on'),
  SCRIPT_MAX_BYTES: setting
    .positiveInt(1024 * 1024)
    .describe('Largest script content, in bytes of UTF-8 (`PAYLOAD_TOO_LARGE` above)'),
  PYTHON_PATH: z
    .string()
    .min(1)
    .default('python3')
    .describe('Interpreter that checks script content (parse only) and runs scripts'),
  SCRIPT_CHECK_TIMEOUT_MS: setting
    .positiveInt(10_000)
    .describe('Time the parser may take on one content before the content is refused'),
  SCRIPT_CHECK_CONCURRENCY: setting
    .positiveInt(2)
    .describe('Parser processes at once per instance; further checks wait their turn'),
  ...runSettings,
  ...fileSettings,
};

export type ScriptsConfig = z.infer<z.ZodObject<typeof scriptsSettings>>;

export function readScriptsConfig(env: NodeJS.ProcessEnv = process.env): ScriptsConfig {
  return readConfig(scriptsSettings, env);
}
