import { spawnRunnerProcess, type RunnerProcess } from '@etl/runner/testing';
import { afterAll, afterEach, beforeAll, describe, expect, it, onTestFailed } from 'vitest';
import { ScriptRun } from '../../src/runs/script-run.entity.js';
import { python, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';
import { createRunnerRole, type RunnerRole } from '../support/runner-role.js';

/**
 * Issue 12's drill, with real processes through the real gateway: 20 runs of a 10-second script
 * started with startScriptRun all end SUCCEEDED although their runner is killed with SIGKILL in
 * the middle and started again (none lost, none left RUNNING); then cancelScriptRun ends a
 * running run CANCELLED within 2 s. The runner runs as a process of its own with only a runner's
 * settings: its restricted database role (scripts grant-runner), the file store, its limits.
 * The figures (how long the 20 runs took, the cancel latency) are printed.
 */

const TEN_SECONDS = python(`
  import time

  def main(data):
      print("started", flush=True)
      time.sleep(data.get("seconds", 10))
      return {"n": data["n"]}
`);

const RUNS = 20;

describe('the kill drill: 20 runs, a runner killed with SIGKILL mid-run, then a cancel', () => {
  const h = useRunsStack({}, { runner: false });
  const runners: RunnerProcess[] = [];
  let script: ScriptRef;
  let role: RunnerRole;

  beforeAll(async () => {
    script = await h.newScript(TEN_SECONDS, 'ten-seconds');
    role = await createRunnerRole(h.stack.scripts.orm, 'drill');
  });
  afterEach(async () => {
    await Promise.all(runners.splice(0).map((runner) => runner.stop()));
  });
  afterAll(async () => {
    await role?.drop();
  });

  /**
   * A runner process with what a deployment gives it and nothing else: no owner URL, no link
   * key, no token settings. All 20 runs fit at once; a dead runner's runs are noticed after 2 s.
   */
  async function startRunner(): Promise<RunnerProcess> {
    const runner = await spawnRunnerProcess({
      NODE_ENV: 'development',
      PORT: '0',
      DATABASE_URL: role.url,
      FILE_STORE: 'local',
      FILES_DIR: h.stack.scripts.env.FILES_DIR!,
      RUNNER_CONCURRENCY: String(RUNS + 1),
      RUNNER_HEARTBEAT_MS: '200',
      RUNNER_LOST_AFTER_SECONDS: '2',
      RUNNER_SHUTDOWN_GRACE_SECONDS: '1',
      RUN_INTERRUPTED_POLICY: 'retry',
      RUN_MAX_ATTEMPTS: '3',
      SCRIPT_TIMEOUT_SECONDS: '60',
    });
    runners.push(runner);
    // What it logged (its errors), for a failing test's report.
    onTestFailed(() => console.error(`runner output:\n${runner.output().slice(-30_000)}`));
    return runner;
  }

  const start = async (input: Record<string, unknown>) => {
    const response = await h.runs('StartScriptRun', { path: script.logicalPath, input });
    expect(response.errors, response.text).toBeUndefined();
    expect(response.data!.startScriptRun.status).toBe('QUEUED');
    return response.data!.startScriptRun.id as string;
  };
  const rows = (ids: string[]) => h.stack.scripts.orm.em.fork().find(ScriptRun, { id: { $in: ids } });
  const statuses = async (ids: string[]) => (await rows(ids)).map((run) => run.status);
  const count = (list: string[], status: string) => list.filter((item) => item === status).length;

  it('ends all 20 runs SUCCEEDED across a SIGKILL of their runner, none lost or left RUNNING', async () => {
    const first = await startRunner();
    const began = performance.now();
    const ids = await Promise.all(Array.from({ length: RUNS }, (_, n) => start({ n })));
    expect(new Set(ids).size).toBe(RUNS);
    // The middle: every run started, none finished (each sleeps 10 s).
    await expect.poll(async () => count(await statuses(ids), 'RUNNING'), { timeout: 60_000, interval: 100 }).toBe(RUNS);
    await new Promise((resolve) => setTimeout(resolve, 3000));

    await first.kill();
    const killedAt = performance.now();
    const held = (await rows(ids)).filter((run) => run.status === 'RUNNING').map((run) => run.id);
    expect(held.length, 'runs the killed runner held').toBeGreaterThan(0);

    await startRunner();
    // Each run's status (and error), so that a failure shows what became of the others.
    const outcomes = async () =>
      (await rows(ids)).map((run) => (run.error ? `${run.status} ${JSON.stringify(run.error)}` : run.status)).sort();
    await expect
      .poll(outcomes, { timeout: 120_000, interval: 250 })
      .toEqual(Array.from({ length: RUNS }, () => 'SUCCEEDED'));
    const tookSeconds = (performance.now() - began) / 1000;

    // Through the gateway, as a client sees them: every run, ended, with its own result.
    for (const [n, id] of ids.entries()) {
      const run = (await h.runs('ScriptRun', { id })).data!.scriptRun;
      expect(run, id).toMatchObject({ id, status: 'SUCCEEDED', result: { n }, error: null });
    }
    const ended = await rows(ids);
    expect(ended).toHaveLength(RUNS);
    // Held runs started a second time; any the killed runner had not started, once.
    for (const run of ended) expect(run.attempts, run.id).toBe(held.includes(run.id) ? 2 : 1);
    expect(ended.every((run) => run.runnerId === null)).toBe(true);
    console.log(
      `kill drill: ${RUNS} runs of 10 s took ${tookSeconds.toFixed(1)} s from the first start to the last end, ` +
        `${held.length} retried after the SIGKILL at ${((killedAt - began) / 1000).toFixed(1)} s`,
    );
  }, 240_000);

  it('ends a running run CANCELLED within 2 s of cancelScriptRun', async () => {
    await startRunner();
    const id = await start({ n: 0, seconds: 60 });
    await expect.poll(async () => (await rows([id]))[0]?.status, { timeout: 60_000, interval: 100 }).toBe('RUNNING');
    await expect
      .poll(async () => (await h.runs('ScriptRun', { id })).data!.scriptRun.stdout, { timeout: 20_000, interval: 100 })
      .toBe('started\n');

    const asked = performance.now();
    const response = await h.runs('CancelScriptRun', { id });
    expect(response.errors, response.text).toBeUndefined();
    // Ended: the row final and let go by its runner, whose process of the run is gone.
    await expect
      .poll(async () => (await rows([id])).map((run) => ({ status: run.status, runner: run.runnerId })), {
        timeout: 2000,
        interval: 20,
      })
      .toEqual([{ status: 'CANCELLED', runner: null }]);
    const latencyMs = performance.now() - asked;
    const run = (await h.runs('ScriptRun', { id })).data!.scriptRun;
    expect(run).toMatchObject({ status: 'CANCELLED', error: { code: 'CANCELLED' }, result: null });
    console.log(`kill drill: cancelScriptRun to CANCELLED in ${latencyMs.toFixed(0)} ms`);
  }, 120_000);
});
