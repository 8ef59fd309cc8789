import { errorCodes } from '@etl/testkit';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { expectError } from '../support/bad-input-fixtures.js';
import { userWithRole } from '../support/permission-callers.js';
import { scriptFixtures } from '../support/permission-fixtures.js';
import { python, useRunsStack, type ScriptRef } from '../support/runs-fixtures.js';

/**
 * Cancelling runs through the real gateway: a running run is killed and ends CANCELLED, a queued
 * one ends CANCELLED without ever running, a run cancelled through another instance (its row
 * marked) stops too; only the starter or scripts:admin may cancel, and a finished run cannot be.
 */

/** Runs for a minute unless stopped, after saying it started. */
const LONG = python(`
  import time

  def main(data):
      print("started", flush=True)
      time.sleep(60)
      return {"finished": True}
`);

describe('cancelScriptRun', () => {
  // One run at a time, so that a second one waits in the queue.
  const h = useRunsStack({
    RUNNER_CONCURRENCY: '1',
    SCRIPT_QUEUE_SIZE: '4',
    RUNNER_HEARTBEAT_MS: '200',
    SCRIPT_PROGRESS_INTERVAL_MS: '100',
  });
  let long: ScriptRef;

  beforeAll(async () => {
    long = await h.newScript(LONG, 'long');
  });

  /**
   * Starts a run of LONG as `token` and waits until it is listed with `status` (and, running, has
   * said so in its output); returns its id and its request.
   */
  async function started(status: 'RUNNING' | 'QUEUED', token = h.admin) {
    const before = new Set((await h.runsOf(long.id, 100)).map((run) => run.id));
    const request = h.runs('RunScript', { path: long.logicalPath }, token);
    const run = await vi.waitFor(
      async () => {
        const fresh = (await h.runsOf(long.id, 100)).find((listed) => !before.has(listed.id));
        expect(fresh?.status).toBe(status);
        if (status === 'RUNNING')
          expect((await h.runs('ScriptRun', { id: fresh!.id })).data!.scriptRun.stdout).toBe('started\n');
        return fresh!;
      },
      { timeout: 10_000, interval: 50 },
    );
    return { id: run.id, request };
  }

  const cancel = (id: string, token = h.admin) => h.runs('CancelScriptRun', { id }, token);

  it('kills a running run, which ends CANCELLED for its waiting caller too', async () => {
    const { id, request } = await started('RUNNING');
    const response = await cancel(id);
    expect(errorCodes(response), response.text).toEqual([]);
    expect(response.data!.cancelScriptRun).toMatchObject({
      id,
      status: 'CANCELLED',
      error: { code: 'CANCELLED', message: 'the run was cancelled' },
      result: null,
      cancelRequestedAt: expect.any(String),
      finishedAt: expect.any(String),
    });
    const waited = (await request).data!.runScript;
    expect(waited).toMatchObject({ id, status: 'CANCELLED', stdout: 'started\n' });
    // Killed long before the minute it would have slept.
    expect(waited.durationMs).toBeLessThan(30_000);
  });

  it('ends a queued run CANCELLED without running it', async () => {
    const first = await started('RUNNING');
    const second = await started('QUEUED');

    const response = await cancel(second.id);
    expect(errorCodes(response), response.text).toEqual([]);
    expect(response.data!.cancelScriptRun).toMatchObject({ id: second.id, status: 'CANCELLED', startedAt: null });

    expect(errorCodes(await cancel(first.id))).toEqual([]);
    const [firstRun, secondRun] = await Promise.all([first.request, second.request]);
    expect(firstRun.data!.runScript).toMatchObject({ status: 'CANCELLED' });
    expect(secondRun.data!.runScript).toMatchObject({
      id: second.id,
      status: 'CANCELLED',
      startedAt: null,
      stdout: '',
    });
  });

  it('stops a run whose cancellation came through another instance (its row marked)', async () => {
    const { id, request } = await started('RUNNING');
    // What cancelScriptRun on another instance leaves behind: the mark, and nothing told here.
    await h.stack.scripts.orm.em
      .getConnection()
      .execute('update script_runs set cancel_requested_at = now() where id = ?', [id]);
    const run = (await request).data!.runScript;
    expect(run).toMatchObject({ id, status: 'CANCELLED', error: { code: 'CANCELLED' } });
  });

  it("lets the starter cancel their own run, refuses another user's, and lets scripts:admin", async () => {
    const fixtures = await scriptFixtures(h.stack);
    const operator = await userWithRole(fixtures, 'operator');
    const other = await userWithRole(fixtures, 'operator');
    const { id, request } = await started('RUNNING', operator.accessToken);

    expectError(await cancel(id, other.accessToken), 'FORBIDDEN', "another operator's cancel");
    expect((await h.runs('ScriptRun', { id })).data!.scriptRun).toMatchObject({
      status: 'RUNNING',
      cancelRequestedAt: null,
    });
    const anonymous = await h.stack.operation('runs', 'CancelScriptRun', { variables: { id } });
    expectError(anonymous, 'UNAUTHENTICATED', 'nobody signed in');

    const own = await cancel(id, operator.accessToken);
    expect(errorCodes(own), own.text).toEqual([]);
    expect((await request).data!.runScript.status).toBe('CANCELLED');

    const byAdmin = await started('RUNNING', operator.accessToken);
    expect((await cancel(byAdmin.id)).data!.cancelScriptRun.status).toBe('CANCELLED');
    await byAdmin.request;
  });

  it('refuses a finished run (CONFLICT), an unknown one (NOT_FOUND) and a malformed id (BAD_USER_INPUT)', async () => {
    const quick = await h.newScript('def main(data):\n    return {}\n', 'quick');
    const done = await h.run(quick.logicalPath);
    expectError(await cancel(done.id), 'CONFLICT', 'a finished run');
    expect((await h.runs('ScriptRun', { id: done.id })).data!.scriptRun).toMatchObject({
      status: 'SUCCEEDED',
      cancelRequestedAt: null,
    });
    expectError(await cancel('00000000-0000-7000-8000-000000000000'), 'NOT_FOUND', 'an unknown run');
    expectError(await cancel('not-a-run-id'), 'BAD_USER_INPUT', 'a malformed id', 'id');
  });
});
