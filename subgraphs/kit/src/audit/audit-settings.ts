import type { MikroORM } from '@mikro-orm/postgresql';
import type { z } from 'zod';
import { setting } from '../config/read-config.js';
import type { Logger } from '../logging/logger.js';
import { AuditRelay } from './audit-relay.js';

/** Settings of every subgraph that records audit events for the users subgraph's log. */
export const auditDeliverySettings = {
  AUDIT_EVENTS_URL: setting
    .url()
    .optional()
    .describe(
      "The users subgraph's audit intake (`http://users:4001/internal/audit-events`), sent with GATEWAY_SECRET; unset, audit events wait in this subgraph's database",
    ),
  AUDIT_DELIVERY_INTERVAL_SECONDS: setting
    .positiveInt(5)
    .describe('Time between retries of audit events the log has not taken yet (each change is sent at once)'),
};

export type AuditDeliverySettings = z.infer<z.ZodObject<typeof auditDeliverySettings>>;

/** The relay the settings name, or none (and a warning) without a URL or a GATEWAY_SECRET. */
export function auditRelayFromSettings(
  settings: AuditDeliverySettings & { GATEWAY_SECRET?: string | undefined },
  orm: MikroORM,
  logger: Logger,
): AuditRelay | undefined {
  if (!settings.AUDIT_EVENTS_URL || !settings.GATEWAY_SECRET) {
    logger.warn('AUDIT_EVENTS_URL or GATEWAY_SECRET is unset: audit events stay in this database, undelivered');
    return undefined;
  }
  return new AuditRelay(
    orm,
    {
      url: settings.AUDIT_EVENTS_URL,
      secret: settings.GATEWAY_SECRET,
      intervalMs: settings.AUDIT_DELIVERY_INTERVAL_SECONDS * 1000,
    },
    logger,
  );
}
