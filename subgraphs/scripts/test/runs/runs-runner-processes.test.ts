import { spawnRunnerProcess, type RunnerProcess } from '@etl/runner/testing';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ScriptRun } from '../../src/runs/script-run.entity.js';
import { python, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * Runners as their own processes on one shared queue, through the real gateway: a runner killed
 * with SIGKILL mid-run loses no run (a restarted runner's reaper retries those it held, none is
 * left RUNNING), two runners share the queue, and the queue serves users in a fair order.
 */

const SLEEPER = python(`
  import time

  def main(data):
      time.sleep(data.get("seconds", 0))
      return {"n": data["n"]}
`);

describe('runner processes', () => {
  const h = useRunsStack({}, { runner: false });
  const runners: RunnerProcess[] = [];
  let sleeper: ScriptRef;

  beforeAll(async () => {
    sleeper = await h.newScript(SLEEPER, 'sleeper');
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });

  /** A runner process on the stack's database and files, with `env` on top. */
  async function runner(env: Record<string, string> = {}): Promise<RunnerProcess> {
    const started = await spawnRunnerProcess({
      ...h.stack.scripts.env,
      PORT: '0',
      RUNNER_HEARTBEAT_MS: '200',
      RUNNER_LOST_AFTER_SECONDS: '2',
      RUNNER_SHUTDOWN_GRACE_SECONDS: '1',
      ...env,
    });
    runners.push(started);
    return started;
  }

  const start = async (input: Record<string, unknown>, token?: string) => {
    const response = await h.runs('StartScriptRun', { path: sleeper.logicalPath, input }, token);
    expect(response.errors, response.text).toBeUndefined();
    return response.data!.startScriptRun.id as string;
  };
  const rows = (ids: string[]) => h.stack.scripts.orm.em.fork().find(ScriptRun, { id: { $in: ids } });
  const statuses = async (ids: string[]) => (await rows(ids)).map((run) => run.status).sort();

  it('loses no run when a runner is killed with SIGKILL mid-run: a restarted runner retries them', async () => {
    const first = await runner({ RUNNER_CONCURRENCY: '2' });
    const ids = await Promise.all([1, 2, 3, 4].map((n) => start({ n, seconds: 2 })));
    await expect.poll(() => statuses(ids), { timeout: 15_000, interval: 50 }).toContain('RUNNING');

    await first.kill();
    const held = (await rows(ids)).filter((run) => run.status === 'RUNNING').map((run) => run.id);
    expect(held.length).toBeGreaterThan(0);

    await runner({ RUNNER_CONCURRENCY: '2' });
    await expect
      .poll(() => statuses(ids), { timeout: 40_000, interval: 200 })
      .toEqual(['SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    const ended = await rows(ids);
    // The runs the killed runner held were started a second time; the others once.
    for (const run of ended) expect(run.attempts, run.id).toBe(held.includes(run.id) ? 2 : 1);
    expect(ended.map((run) => run.runnerId)).toEqual([null, null, null, null]);
  }, 90_000);

  it('shares the queue between two runners: each takes runs', async () => {
    await Promise.all([runner({ RUNNER_CONCURRENCY: '1' }), runner({ RUNNER_CONCURRENCY: '1' })]);
    const ids = await Promise.all([1, 2].map((n) => start({ n, seconds: 2 })));
    // One run at a time each: both running at once means both runners took one.
    await expect.poll(() => statuses(ids), { timeout: 15_000, interval: 50 }).toEqual(['RUNNING', 'RUNNING']);
    const holders = new Set((await rows(ids)).map((run) => run.runnerId));
    expect(holders.size).toBe(2);
    await expect.poll(() => statuses(ids), { timeout: 20_000, interval: 100 }).toEqual(['SUCCEEDED', 'SUCCEEDED']);
  }, 60_000);

  it("runs one user's single run before the rest of another user's many", async () => {
    const other = await h.stack.createUser(['operator']);
    const many: string[] = [];
    for (let n = 1; n <= 5; n += 1) many.push(await start({ n }));
    const single = await start({ n: 99 }, other.accessToken);

    await runner({ RUNNER_CONCURRENCY: '1' });
    await expect
      .poll(async () => (await statuses([...many, single])).every((status) => status === 'SUCCEEDED'), {
        timeout: 30_000,
        interval: 100,
      })
      .toBe(true);
    const byId = new Map((await rows([...many, single])).map((run) => [run.id, run.startedAt!.getTime()]));
    const order = [...byId.entries()].sort((a, b) => a[1] - b[1]).map(([id]) => id);
    // Both users' first runs come first (the first user's was queued earlier), then the rest.
    expect(order.indexOf(single)).toBe(1);
    expect(order.filter((id) => id !== single)).toEqual(many);
  }, 60_000);
});
