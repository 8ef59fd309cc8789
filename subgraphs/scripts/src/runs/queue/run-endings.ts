import { setTimeout as sleep } from 'node:timers/promises';
import type { Logger } from '@etl/kit';
import pg from 'pg';
import { RUN_ENDED_CHANNEL } from './run-queue.js';

/** How soon a lost connection is opened again. */
const RECONNECT_MS = 1000;

/**
 * Tells `runScript` when its run ended, wherever it ran: runners NOTIFY `script_run_ended` with
 * the run's id in the transaction that writes the end, and this instance LISTENs on one
 * connection of its own. A notification sent while that connection was down is missed, so a
 * waiter also asks `isEnded` every `recheckMs`; the answer costs no statement when all goes well.
 */
export class RunEndings {
  private readonly waiters = new Map<string, Set<() => void>>();
  private client: pg.Client | null = null;
  private stopped = false;
  private connecting: Promise<void> | null = null;

  constructor(
    private readonly url: string,
    private readonly recheckMs: number,
    private readonly logger: Logger,
  ) {}

  /** Connects and listens; rejects when the database cannot be reached at all. */
  async start(): Promise<void> {
    await this.connect();
  }

  /**
   * Resolves when the run ended (true) or `timeoutMs` passed (false), whichever comes first.
   * `isEnded` is asked after each `recheckMs` without a notification.
   */
  async waitFor(runId: string, timeoutMs: number, isEnded: () => Promise<boolean>): Promise<boolean> {
    const until = Date.now() + timeoutMs;
    let notified = false;
    const waiting = new AbortController();
    const wake = () => {
      notified = true;
      waiting.abort();
    };
    const set = this.waiters.get(runId) ?? new Set();
    set.add(wake);
    this.waiters.set(runId, set);
    try {
      for (;;) {
        const left = until - Date.now();
        if (left <= 0) return false;
        await sleep(Math.min(left, this.recheckMs), null, { signal: waiting.signal }).catch(() => null);
        if (notified || (await isEnded())) return true;
      }
    } finally {
      set.delete(wake);
      if (!set.size) this.waiters.delete(runId);
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    await this.connecting?.catch(() => undefined);
    await this.client?.end().catch(() => undefined);
    this.client = null;
  }

  private connect(): Promise<void> {
    this.connecting ??= (async () => {
      const client = new pg.Client({ connectionString: this.url });
      client.on('notification', (message) => {
        for (const wake of this.waiters.get(message.payload ?? '') ?? []) wake();
      });
      client.on('error', (error) => this.reconnect(client, error));
      client.on('end', () => this.reconnect(client, null));
      await client.connect();
      await client.query(`LISTEN ${RUN_ENDED_CHANNEL}`);
      this.client = client;
    })().finally(() => {
      this.connecting = null;
    });
    return this.connecting;
  }

  /** A dropped connection is opened again until it works; waiters recheck meanwhile. */
  private reconnect(lost: pg.Client, error: Error | null): void {
    if (this.stopped || this.client !== lost) return;
    this.client = null;
    this.logger.warn({ err: error }, 'lost the connection that hears of run ends; reconnecting');
    void (async () => {
      while (!this.stopped && !this.client) {
        await sleep(RECONNECT_MS);
        await this.connect().catch((failure: unknown) =>
          this.logger.warn({ err: failure }, 'cannot listen for run ends yet'),
        );
      }
    })();
  }
}
