import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createLogger, readConfig } from '@etl/kit';
import { ConcurrencyGate, fileSettings } from '@etl/scripts';
import {
  createRunner,
  createSandbox,
  makeRunFolder,
  removeRunFolder,
  runLimitSettings,
  runnerSettings,
  spawnInterpreter,
  type RunnerConfig,
  type ScriptRunner,
} from '@etl/runner';

/**
 * What a run costs beyond the script itself: the ScriptRunner with the default limits runs a `main`
 * that returns at once, 200 times in a row (p50/p95/p99/mean), then splits that time into its
 * parts (a bare interpreter start through the same spawn path, the bootstrap's own imports, the
 * run folder), the same full run in the bubblewrap sandbox (where it can run), and runs per second
 * through the run gate at concurrency 1, 2 and 4, as plain processes and sandboxed.
 * `pnpm bench:runner` runs it (BENCH_RUNS=200 changes the count); its test, on a handful of runs.
 */

const WARM_UP = 10;
const TRIVIAL = 'def main(data):\n    return {}\n';
const CONCURRENCIES = [1, 2, 4];

/** Every setting a runner reads: defaults, or the environment's SCRIPT_*, FILE* and PYTHON_PATH. */
function runnerConfig(): RunnerConfig {
  return readConfig({ PYTHON_PATH: runnerSettings.PYTHON_PATH, ...runLimitSettings, ...fileSettings }) as RunnerConfig;
}

interface Summary {
  p50: number;
  p95: number;
  p99: number;
  mean: number;
}

function summarise(times: number[]): Summary {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (p: number): number => sorted[Math.min(sorted.length - 1, Math.floor((sorted.length - 1) * p))]!;
  return { p50: at(0.5), p95: at(0.95), p99: at(0.99), mean: sorted.reduce((a, b) => a + b, 0) / sorted.length };
}

async function timeEach(count: number, task: () => Promise<unknown>): Promise<number[]> {
  for (let i = 0; i < WARM_UP; i++) await task();
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    await task();
    times.push(performance.now() - t0);
  }
  return times;
}

/** An interpreter started exactly as a run's is (no shell, own group, fixed env, four pipes). */
function startAndWait(python: string, args: string[], cwd: string): Promise<void> {
  return new Promise((resolve, reject) => {
    const child = spawnInterpreter(python, args, cwd);
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve() : reject(new Error(`${args.join(' ')} exited ${code}`))));
    child.stdin!.end();
  });
}

async function trivialRun(runner: ScriptRunner): Promise<void> {
  const outcome = await runner.run({ source: TRIVIAL, filename: 'bench/trivial.py', input: { n: 1 } });
  if (outcome.status !== 'SUCCEEDED') throw new Error(`trivial run ${outcome.status}: ${outcome.stderr}`);
}

async function throughput(runner: ScriptRunner, concurrency: number, runs: number): Promise<number> {
  const slots = new ConcurrencyGate(concurrency, runs);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: runs }, async () => {
      const release = await slots.acquire();
      try {
        await trivialRun(runner);
      } finally {
        release();
      }
    }),
  );
  return runs / ((performance.now() - t0) / 1000);
}

function row(name: string, summary: Summary): string {
  const cells = [summary.p50, summary.p95, summary.p99, summary.mean].map((ms) => ms.toFixed(1).padStart(7));
  return `${name.padEnd(52)} | ${cells.join(' | ')}`;
}

/** Runs the benchmark, `runs` times per line, and prints its table line by line through `print`. */
export async function runnerOverhead(runs: number, print: (line: string) => void = console.log): Promise<void> {
  const config = runnerConfig();
  const runner = createRunner(config);
  const python = config.PYTHON_PATH;
  const cwd = await mkdtemp(join(tmpdir(), 'etl-runner-bench-'));
  const flags = config.SCRIPT_SITE_PACKAGES ? ['-I', '-B'] : ['-I', '-S', '-B'];
  try {
    print(
      `script runner benchmark: ${runs} runs per line, ${python} ${flags.join(' ')}, ` +
        `memory ${config.SCRIPT_MEMORY_MB} MiB, timeout ${config.SCRIPT_TIMEOUT_SECONDS} s`,
    );
    print(`${'what'.padEnd(52)} |  p50 ms |  p95 ms |  p99 ms | mean ms`);
    const full = summarise(await timeEach(runs, () => trivialRun(runner)));
    print(row('full run: main returns at once', full));
    const bare = summarise(await timeEach(runs, () => startAndWait(python, [...flags, '-c', 'pass'], cwd)));
    print(row(`  bare interpreter: ${flags.join(' ')} -c pass`, bare));
    const withImports = summarise(
      await timeEach(runs, () => startAndWait(python, [...flags, '-c', 'import json, os, resource, sys'], cwd)),
    );
    print(row('  + bootstrap imports (json, os, resource, sys)', withImports));
    const folder = summarise(await timeEach(runs, async () => removeRunFolder((await makeRunFolder(cwd)).path)));
    print(row('  run folder: mkdtemp + in/ out/ tmp/ + rm', folder));
    const rest = full.mean - withImports.mean - folder.mean;
    print(`${'  rest: limits, request, compile, reply (mean)'.padEnd(52)} | ${rest.toFixed(1).padStart(7)}`);
    const sandbox = await createSandbox({ ...config, SCRIPT_SANDBOX: 'auto' }, createLogger('bench', 'silent'));
    const sandboxed = sandbox ? createRunner(config, sandbox) : null;
    if (sandboxed) {
      const cgroups = sandbox!.usesCgroups ? 'with' : 'without';
      print(
        row(
          `full run in bubblewrap (${cgroups} a cgroup per run)`,
          summarise(await timeEach(runs, () => trivialRun(sandboxed))),
        ),
      );
    } else {
      print('full run in bubblewrap: bubblewrap cannot run here');
    }
    print('');
    print(`concurrency | runs/s${sandboxed ? ' | sandboxed runs/s' : ''}`);
    for (const concurrency of CONCURRENCIES) {
      const perSecond = await throughput(runner, concurrency, runs);
      const inSandbox = sandboxed
        ? ` | ${(await throughput(sandboxed, concurrency, runs)).toFixed(1).padStart(17)}`
        : '';
      print(`${String(concurrency).padStart(11)} | ${perSecond.toFixed(1).padStart(6)}${inSandbox}`);
    }
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}
