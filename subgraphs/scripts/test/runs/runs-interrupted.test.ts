import pg from 'pg';
import { describe, expect, it, vi } from 'vitest';
import { failAbandonedRuns } from '../../src/runs/run-recovery.js';
import { ScriptRun } from '../../src/runs/script-run.entity.js';
import { ScriptRunStatus } from '../../src/runs/script-run-status.js';
import { useRunsStack } from '../support/runs-fixtures.js';

/**
 * Runs whose instance goes away: a stopping instance kills its runs and writes their end before
 * its database pool closes; a new instance marks runs left behind by a dead one. Real processes
 * and a real database, read directly once the service is gone.
 */
describe('interrupted runs', () => {
  const h = useRunsStack({ SHUTDOWN_DRAIN_MS: '300' });

  it('marks runs older than any live run as KILLED/INTERRUPTED, and leaves recent and finished ones', async () => {
    const script = await h.newScript('def main(data):\n    return {}\n', 'abandoned');
    const em = h.stack.scripts.orm.em.fork();
    const row = (status: ScriptRunStatus, ageMs: number) => {
      const run = new ScriptRun({
        scriptId: script.id,
        logicalPath: script.logicalPath,
        version: 1,
        startedById: '00000000-0000-4000-8000-000000000001',
        status,
        input: {},
        inputFiles: [],
      });
      run.createdAt = new Date(Date.now() - ageMs);
      return run;
    };
    const lost = [row(ScriptRunStatus.RUNNING, 3_600_000), row(ScriptRunStatus.QUEUED, 3_600_000)];
    const live = row(ScriptRunStatus.RUNNING, 1_000);
    const done = row(ScriptRunStatus.SUCCEEDED, 3_600_000);
    await em.insertMany([...lost, live, done]);

    expect(await failAbandonedRuns(em, 600_000)).toBe(2);
    const statuses = Object.fromEntries(
      (await h.runsOf(script.id)).map((run: { id: string; status: string }) => [run.id, run.status]),
    );
    expect(statuses).toEqual({
      [lost[0]!.id]: 'KILLED',
      [lost[1]!.id]: 'KILLED',
      [live.id]: 'RUNNING',
      [done.id]: 'SUCCEEDED',
    });
    const read = await h.runs('ScriptRun', { id: lost[0]!.id });
    // Its starter here is no account at all: the run still reads, with startedBy null.
    expect(read.data!.scriptRun.startedBy).toBeNull();
    expect(read.data!.scriptRun.error).toEqual({
      code: 'INTERRUPTED',
      message: 'the service instance running it stopped',
    });
  });

  it('kills a running script when the service stops, and stores the run as KILLED/INTERRUPTED', async () => {
    const script = await h.newScript('import time\n\ndef main(data):\n    time.sleep(60)\n', 'sleeper');
    const databaseUrl = h.stack.scripts.orm.config.get('clientUrl')!;
    const pending = h.runs('RunScript', { path: script.logicalPath });
    const [running] = await vi.waitFor(
      async () => {
        const runs = await h.runsOf(script.id);
        expect(runs[0]).toMatchObject({ status: 'RUNNING' });
        return runs;
      },
      { timeout: 15_000, interval: 25 },
    );

    await h.stack.scripts.stop();
    await pending.catch(() => undefined);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    try {
      const { rows } = await client.query('select status, error, finished_at from script_runs where id = $1', [
        running!.id,
      ]);
      expect(rows).toEqual([
        {
          status: 'KILLED',
          error: { code: 'INTERRUPTED', message: expect.stringContaining('service stopped') },
          finished_at: expect.any(Date),
        },
      ]);
    } finally {
      await client.end();
    }
  });
});
