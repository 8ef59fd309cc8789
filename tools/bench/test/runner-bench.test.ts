import { describe, expect, it } from 'vitest';
import { runnerOverhead } from '../src/runner-overhead.js';

/**
 * The runner benchmark (`pnpm bench:runner`) still runs end to end, on a handful of runs: a
 * benchmark nobody can start reports nothing. It runs from the sources, so no build is needed;
 * its figures are not looked at here.
 */
describe('pnpm bench:runner', () => {
  it('prints the overhead table and the throughput at concurrency 1, 2 and 4', async () => {
    const lines: string[] = [];
    await runnerOverhead(3, (line) => lines.push(line));
    const stdout = lines.join('\n');
    expect(stdout).toMatch(/full run: main returns at once\s*\|\s*[\d.]+/);
    expect(stdout).toMatch(/bare interpreter/);
    // bubblewrap is installed where the tests run (the sandbox's own tests need it).
    expect(stdout).toMatch(/full run in bubblewrap \((with|without) a cgroup per run\)\s*\|\s*[\d.]+/);
    for (const concurrency of [1, 2, 4]) {
      expect(stdout).toMatch(new RegExp(`^\\s*${concurrency} \\|\\s*[\\d.]+ \\|\\s*[\\d.]+$`, 'm'));
    }
  });
});
