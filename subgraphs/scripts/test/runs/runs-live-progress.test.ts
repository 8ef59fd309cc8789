import { describe, expect, it, vi } from 'vitest';
import { python, useRunsStack } from '../support/runs-fixtures.js';

/**
 * Following a run while it runs, through the real gateway: polling `scriptRun(id)` shows it
 * RUNNING with the tail of what it printed so far, and the final record has the whole output.
 */

const CHATTY = python(`
  import sys, time

  def main(data):
      print("loading wells")
      print("warning: 2 wells without depth", file=sys.stderr)
      time.sleep(3)
      print("done")
      return {"wells": 12}
`);

describe('a running run, followed by polling', () => {
  const h = useRunsStack({ SCRIPT_PROGRESS_INTERVAL_MS: '100' });

  it('shows RUNNING with the output so far, then the whole output at the end', async () => {
    const script = await h.newScript(CHATTY, 'chatty');
    const finished = h.run(script.logicalPath);

    const [{ id }] = await vi.waitFor(
      async () => {
        const listed = await h.runsOf(script.id);
        expect(listed).toHaveLength(1);
        return listed;
      },
      { timeout: 5000, interval: 50 },
    );
    const live = await vi.waitFor(
      async () => {
        const response = await h.runs('ScriptRun', { id });
        const run = response.data!.scriptRun;
        expect(run.stdout).toContain('loading wells');
        return run;
      },
      { timeout: 5000, interval: 50 },
    );
    expect(live).toMatchObject({ status: 'RUNNING', stdout: 'loading wells\n', result: null, finishedAt: null });
    expect(live.stderr).toBe('warning: 2 wells without depth\n');

    const run = await finished;
    expect(run).toMatchObject({
      status: 'SUCCEEDED',
      stdout: 'loading wells\ndone\n',
      stderr: 'warning: 2 wells without depth\n',
      result: { wells: 12 },
    });
    const stored = (await h.runs('ScriptRun', { id })).data!.scriptRun;
    expect(stored).toMatchObject({ status: 'SUCCEEDED', stdout: 'loading wells\ndone\n' });
  });
});
