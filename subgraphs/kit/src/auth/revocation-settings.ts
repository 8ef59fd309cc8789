import type { z } from 'zod';
import { setting } from '../config/read-config.js';
import type { Logger } from '../logging/logger.js';
import { RevocationList } from './revocation-list.js';

/** Settings of every service that checks access tokens against the users subgraph's revocations. */
export const revocationSettings = {
  REVOCATION_LIST_URL: setting
    .url()
    .optional()
    .describe(
      "The users subgraph's revocation list (`http://users:4001/auth/revocations`); unset, revoked access tokens work until they expire",
    ),
  REVOCATION_MAX_DELAY_SECONDS: setting
    .positiveInt(5)
    .describe('Longest time a revoked access token still works here (the list is polled twice as often)'),
};

export type RevocationSettings = z.infer<z.ZodObject<typeof revocationSettings>>;

/** The polled list the settings name, or none (and a warning) without a URL. */
export function revocationListFromSettings(settings: RevocationSettings, logger: Logger): RevocationList | undefined {
  if (!settings.REVOCATION_LIST_URL) {
    logger.warn('REVOCATION_LIST_URL is unset: revoked access tokens work until they expire');
    return undefined;
  }
  return RevocationList.polling(settings.REVOCATION_LIST_URL, settings.REVOCATION_MAX_DELAY_SECONDS, logger);
}
