import { AuditEvent, type Logger } from '@etl/kit';
import type { MikroORM } from '@mikro-orm/postgresql';

const DAY_MS = 24 * 60 * 60 * 1000;
const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/**
 * Deletes audit events older than AUDIT_RETENTION_DAYS: at start, then every hour, until the
 * subgraph drains. 0 keeps them for ever. Every instance sweeps; two at once delete the same
 * rows twice, harmlessly.
 */
export class AuditRetention {
  private timer: NodeJS.Timeout | null = null;
  private sweeping: Promise<unknown> | null = null;

  constructor(
    private readonly orm: MikroORM,
    private readonly retentionDays: number,
    private readonly logger: Logger,
  ) {}

  start(): void {
    if (!this.retentionDays || this.timer) return;
    const tick = () => {
      this.sweeping ??= this.sweep()
        .catch((error: unknown) => this.logger.error({ err: error }, 'the sweep of old audit events failed'))
        .finally(() => {
          this.sweeping = null;
        });
    };
    tick();
    this.timer = setInterval(tick, SWEEP_INTERVAL_MS).unref();
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.sweeping;
  }

  /** Deletes what is older than the retention; answers how many events went. */
  async sweep(now = new Date()): Promise<number> {
    const before = new Date(now.getTime() - this.retentionDays * DAY_MS);
    const deleted = await this.orm.em.fork().nativeDelete(AuditEvent, { occurredAt: { $lt: before } });
    if (deleted) this.logger.info({ deleted, retentionDays: this.retentionDays }, 'deleted old audit events');
    return deleted;
  }
}
