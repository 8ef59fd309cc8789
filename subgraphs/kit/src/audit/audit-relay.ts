import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '../logging/logger.js';
import { BACKGROUND_SQL_TAG } from '../db/sql-statement-counter.js';
import { GATEWAY_SECRET_HEADER } from '../trust/gateway-proof.js';
import { MAX_AUDIT_EVENTS_PER_DELIVERY, type DeliveredAuditEvent } from './audit-delivery.js';

/** An outbox row as PostgreSQL answers it. */
interface OutboxRow {
  id: string;
  occurred_at: Date;
  action: string;
  actor_id: string | null;
  actor_login: string | null;
  session_id: string | null;
  target_type: string;
  target_id: string | null;
  request_id: string;
  client_address: string | null;
  details: Record<string, unknown> | null;
}

function delivered(row: OutboxRow): DeliveredAuditEvent {
  return {
    id: row.id,
    occurredAt: new Date(row.occurred_at).toISOString(),
    action: row.action,
    actorId: row.actor_id,
    actorLogin: row.actor_login,
    sessionId: row.session_id,
    targetType: row.target_type,
    targetId: row.target_id,
    requestId: row.request_id,
    clientAddress: row.client_address,
    details: row.details,
  };
}

export interface AuditRelayOptions {
  /** The log's intake: the users subgraph's `/internal/audit-events`. */
  url: string;
  /** GATEWAY_SECRET, which the intake asks for. */
  secret: string;
  /** Time between deliveries when nothing nudges the relay (retries after a failure too). */
  intervalMs: number;
}

/**
 * Delivers a subgraph's audit outbox to the audit log: oldest first, a batch at a time, and
 * deletes what the log accepted. At least once: a batch whose answer is lost is sent again, and
 * the log ignores event ids it already has. A mutation's response nudges it (so events show up
 * in the log within moments); the timer retries while the log is unreachable, and nothing is
 * lost meanwhile, since the rows stay in the outbox. Every instance of a subgraph relays the
 * same table; two sending one row is harmless for the same reason.
 */
export class AuditRelay {
  private timer: NodeJS.Timeout | null = null;
  private delivering: Promise<void> | null = null;
  private again = false;
  private failing = false;
  private stopped = false;

  constructor(
    private readonly orm: MikroORM,
    private readonly options: AuditRelayOptions,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (this.timer || this.stopped) return;
    this.nudge();
    this.timer = setInterval(() => this.nudge(), this.options.intervalMs);
    this.timer.unref();
  }

  /** Delivers soon; a nudge during a delivery makes one more round after it. */
  nudge(): void {
    if (this.stopped) return;
    if (this.delivering) {
      this.again = true;
      return;
    }
    this.delivering = this.deliverAll().finally(() => {
      this.delivering = null;
      if (this.again) {
        this.again = false;
        this.nudge();
      }
    });
  }

  /** Stops the timer after one last delivery, before the database closes. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.delivering;
    this.again = false;
    await this.deliverAll();
    this.stopped = true;
  }

  /** Delivers until the outbox is empty or the log refuses; failures are logged once per outage. */
  private async deliverAll(): Promise<void> {
    try {
      while ((await this.deliverBatch()) === MAX_AUDIT_EVENTS_PER_DELIVERY);
      if (this.failing) this.logger.info('audit events are delivered again');
      this.failing = false;
    } catch (error) {
      if (!this.failing) {
        this.logger.warn({ err: error }, 'audit log unreachable: events wait in the outbox and are sent later');
      }
      this.failing = true;
    }
  }

  /** Plain SQL, tagged as background work: it is no request's cost (SqlStatementCounter). */
  private async deliverBatch(): Promise<number> {
    const connection = this.orm.em.getConnection();
    const rows = await connection.execute<OutboxRow[]>(
      `${BACKGROUND_SQL_TAG} select * from "audit_events" order by "occurred_at", "id" limit ?`,
      [MAX_AUDIT_EVENTS_PER_DELIVERY],
    );
    if (!rows.length) return 0;
    const response = await fetch(this.options.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [GATEWAY_SECRET_HEADER]: this.options.secret },
      body: JSON.stringify({ events: rows.map(delivered) }),
      signal: AbortSignal.timeout(10_000),
    });
    // Read to the end whatever the status: undici frees a connection whose body is left unread
    // only when the response is garbage-collected, so a relay that reads none holds one more
    // socket to the users subgraph after every mutation, and requests queue behind them.
    await response.arrayBuffer();
    if (!response.ok) throw new Error(`audit log answered HTTP ${response.status}`);
    const ids = rows.map((row) => row.id);
    await connection.execute(
      `${BACKGROUND_SQL_TAG} delete from "audit_events" where "id" in (${ids.map(() => '?').join(', ')})`,
      ids,
    );
    return rows.length;
  }
}
