import { type AppError, ErrorCode, RateLimitedError } from '@etl/kit';
import { describe, expect, it } from 'vitest';
import { ConcurrencyGate } from '../src/concurrency/concurrency-gate.js';

/** The concurrency gate on its own: slots, the FIFO queue, refusals, idempotent releases. */

describe('ConcurrencyGate', () => {
  it('gives up to `concurrency` slots at once, then none', () => {
    const slots = new ConcurrencyGate(2, 4);
    expect(slots.tryAcquire()).toBeTypeOf('function');
    expect(slots.tryAcquire()).toBeTypeOf('function');
    expect(slots.tryAcquire()).toBeNull();
    expect(slots.running).toBe(2);
    expect(slots.waiting).toBe(0);
  });

  it('hands a freed slot to the waiters first come first served', async () => {
    const slots = new ConcurrencyGate(1, 4);
    const first = slots.tryAcquire()!;
    const order: number[] = [];
    const waiters = [1, 2, 3].map((n) =>
      slots.acquire().then((release) => {
        order.push(n);
        return release;
      }),
    );
    expect(slots.waiting).toBe(3);
    first();
    const second = await waiters[0]!;
    expect(order).toEqual([1]);
    // The slot went to the waiter, not back to the pool: nobody else gets one meanwhile.
    expect(slots.tryAcquire()).toBeNull();
    expect(slots.running).toBe(1);
    second();
    (await waiters[1]!)();
    (await waiters[2]!)();
    expect(order).toEqual([1, 2, 3]);
    expect(slots.running).toBe(0);
    expect(slots.waiting).toBe(0);
  });

  it('refuses one more than queueSize waiters with RATE_LIMITED and a retry delay', async () => {
    const slots = new ConcurrencyGate(1, 2);
    slots.tryAcquire();
    const queued = [slots.acquire(), slots.acquire()];
    const refused = slots.acquire();
    await expect(refused).rejects.toBeInstanceOf(RateLimitedError);
    const error = (await refused.catch((caught: unknown) => caught)) as AppError;
    expect(error.extensions.code).toBe(ErrorCode.RATE_LIMITED);
    expect(error.extensions.retryAfterSeconds).toBeGreaterThanOrEqual(1);
    expect(slots.waiting).toBe(2);
    expect(queued).toHaveLength(2);
  });

  it('refuses at once with a queue size of 0', async () => {
    const slots = new ConcurrencyGate(1, 0);
    slots.tryAcquire();
    await expect(slots.acquire()).rejects.toBeInstanceOf(RateLimitedError);
  });

  it('frees a slot once however often its release is called', async () => {
    const slots = new ConcurrencyGate(2, 4);
    const a = slots.tryAcquire()!;
    slots.tryAcquire();
    const waiter = slots.acquire();
    a();
    a();
    a();
    await waiter;
    // Still two running (the waiter and the second): the repeated calls freed nothing more.
    expect(slots.running).toBe(2);
    expect(slots.tryAcquire()).toBeNull();
  });

  it('never runs more than `concurrency` at once under a burst', async () => {
    const slots = new ConcurrencyGate(3, 100);
    let running = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 40 }, async () => {
        const release = await slots.acquire();
        running += 1;
        most = Math.max(most, running);
        await new Promise((resolve) => setTimeout(resolve, Math.random() * 5));
        running -= 1;
        release();
      }),
    );
    expect(most).toBe(3);
    expect(slots.running).toBe(0);
  });
});
