import { startTestRunner } from '@etl/runner/testing';
import { LostRunReaper } from '@etl/runner';
import { createLogger } from '@etl/kit';
import { describe, expect, it, vi } from 'vitest';
import { ScriptRun } from '../../src/runs/script-run.entity.js';
import { ScriptRunStatus } from '../../src/runs/script-run-status.js';
import { python, useRunsStack } from '../support/runs-fixtures.js';

/**
 * Runs whose runner goes away: a stopping runner lets its runs finish for a grace period, then
 * kills them and hands them back to the queue, where another runner takes them; a run whose
 * runner died (its heartbeat stale) is retried or ended KILLED/INTERRUPTED by the reaper, as
 * RUN_INTERRUPTED_POLICY says. Never is a run left RUNNING. (A runner killed with SIGKILL, as
 * its own process: runs-runner-killed.test.ts.)
 */
describe('interrupted runs', () => {
  const h = useRunsStack({ RUNNER_SHUTDOWN_GRACE_SECONDS: '1', RUNNER_HEARTBEAT_MS: '100' });

  const SLEEPER = python(`
    import time

    def main(data):
        print("started", flush=True)
        time.sleep(data["seconds"])
        return {"slept": data["seconds"]}
  `);

  const statusOf = async (id: string) => (await h.runs('ScriptRun', { id })).data!.scriptRun;
  const attemptsOf = async (id: string) =>
    (await h.stack.scripts.orm.em.fork().findOneOrFail(ScriptRun, { id })).attempts;

  it('hands a run still going at the end of the grace period back to the queue; another runner ends it', async () => {
    const script = await h.newScript(SLEEPER, 'handed-back');
    const started = (await h.runs('StartScriptRun', { path: script.logicalPath, input: { seconds: 4 } })).data!
      .startScriptRun;
    await vi.waitFor(async () => expect((await statusOf(started.id)).stdout).toBe('started\n'), {
      timeout: 15_000,
      interval: 50,
    });

    await h.stack.scripts.runner!.stop();
    expect(await statusOf(started.id)).toMatchObject({ status: 'QUEUED', startedAt: null, stdout: '' });
    // Handing back does not count as a start.
    expect(await attemptsOf(started.id)).toBe(0);

    const next = await startTestRunner(h.stack.scripts.env);
    try {
      await vi.waitFor(async () => expect((await statusOf(started.id)).status).toBe('SUCCEEDED'), {
        timeout: 20_000,
        interval: 100,
      });
      expect(await statusOf(started.id)).toMatchObject({ result: { slept: 4 } });
      expect(await attemptsOf(started.id)).toBe(1);
    } finally {
      await next.stop();
    }
  });

  /** A run row as a dead runner leaves it: RUNNING, its heartbeat `ageMs` old. */
  async function lostRun(attempts: number) {
    const script = await h.newScript('def main(data):\n    return {}\n', 'abandoned');
    const run = new ScriptRun({
      scriptId: script.id,
      logicalPath: script.logicalPath,
      version: 1,
      startedById: '00000000-0000-4000-8000-000000000001',
      status: ScriptRunStatus.RUNNING,
      input: {},
      inputFiles: [],
    });
    run.heartbeatAt = new Date(Date.now() - 60_000);
    run.startedAt = run.heartbeatAt;
    run.runnerId = 'a-dead-worker';
    run.attempts = attempts;
    await h.stack.scripts.orm.em.fork().insert(run);
    return run;
  }

  const reaper = (policy: 'retry' | 'fail') =>
    new LostRunReaper(
      h.stack.scripts.orm.em.fork(),
      { lostAfterMs: 30_000, policy, maxAttempts: 3 },
      createLogger('test', 'silent'),
    );

  it('ends a run whose runner died KILLED/INTERRUPTED under the fail policy', async () => {
    const lost = await lostRun(1);
    const fresh = await lostRun(1);
    await h.stack.scripts.orm.em.fork().nativeUpdate(ScriptRun, { id: fresh.id }, { heartbeatAt: new Date() });

    expect(await reaper('fail').sweep()).toBe(1);
    expect(await statusOf(lost.id)).toMatchObject({
      status: 'KILLED',
      error: { code: 'INTERRUPTED', message: 'the runner running it stopped' },
      finishedAt: expect.any(String),
    });
    expect((await statusOf(fresh.id)).status).toBe('RUNNING');
  });

  it('queues a run whose runner died again under the retry policy, until it has no starts left', async () => {
    const retried = await lostRun(1);
    const spent = await lostRun(3);
    expect(await reaper('retry').sweep()).toBe(2);
    expect(await statusOf(retried.id)).toMatchObject({ status: 'QUEUED', startedAt: null });
    expect(await statusOf(spent.id)).toMatchObject({ status: 'KILLED', error: { code: 'INTERRUPTED' } });
  });

  /** The queue's rows for a run, whatever their key: a retired job has none, but still its payload. */
  const jobsOf = async (runId: string) =>
    h.stack.scripts.orm.em.fork().execute<Array<{ key: string | null; locked: boolean; failed: boolean }>>(
      `select key, locked_at is not null as locked, attempts >= max_attempts as failed
           from graphile_worker._private_jobs where payload->>'runId' = ?`,
      [runId],
    );

  it('leaves no failed job behind when it queues again a run whose dead runner held its job', async () => {
    const lost = await lostRun(1);
    const em = h.stack.scripts.orm.em.fork();
    // The job as the dead runner left it: taken, and locked by it.
    await em.execute('select 1 from graphile_worker.add_job(?, json_build_object(?, cast(? as text)), job_key => ?)', [
      'run-script',
      'runId',
      lost.id,
      lost.id,
    ]);
    await em.execute(
      `update graphile_worker._private_jobs set locked_at = now() - interval '1 minute', locked_by = ? where key = ?`,
      ['a-dead-worker', lost.id],
    );

    expect(await reaper('retry').sweep()).toBe(1);
    // One job for the run, under its key (none once a live runner has run it); no retired copy
    // of the old one, which no runner would ever take or delete.
    const jobs = await jobsOf(lost.id);
    expect(jobs.length).toBeLessThanOrEqual(1);
    for (const job of jobs) expect(job).toMatchObject({ key: lost.id, failed: false });
  });
});
