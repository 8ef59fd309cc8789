import {
  AUDIT_EVENTS_PATH,
  AuditEvent,
  auditDeliverySchema,
  fromDeliveredEvent,
  isFromGateway,
  type HttpService,
  type Logger,
} from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';

/** Largest delivery body: a full batch of events with large details. */
const MAX_DELIVERY_BYTES = 4 * 1024 * 1024;

/**
 * `POST /internal/audit-events {"events": [...]}` → `{"accepted": n}`: the other subgraphs' audit
 * relays deliver their outboxes here. Only a sender with GATEWAY_SECRET may write to the log (401
 * otherwise), and it lives beside `/graphql`, which the gateway exposes alone. An event id the log
 * already has is skipped: deliveries are at least once, so the same event may come twice.
 */
export function mountAuditIntake(
  service: HttpService,
  orm: MikroORM,
  gatewaySecret: string | undefined,
  logger: Logger,
): void {
  service.app.post(AUDIT_EVENTS_PATH, service.jsonBody(MAX_DELIVERY_BYTES), async (req, res) => {
    const requestId = res.locals.requestId as string;
    const refuse = (status: number, code: string, message: string) =>
      res.status(status).json({ errors: [{ message, extensions: { code, requestId } }] });
    if (!isFromGateway(req.headers, gatewaySecret)) {
      return refuse(401, 'UNAUTHENTICATED', 'Audit events are taken from the platform services only');
    }
    const parsed = auditDeliverySchema.safeParse(req.body);
    if (!parsed.success) {
      logger.warn({ requestId, problems: parsed.error.issues.slice(0, 5) }, 'malformed audit delivery refused');
      return refuse(400, 'BAD_USER_INPUT', 'Send {"events": [...]} of well-formed audit events');
    }
    const em = orm.em.fork();
    const accepted = await em
      .createQueryBuilder(AuditEvent)
      .insert(parsed.data.events.map((event) => ({ ...fromDeliveredEvent(event) })))
      .onConflict('id')
      .ignore()
      .execute('run');
    return res.json({ accepted: accepted.affectedRows });
  });
}
