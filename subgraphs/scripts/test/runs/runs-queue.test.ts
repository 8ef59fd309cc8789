import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expectError } from '../support/bad-input-fixtures.js';
import { python, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * The run queue through the real gateway, with a runner that runs one script at a time and a
 * user allowed one more run waiting: a third run while one runs and one waits is refused at once
 * with RATE_LIMITED (and a Retry-After), stores nothing, and the two accepted runs both end. The first run holds its
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
  // The gate is a file on the host, which a sandboxed run cannot see: these runs are plain
  // processes (the queue is what is tested here, not isolation).
  const h = useRunsStack({
    RUNNER_CONCURRENCY: '1',
    SCRIPT_QUEUE_SIZE: '1',
    SCRIPT_TIMEOUT_SECONDS: '30',
    SCRIPT_SANDBOX: 'off',
  });
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
  const POLL = { timeout: 15_000, interval: 25 };

  it('queues one run behind a running one and refuses a third with RATE_LIMITED, storing nothing of it', async () => {
    const gate = join(dir, 'open-first');
    const storedBefore = await h.storedRuns();

    const first = h.runs('RunScript', { path: gated.logicalPath, input: { n: 1, gate } });
    await expect.poll(statuses, POLL).toEqual(['RUNNING']);

    const second = h.runs('RunScript', { path: gated.logicalPath, input: { n: 2 } });
    // The newest first: the second waits while the first still runs.
    await expect.poll(statuses, POLL).toEqual(['QUEUED', 'RUNNING']);

    const third = await h.runs('RunScript', { path: gated.logicalPath, input: { n: 3 } });
    expectError(third, 'RATE_LIMITED', 'the third run');
    expect(third.errors![0]!.extensions!.retryAfterSeconds).toEqual(expect.any(Number));
    expect(third.errors![0]!.extensions!.retryAfterSeconds as number).toBeGreaterThanOrEqual(1);
    // Another script is refused as well: the limit is the user's waiting runs, not the script's.
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

  /** Makes the database refuse rows of runs with `status` (a real refusal, as a full disk would give). */
  const refuseRows = (status: 'QUEUED' | 'RUNNING') =>
    h.stack.scripts.orm.em
      .getConnection()
      .execute(`alter table script_runs add constraint refuse_runs check (status <> '${status}') not valid`);
  const acceptRows = () =>
    h.stack.scripts.orm.em.getConnection().execute('alter table script_runs drop constraint refuse_runs');

  const jobs = async () =>
    Number(
      (await h.stack.scripts.orm.em.getConnection().execute('select count(*) as n from graphile_worker.jobs'))[0]!.n,
    );

  it('stores neither the run nor its job when the run row cannot be stored', async () => {
    const [storedBefore, jobsBefore] = [await h.storedRuns(), await jobs()];
    await refuseRows('QUEUED');
    try {
      expectError(
        await h.runs('RunScript', { path: gated.logicalPath, input: { n: 5 } }),
        'INTERNAL_SERVER_ERROR',
        'a refused row',
      );
    } finally {
      await acceptRows();
    }
    expect([await h.storedRuns(), await jobs()]).toEqual([storedBefore, jobsBefore]);
    expect(await h.run(gated.logicalPath, { input: { n: 6 } })).toMatchObject({ status: 'SUCCEEDED' });
  });

  it('keeps a run queued while the database refuses its start, and runs it once it accepts', async () => {
    await refuseRows('RUNNING');
    let started: { id: string };
    try {
      const response = await h.runs('StartScriptRun', { path: gated.logicalPath, input: { n: 7 } });
      expect(errorCodes(response), response.text).toEqual([]);
      started = response.data!.startScriptRun;
      // The runner's claim fails: its job fails and graphile-worker retries it later (with backoff).
      await expect
        .poll(
          async () =>
            (
              await h.stack.scripts.orm.em
                .getConnection()
                .execute('select attempts from graphile_worker.jobs where key = ?', [started.id])
            )[0]?.attempts,
          POLL,
        )
        .toBeGreaterThanOrEqual(1);
      expect((await h.runs('ScriptRun', { id: started.id })).data!.scriptRun.status).toBe('QUEUED');
    } finally {
      await acceptRows();
    }
    await expect
      .poll(async () => (await h.runs('ScriptRun', { id: started.id })).data!.scriptRun, {
        timeout: 30_000,
        interval: 100,
      })
      .toMatchObject({ status: 'SUCCEEDED', result: { n: 7 } });
  });
});
