import { errorCodes } from '@etl/testkit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { expectError } from '../support/bad-input-fixtures.js';
import { python, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * Runs that outlast a request, through the real gateway: `startScriptRun` answers at once with
 * the stored run and the run goes on; `runScript` waits at most SCRIPT_RUN_WAIT_SECONDS, then
 * answers the run still RUNNING, and the run ends all the same.
 */

/** Sleeps as long as it is told, then says so. */
const SLEEPER = python(`
  import time

  def main(data):
      time.sleep(data.get("seconds", 0))
      return {"slept": data.get("seconds", 0)}
`);

describe('runs that outlast the request', () => {
  const h = useRunsStack({ SCRIPT_RUN_WAIT_SECONDS: '1', RUNNER_CONCURRENCY: '1', SCRIPT_QUEUE_SIZE: '1' });
  let sleeper: ScriptRef;

  beforeAll(async () => {
    sleeper = await h.newScript(SLEEPER, 'sleeper');
  });

  const final = (id: string) =>
    vi.waitFor(
      async () => {
        const run = (await h.runs('ScriptRun', { id })).data!.scriptRun;
        expect(['QUEUED', 'RUNNING']).not.toContain(run.status);
        return run;
      },
      { timeout: 20_000, interval: 100 },
    );

  const running = (id: string) =>
    vi.waitFor(async () => expect((await h.runs('ScriptRun', { id })).data!.scriptRun.status).toBe('RUNNING'), {
      timeout: 20_000,
      interval: 50,
    });

  it('startScriptRun answers the stored run at once, QUEUED; polling shows it end', async () => {
    const response = await h.runs('StartScriptRun', { path: sleeper.logicalPath, input: { seconds: 2 } });
    expect(errorCodes(response), response.text).toEqual([]);
    const started = response.data!.startScriptRun;
    expect(started).toMatchObject({ status: 'QUEUED', result: null, startedAt: null, finishedAt: null, version: 1 });
    expect(await final(started.id)).toMatchObject({ id: started.id, status: 'SUCCEEDED', result: { slept: 2 } });
  });

  it('startScriptRun answers QUEUED while another run holds the runner, and RATE_LIMITED past the queue', async () => {
    const first = must(await h.runs('StartScriptRun', { path: sleeper.logicalPath, input: { seconds: 2 } }));
    // The runner (one run at a time) takes it; the queue then holds one more of this user's runs.
    await running(first.id);
    const second = must(await h.runs('StartScriptRun', { path: sleeper.logicalPath, input: { seconds: 0 } }));
    expect(second).toMatchObject({ status: 'QUEUED', startedAt: null });
    const third = await h.runs('StartScriptRun', { path: sleeper.logicalPath });
    expectError(third, 'RATE_LIMITED', 'a third run');

    expect(await final(first.id)).toMatchObject({ status: 'SUCCEEDED' });
    const ended = await final(second.id);
    expect(ended).toMatchObject({ status: 'SUCCEEDED', result: { slept: 0 } });
    expect(new Date(ended.startedAt).getTime()).toBeGreaterThanOrEqual(
      new Date((await final(first.id)).finishedAt).getTime(),
    );
  });

  it('runScript answers a run still RUNNING past its wait, which then ends on its own', async () => {
    const response = await h.runs('RunScript', { path: sleeper.logicalPath, input: { seconds: 3 } });
    expect(errorCodes(response), response.text).toEqual([]);
    const answered = response.data!.runScript;
    expect(answered).toMatchObject({ status: 'RUNNING', result: null });
    expect(await final(answered.id)).toMatchObject({ status: 'SUCCEEDED', result: { slept: 3 } });
  });

  it('refuses what runScript refuses: an unknown path, input that is not an object, a missing permission', async () => {
    expectError(await h.runs('StartScriptRun', { path: 'no/such/script.py' }), 'NOT_FOUND', 'an unknown path');
    expectError(
      await h.runs('StartScriptRun', { path: sleeper.logicalPath, input: [1, 2] }),
      'BAD_USER_INPUT',
      'an array as input',
      'input',
    );
    const viewer = await h.stack.createUser([]);
    expectError(
      await h.runs('StartScriptRun', { path: sleeper.logicalPath }, viewer.accessToken),
      'FORBIDDEN',
      'a viewer',
    );
  });
});

function must(response: { data?: Record<string, any> | null; text: string; errors?: unknown }) {
  expect(errorCodes(response as never), response.text).toEqual([]);
  return response.data!.startScriptRun;
}
