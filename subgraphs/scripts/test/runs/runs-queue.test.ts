import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/bad-input-fixtures.js';
import { eventually, python, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * The run queue through the real gateway, on an instance that runs one script at a time and lets
 * one more wait: a third run while one runs and one waits is refused at once with RATE_LIMITED
 * (and a Retry-After), stores nothing, and the two accepted runs both end. The first run holds its
 * slot until the test opens a gate file, so the test never depends on how long anything takes.
 */

/** Waits until the gate file exists (or ~20 s, a safety net), then returns what it was given. */
const GATED = python(`
  import os, time

  def main(data):
      gate = data.get("gate")
      deadline = time.monotonic() + 20
      while gate and not os.path.exists(gate) and time.monotonic() < deadline:
          time.sleep(0.02)
      return {"n": data["n"], "gate_open": bool(gate) and os.path.exists(gate)}
`);

describe('the run queue through the gateway', () => {
  const h = useRunsStack({ SCRIPT_CONCURRENCY: '1', SCRIPT_QUEUE_SIZE: '1', SCRIPT_TIMEOUT_SECONDS: '30' });
  let dir: string;
  let gated: ScriptRef;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'runs-queue-'));
    gated = await h.newScript(GATED, 'gated');
  });
  afterAll(async () => {
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  const statuses = async () => (await h.runsOf(gated.id)).map((run) => run.status);

  it('queues one run behind a running one and refuses a third with RATE_LIMITED, storing nothing of it', async () => {
    const gate = join(dir, 'open-first');
    const storedBefore = await h.storedRuns();

    const first = h.runs('RunScript', { path: gated.logicalPath, input: { n: 1, gate } });
    expect(await eventually(statuses, (s) => s.join() === 'RUNNING')).toEqual(['RUNNING']);

    const second = h.runs('RunScript', { path: gated.logicalPath, input: { n: 2 } });
    // The newest first: the second waits while the first still runs.
    expect(await eventually(statuses, (s) => s.length === 2)).toEqual(['QUEUED', 'RUNNING']);

    const third = await h.runs('RunScript', { path: gated.logicalPath, input: { n: 3 } });
    expectError(third, 'RATE_LIMITED', 'the third run');
    expect(third.errors![0]!.extensions!.retryAfterSeconds).toEqual(expect.any(Number));
    expect(third.errors![0]!.extensions!.retryAfterSeconds as number).toBeGreaterThanOrEqual(1);
    // Another script is refused as well: the queue is the instance's, not the script's.
    const other = await h.newScript('def main(data):\n    return {}\n', 'other');
    expectError(await h.runs('RunScript', { path: other.logicalPath }), 'RATE_LIMITED', 'a run of another script');
    expect(await statuses()).toEqual(['QUEUED', 'RUNNING']);

    await writeFile(gate, '');
    const [firstRun, secondRun] = await Promise.all([first, second]);
    for (const response of [firstRun, secondRun]) expect(errorCodes(response), response.text).toEqual([]);
    expect(firstRun.data!.runScript).toMatchObject({ status: 'SUCCEEDED', result: { n: 1, gate_open: true } });
    expect(secondRun.data!.runScript).toMatchObject({ status: 'SUCCEEDED', result: { n: 2 } });
    // The second started only when the first had ended.
    expect(new Date(secondRun.data!.runScript.startedAt).getTime()).toBeGreaterThanOrEqual(
      new Date(firstRun.data!.runScript.finishedAt).getTime(),
    );

    const listed = await h.runsOf(gated.id);
    expect(listed).toEqual([
      expect.objectContaining({ id: secondRun.data!.runScript.id, status: 'SUCCEEDED' }),
      expect.objectContaining({ id: firstRun.data!.runScript.id, status: 'SUCCEEDED' }),
    ]);
    expect(await h.runsOf(other.id)).toEqual([]);
    expect(await h.storedRuns()).toBe(storedBefore + 2);
  });

  it('takes runs again once the queue has drained', async () => {
    const run = await h.run(gated.logicalPath, { input: { n: 4 } });
    expect(run).toMatchObject({ status: 'SUCCEEDED', result: { n: 4, gate_open: false } });
  });
});
