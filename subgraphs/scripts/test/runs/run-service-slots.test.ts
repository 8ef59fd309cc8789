import { Caller, type Logger } from '@etl/kit';
import type { EntityManager } from '@mikro-orm/postgresql';
import { describe, expect, it } from 'vitest';
import type { FileStore } from '../../src/files/store/file-store.js';
import { RunService } from '../../src/runs/run.service.js';
import { RunSlots } from '../../src/runs/runner/run-slots.js';
import type { ScriptRunner } from '../../src/runs/runner/script-runner.js';
import type { ScriptService } from '../../src/scripts/script.service.js';

/**
 * RunService and its slots when storing a run fails (the database refuses the row, or is gone):
 * the request fails, and the slot it held or was waiting for is not lost. A queued run that fails
 * before its turn came used to leave its turn to nobody: with SCRIPT_CONCURRENCY 1 every later
 * run waited for ever. No gateway here: nothing a client sends can make the insert fail any more
 * (unstorable input keys are refused first), so the database is stood in for.
 */

const SCRIPT = { id: '00000000-0000-4000-8000-000000000001', logicalPath: 'a.py', version: 1, releasedVersion: null };

function serviceWith(slots: RunSlots): RunService {
  const scripts = { byPath: async () => SCRIPT } as unknown as ScriptService;
  const runner = { run: async () => Promise.reject(new Error('the runner must not be reached')) };
  const store = { head: async () => null } as unknown as FileStore;
  const logger = { error: () => undefined, warn: () => undefined } as unknown as Logger;
  const options = { inputLimitBytes: 1024, maxFiles: 10, maxFileBytes: 1024 };
  return new RunService(scripts, runner as unknown as ScriptRunner, slots, store, options, logger);
}

/** An entity manager whose every write fails, as when the database refuses the row. */
const failingEm = {
  findOne: async () => ({ content: 'def main(data):\n    return {}\n' }),
  persistAndFlush: async () => Promise.reject(new Error('insert refused')),
  flush: async () => Promise.reject(new Error('update refused')),
} as unknown as EntityManager;

const caller = new Caller('00000000-0000-4000-8000-000000000002', 'operator', ['scripts:execute'], {});
const args = { path: 'a.py', input: {}, files: [], version: null };
const settle = () => new Promise((resolve) => setImmediate(resolve));

describe('RunService slots when a run cannot be stored', () => {
  it('frees the slot of a run that got one at once', async () => {
    const slots = new RunSlots(1, 1);
    await expect(serviceWith(slots).run(failingEm, caller, args)).rejects.toThrow('insert refused');
    expect(slots.running).toBe(0);
    expect(slots.waiting).toBe(0);
  });

  it('hands on the turn of a queued run that failed before its turn came', async () => {
    const slots = new RunSlots(1, 1);
    const running = slots.tryAcquire()!;
    await expect(serviceWith(slots).run(failingEm, caller, args)).rejects.toThrow('insert refused');
    expect(slots.waiting).toBe(1);

    running();
    await settle();
    expect(slots.waiting).toBe(0);
    expect(slots.running).toBe(0);
    // The instance still runs scripts: a slot is free for the next run.
    const next = slots.tryAcquire();
    expect(next).toBeTypeOf('function');
    next!();
  });
});
