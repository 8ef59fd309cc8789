import { RateLimitedError } from '@etl/kit';

/** How much one slot hold counts in the running average that estimates a wait. */
const HOLD_WEIGHT = 0.2;

/**
 * A gate for work that starts a process (script runs, content checks): `concurrency` at once, up
 * to `queueSize` more waiting their turn first come first served, and any further one refused
 * (RATE_LIMITED) rather than queued without bound. A freed slot passes straight to the longest
 * waiter.
 */
export class ConcurrencyGate {
  private taken = 0;
  private readonly queue: Array<(release: () => void) => void> = [];
  /** Running average of how long a slot is held, for the Retry-After of a refusal. */
  private averageHoldMs = 1000;

  constructor(
    private readonly concurrency: number,
    private readonly queueSize: number = Number.POSITIVE_INFINITY,
    /** What waits here, for the refusal's message (`script runs`). */
    private readonly what = 'script runs',
  ) {}

  get running(): number {
    return this.taken;
  }

  get waiting(): number {
    return this.queue.length;
  }

  /** Whether `acquire` would be refused now: every slot taken and the queue full. */
  get full(): boolean {
    return this.taken >= this.concurrency && this.queue.length >= this.queueSize;
  }

  /** A slot now, or null when all are taken (it never jumps the queue: a full gate has no free slot). */
  tryAcquire(): (() => void) | null {
    if (this.taken >= this.concurrency) return null;
    this.taken += 1;
    return this.releaser();
  }

  /** Waits for a slot; rejects with RateLimitedError at once when `queueSize` runs already wait. */
  acquire(): Promise<() => void> {
    const release = this.tryAcquire();
    if (release) return Promise.resolve(release);
    if (this.queue.length >= this.queueSize) {
      const retryAfterSeconds = this.estimatedWaitSeconds();
      return Promise.reject(
        new RateLimitedError(
          `Too many ${this.what}: ${this.taken} running and ${this.queue.length} waiting; try again in ${retryAfterSeconds} s`,
          retryAfterSeconds,
        ),
      );
    }
    return new Promise((resolve) => this.queue.push(resolve));
  }

  /** Releasing twice (a `finally` after an error path) frees the slot once. */
  private releaser(): () => void {
    const since = performance.now();
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.averageHoldMs += HOLD_WEIGHT * (performance.now() - since - this.averageHoldMs);
      const next = this.queue.shift();
      if (next) next(this.releaser());
      else this.taken -= 1;
    };
  }

  /** Until the whole queue ahead and this one would have had a slot, at the average hold. */
  private estimatedWaitSeconds(): number {
    const turnsAhead = Math.ceil((this.queue.length + 1) / this.concurrency);
    return Math.max(1, Math.ceil((turnsAhead * this.averageHoldMs) / 1000));
  }
}
