import { z } from 'zod';
import { AuditEvent, MAX_AUDIT_TARGET_ID_LENGTH } from './audit-event.entity.js';

/**
 * Where the subgraph that keeps the audit log (users) takes events from the other subgraphs'
 * outboxes: `POST {"events": [...]}` with the gateway's secret. Not part of the public API.
 */
export const AUDIT_EVENTS_PATH = '/internal/audit-events';

/** Most events in one delivery. */
export const MAX_AUDIT_EVENTS_PER_DELIVERY = 200;

/** Largest `details` of one event, in bytes of JSON. */
const MAX_DETAILS_BYTES = 8192;

/** One event as it travels from an outbox to the log. */
const deliveredEvent = z
  .object({
    id: z.string().uuid(),
    occurredAt: z.string().datetime({ offset: true }),
    action: z
      .string()
      .regex(/^[a-z][a-z-]*(\.[a-z][a-z-]*)+$/)
      .max(64),
    actorId: z.string().uuid().nullable(),
    actorLogin: z.string().max(256).nullable(),
    sessionId: z.string().max(64).nullable(),
    targetType: z
      .string()
      .regex(/^[A-Za-z][A-Za-z]*$/)
      .max(64),
    targetId: z.string().max(MAX_AUDIT_TARGET_ID_LENGTH).nullable(),
    requestId: z.string().min(1).max(128),
    clientAddress: z.string().max(64).nullable(),
    details: z
      .record(z.unknown())
      .nullable()
      .refine((details) => JSON.stringify(details).length <= MAX_DETAILS_BYTES, 'details too large'),
  })
  .strict();

export const auditDeliverySchema = z
  .object({ events: z.array(deliveredEvent).min(1).max(MAX_AUDIT_EVENTS_PER_DELIVERY) })
  .strict();

export type DeliveredAuditEvent = z.infer<typeof deliveredEvent>;

/** A delivered event as the log stores it. */
export function fromDeliveredEvent(delivered: DeliveredAuditEvent): AuditEvent {
  return Object.assign(new AuditEvent(), { ...delivered, occurredAt: new Date(delivered.occurredAt) });
}
