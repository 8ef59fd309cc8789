import 'reflect-metadata';
import { mkdirSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import setupDatabase from '@etl/testkit/global-setup';
import { seedBenchData } from './bench-data.js';
import { checkOperation, generateLoad, requestFor } from './bench-load.js';
import { benchOperations, type BenchOperation } from './bench-operations.js';
import {
  machineInfo,
  markdownTables,
  summariseOperations,
  GATEWAYS,
  type RunRecord,
  type TargetName,
} from './bench-report.js';
import { readBenchSettings, type BenchSettings } from './bench-settings.js';
import { startBenchStack, type BenchStack } from './bench-stack.js';
import { measureGatewayMemory, type MemoryReport } from './gateway-memory.js';

/**
 * `pnpm bench`: the issue's operations through each subgraph alone (the floor, where an
 * operation stays in one), our gateway, a stock @apollo/gateway and Hive Gateway, all in front
 * of the same subgraph processes, with the load generator in a process of its own. Targets are
 * interleaved and the whole is repeated, since the machine is shared. Prints Markdown tables
 * and writes the figures as JSON under bench/results/. Flags: `--short` (a smoke run),
 * `--scale 10` (ten times the data), `--memory` (our gateway's RSS over many requests),
 * `--profile` (CPU profiles of the gateways and subgraphs, in bench/profiles/).
 */
const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));

function targetsOf(operation: BenchOperation, round: number, only: string[] | null): TargetName[] {
  const targets = ([...(operation.floor ? ['floor' as const] : []), ...GATEWAYS] as TargetName[]).filter(
    (target) => !only || only.includes(target),
  );
  if (!targets.length) return [];
  const shift = round % targets.length;
  return [...targets.slice(shift), ...targets.slice(0, shift)];
}

async function measure(
  stack: BenchStack,
  operation: BenchOperation,
  target: TargetName,
  settings: BenchSettings,
  round: number,
): Promise<RunRecord> {
  const measured = target === 'floor' ? stack.subgraphs[operation.floor!] : stack.gateways[target];
  // Long enough for the warm-up, the run and its slowest answer, with a minute to spare.
  const minSeconds = settings.warmupSeconds + settings.seconds + 90;
  const connections = operation.connections ?? settings.connections;
  const request = {
    ...requestFor(measured.url, operation, await stack.token(minSeconds), connections),
    ...(settings.callers === 'distinct' ? { callerTokens: await stack.callerTokens(connections, minSeconds) } : {}),
  };
  await stack.settle();
  if (round === 0) {
    await generateLoad({ ...request, seconds: settings.warmupSeconds });
    await stack.settle();
  }
  const { result, usage } = await measured.process.measure(() =>
    generateLoad({ ...request, seconds: settings.seconds }),
  );
  if (result.errors)
    console.error(`${operation.name} through ${target}: ${result.errors} errors, first: ${result.firstError}`);
  return { round, operation: operation.name, target, process: measured.name, ...result, ...usage };
}

async function runRounds(stack: BenchStack, operations: BenchOperation[], settings: BenchSettings) {
  const runs: RunRecord[] = [];
  for (let round = 0; round < settings.rounds; round++) {
    for (const operation of operations) {
      for (const target of targetsOf(operation, round, settings.targets)) {
        const record = await measure(stack, operation, target, settings, round);
        runs.push(record);
        console.log(
          `round ${round + 1}/${settings.rounds}  ${operation.name.padEnd(12)} ${target.padEnd(6)} ${record.requestsPerSecond.toFixed(0).padStart(6)} req/s  p50 ${record.p50Ms} ms  errors ${record.errors}`,
        );
      }
    }
  }
  return runs;
}

function writeResults(settings: BenchSettings, report: object): string {
  const dir = settings.resultsDir ?? join(repoRoot, 'bench', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const path = join(dir, `${stamp}-${settings.mode}${settings.scale > 1 ? `-x${settings.scale}` : ''}.json`);
  writeFileSync(path, `${JSON.stringify(report, null, 2)}\n`);
  return path;
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const settings = readBenchSettings(args, process.env);
  const profileDir = args.includes('--profile') ? join(repoRoot, 'bench', 'profiles') : undefined;
  const machine = machineInfo();
  const began = performance.now();
  const secondsSince = (start: number) => Math.round((performance.now() - start) / 1000);
  const teardownDatabase = await setupDatabase();
  const seeding = performance.now();
  const data = await seedBenchData(settings);
  const seedSeconds = (performance.now() - seeding) / 1000;
  let stack: BenchStack | null = null;
  try {
    const starting = performance.now();
    stack = await startBenchStack(data, profileDir);
    const startSeconds = secondsSince(starting);
    const operations = benchOperations(data.bigFolderId).filter(
      (operation) => !settings.operations || settings.operations.includes(operation.name),
    );
    console.log(
      `${settings.mode} run: ${data.counts.users} users, ${data.counts.folders} folders, ${data.counts.scripts} scripts, ${data.counts.runs} runs (seeded in ${seedSeconds.toFixed(0)} s, services started in ${startSeconds} s); ${settings.rounds} rounds of ${settings.seconds} s per target, ${settings.callers === 'distinct' ? 'each connection its own caller' : 'every connection one caller'}; ${machine.cpus} CPUs (${machine.cpuModel}), node ${machine.node}, load average ${machine.loadAverageAtStart.join(' ')}\n`,
    );
    for (const operation of operations) {
      const token = await stack.token(60);
      const urls = [
        ...(operation.floor ? [stack.subgraphs[operation.floor].url] : []),
        ...GATEWAYS.map((g) => stack!.gateways[g].url),
      ];
      for (const url of urls) {
        const failure = await checkOperation(url, operation, token);
        if (failure) console.error(`measured all the same, but ${failure}`);
      }
    }
    const measuring = performance.now();
    const runs = await runRounds(stack, operations, settings);
    const roundsSeconds = secondsSince(measuring);
    let memory: MemoryReport | null = null;
    const memoryStart = performance.now();
    if (settings.memory) memory = await measureGatewayMemory(stack, operations[0]!, settings);
    const timings = {
      seedSeconds: Math.round(seedSeconds),
      startSeconds,
      roundsSeconds,
      memorySeconds: settings.memory ? secondsSince(memoryStart) : 0,
      totalSeconds: secondsSince(began),
    };
    machine.loadAverageAtEnd = loadavg().map((value) => Math.round(value * 10) / 10);
    const summaries = summariseOperations(operations, runs);
    const tables = markdownTables(summaries);
    const path = writeResults(settings, {
      settings,
      machine,
      timings,
      data: data.counts,
      operations: summaries,
      memory,
      runs,
    });
    console.log(`\n${tables}`);
    if (memory)
      console.log(
        `our gateway's RSS over ${memory.requests} requests (MiB): ${memory.rssMiB.map((v) => v.toFixed(0)).join(' → ')}; ${memory.errors} errors${memory.firstError ? `, the first: ${memory.firstError}` : ''}`,
      );
    console.log(
      `\ntook ${(timings.totalSeconds / 60).toFixed(1)} min (seeding ${timings.seedSeconds} s, starting ${timings.startSeconds} s, rounds ${timings.roundsSeconds} s${settings.memory ? `, memory ${timings.memorySeconds} s` : ''}, before stopping); load average at the end: ${machine.loadAverageAtEnd.join(' ')}; figures in ${path}`,
    );
  } finally {
    await stack?.stop();
    await data.drop();
    await teardownDatabase();
  }
}

await main();
