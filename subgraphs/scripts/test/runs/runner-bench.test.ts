import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const bench = fileURLToPath(new URL('../../dist/bench/runner-bench.js', import.meta.url));

/**
 * The runner benchmark (`pnpm bench:runner`) still runs end to end, on a handful of runs: a
 * benchmark nobody can start reports nothing. Its figures are not looked at here.
 */
describe('pnpm bench:runner', () => {
  it('prints the overhead table and the throughput at concurrency 1, 2 and 4', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [bench], {
      env: { ...process.env, BENCH_RUNS: '3' },
    });
    expect(stdout).toMatch(/full run: main returns at once\s*\|\s*[\d.]+/);
    expect(stdout).toMatch(/bare interpreter/);
    for (const concurrency of [1, 2, 4]) expect(stdout).toMatch(new RegExp(`^\\s*${concurrency} \\|\\s*[\\d.]+`, 'm'));
  });
});
