import 'reflect-metadata';
import { SqlStatementCounter } from '@etl/kit';
import { readScriptsConfig, startScriptsSubgraph, type RunningScriptsSubgraph } from '@etl/scripts';
import type { RunningRunner } from '@etl/runner';
import { startTestRunner } from '@etl/runner/testing';
import { testGateway } from '@etl/gateway/testing';
import { postGraphQL, startTestStack, type TestStack } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import setupDatabase from '@etl/testkit/global-setup';

/**
 * `runScript` end to end: a `main` that returns at once, run through the gateway and on the
 * scripts subgraph alone, so that the cost of GraphQL, the queue and the process can be told
 * apart (`pnpm bench:runner` measures the process and the sandbox alone); the time from a run
 * stored to its interpreter started (the queue's overhead plus the sandbox's set-up); SQL
 * statements per run on each side; then throughput with one and two runners of
 * RUNNER_CONCURRENCY 2. Prints figures; asserts nothing. `pnpm bench:runs`.
 */
const RUNS = Number(process.env.BENCH_RUNS || 200);
const RUN = 'mutation($p: String!, $i: JSON) { runScript(path: $p, input: $i) { id status result durationMs } }';
const QUICK = 'def main(data):\n    return data\n';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

interface BenchStack {
  stack: TestStack;
  scripts: RunningScriptsSubgraph;
  runners: RunningRunner[];
}

async function startStack(runnerCount: number, concurrency: number): Promise<BenchStack> {
  const runners: RunningRunner[] = [];
  const stack = await startTestStack({
    users: usersSubgraph(),
    gateway: testGateway,
    subgraphs: [
      {
        name: 'scripts',
        start: async ({ env, createDatabase }) => {
          const settings = {
            ...env,
            DATABASE_URL: await createDatabase(),
            FILES_DIR: `${process.env.TMPDIR || '/tmp'}/etl-bench-files-${process.pid}`,
            RUNNER_CONCURRENCY: String(concurrency),
            SCRIPT_QUEUE_SIZE: '1000',
          };
          const scripts = await startScriptsSubgraph(readScriptsConfig(settings));
          for (let i = 0; i < runnerCount; i++) runners.push(await startTestRunner(settings));
          scripts.service.onStop(async () => {
            await Promise.all(runners.map((runner) => runner.stop()));
          });
          return scripts;
        },
      },
    ],
  });
  return { stack, scripts: stack.subgraphs.scripts as RunningScriptsSubgraph, runners };
}

/** Milliseconds from each run stored to its interpreter started, over every run of the stack. */
async function storedToStart(scripts: RunningScriptsSubgraph): Promise<string> {
  const rows = await scripts.orm.em
    .getConnection()
    .execute<Array<{ ms: number }>>(
      'select extract(epoch from started_at - created_at) * 1000 as ms from script_runs where started_at is not null',
    );
  const times = rows.map((row) => Number(row.ms)).sort((a, b) => a - b);
  const ms = (p: number) => percentile(times, p).toFixed(1).padStart(6);
  return `p50 ${ms(50)} ms   p99 ${ms(99)} ms   (${times.length} runs)`;
}

async function run(url: string, token: string): Promise<void> {
  const answer = await postGraphQL(url, RUN, { token, variables: { p: 'bench.py', i: { n: 1 } } });
  if (answer.errors || answer.data?.runScript.status !== 'SUCCEEDED') throw new Error(answer.text.slice(0, 500));
}

async function latency(url: string, token: string): Promise<string> {
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    const started = performance.now();
    await run(url, token);
    times.push(performance.now() - started);
  }
  times.sort((a, b) => a - b);
  const ms = (p: number) => percentile(times, p).toFixed(1).padStart(6);
  return `p50 ${ms(50)} ms   p95 ${ms(95)} ms   p99 ${ms(99)} ms`;
}

async function throughput(url: string, token: string, clients: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (next++ < RUNS) await run(url, token);
    }),
  );
  return RUNS / ((performance.now() - started) / 1000);
}

async function createBenchScript(stack: TestStack, token: string): Promise<void> {
  const created = await postGraphQL(
    stack.gatewayUrl,
    'mutation($c: String!) { createScript(input: { name: "bench.py", content: $c }) { id } }',
    { token, variables: { c: QUICK } },
  );
  if (created.errors) throw new Error(created.text);
}

async function main(): Promise<void> {
  const teardown = await setupDatabase();
  try {
    console.log(`runScript benchmark: ${RUNS} runs per line, a main that returns its input (node ${process.version})`);
    const { stack, scripts, runners } = await startStack(1, 2);
    try {
      const admin = await stack.adminToken();
      await createBenchScript(stack, admin);
      for (let i = 0; i < 5; i++) await run(stack.gatewayUrl, admin);
      const counter = new SqlStatementCounter(scripts.orm);
      const runnerCounter = new SqlStatementCounter(runners[0]!.orm);
      await run(scripts.url, admin);
      counter.stop();
      runnerCounter.stop();
      console.log(
        `SQL statements per run: ${counter.count} on the scripts subgraph, ${runnerCounter.count} by the runner ` +
          "(besides graphile-worker's own: take and complete the job)",
      );
      console.log(`runScript on the scripts subgraph: ${await latency(scripts.url, admin)}`);
      console.log(`runScript through the gateway:     ${await latency(stack.gatewayUrl, admin)}`);
      console.log(`run stored to interpreter started: ${await storedToStart(scripts)}`);
    } finally {
      await stack.stop();
    }
    console.log('\nrunners x RUNNER_CONCURRENCY | clients | runs/s through the gateway');
    for (const runnerCount of [1, 2]) {
      const { stack } = await startStack(runnerCount, 2);
      try {
        const admin = await stack.adminToken();
        await createBenchScript(stack, admin);
        const clients = runnerCount * 4;
        const rate = await throughput(stack.gatewayUrl, admin, clients);
        console.log(`${`${runnerCount} x 2`.padStart(28)} | ${String(clients).padStart(7)} | ${rate.toFixed(1)}`);
      } finally {
        await stack.stop();
      }
    }
  } finally {
    await teardown();
  }
}

await main();
