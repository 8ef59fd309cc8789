import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readConfig } from '@etl/kit';
import { scriptsSettings, type ScriptsConfig } from '../config.js';
import { fileSettings } from '../files/file-settings.js';
import { createRunner, runSettings } from '../runs/run-settings.js';
import { spawnInterpreter } from '../runs/runner/interpreter-process.js';
import { makeRunFolder, removeRunFolder } from '../runs/runner/run-folder.js';
import { ConcurrencyGate } from '../concurrency/concurrency-gate.js';
import type { ScriptRunner } from '../runs/runner/script-runner.js';

/**
 * What a run costs beyond the script itself: the ScriptRunner with the default limits runs a `main`
 * that returns at once, 200 times in a row (p50/p95/p99/mean), then splits that time into its
 * parts (a bare interpreter start through the same spawn path, the bootstrap's own imports, the
 * run folder) and measures runs per second through the run gate at concurrency 1, 2 and 4.
 * Run: `node subgraphs/scripts/dist/bench/runner-bench.js` (BENCH_RUNS=200 changes the count).
 */

const RUNS = Number(process.env.BENCH_RUNS ?? 200);
const WARM_UP = 10;
const TRIVIAL = 'def main(data):\n    return {}\n';
const CONCURRENCIES = [1, 2, 4];

/** Every setting a runner reads: defaults, or the environment's SCRIPT_*, FILE* and PYTHON_PATH. */
function runnerConfig(): ScriptsConfig {
  return readConfig({ PYTHON_PATH: scriptsSettings.PYTHON_PATH, ...runSettings, ...fileSettings }) as ScriptsConfig;
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

async function throughput(runner: ScriptRunner, concurrency: number): Promise<number> {
  const slots = new ConcurrencyGate(concurrency, RUNS);
  const t0 = performance.now();
  await Promise.all(
    Array.from({ length: RUNS }, async () => {
      const release = await slots.acquire();
      try {
        await trivialRun(runner);
      } finally {
        release();
      }
    }),
  );
  return RUNS / ((performance.now() - t0) / 1000);
}

function row(name: string, summary: Summary): string {
  const cells = [summary.p50, summary.p95, summary.p99, summary.mean].map((ms) => ms.toFixed(1).padStart(7));
  return `${name.padEnd(52)} | ${cells.join(' | ')}`;
}

async function main(): Promise<void> {
  const config = runnerConfig();
  const runner = createRunner(config);
  const python = config.PYTHON_PATH;
  const cwd = await mkdtemp(join(tmpdir(), 'etl-runner-bench-'));
  const flags = config.SCRIPT_SITE_PACKAGES ? ['-I', '-B'] : ['-I', '-S', '-B'];
  try {
    console.log(
      `script runner benchmark: ${RUNS} runs per line, ${python} ${flags.join(' ')}, ` +
        `memory ${config.SCRIPT_MEMORY_MB} MiB, timeout ${config.SCRIPT_TIMEOUT_SECONDS} s`,
    );
    console.log(`${'what'.padEnd(52)} |  p50 ms |  p95 ms |  p99 ms | mean ms`);
    const full = summarise(await timeEach(RUNS, () => trivialRun(runner)));
    console.log(row('full run: main returns at once', full));
    const bare = summarise(await timeEach(RUNS, () => startAndWait(python, [...flags, '-c', 'pass'], cwd)));
    console.log(row(`  bare interpreter: ${flags.join(' ')} -c pass`, bare));
    const withImports = summarise(
      await timeEach(RUNS, () => startAndWait(python, [...flags, '-c', 'import json, os, resource, sys'], cwd)),
    );
    console.log(row('  + bootstrap imports (json, os, resource, sys)', withImports));
    const folder = summarise(await timeEach(RUNS, async () => removeRunFolder((await makeRunFolder(cwd)).path)));
    console.log(row('  run folder: mkdtemp + in/ out/ tmp/ + rm', folder));
    const rest = full.mean - withImports.mean - folder.mean;
    console.log(`${'  rest: limits, request, compile, reply (mean)'.padEnd(52)} | ${rest.toFixed(1).padStart(7)}`);
    console.log('');
    console.log('concurrency | runs/s');
    for (const concurrency of CONCURRENCIES) {
      const perSecond = await throughput(runner, concurrency);
      console.log(`${String(concurrency).padStart(11)} | ${perSecond.toFixed(1).padStart(6)}`);
    }
  } finally {
    await rm(cwd, { recursive: true, force: true });
  }
}

await main();
