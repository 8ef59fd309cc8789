import 'reflect-metadata';
import { SqlStatementCounter } from '@etl/kit';
import { readScriptsConfig, startScriptsSubgraph, type RunningScriptsSubgraph } from '@etl/scripts';
import { testGateway } from '@etl/gateway/testing';
import { postGraphQL, startTestStack, type TestStack } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import setupDatabase from '@etl/testkit/global-setup';

/**
 * `runScript` end to end: a `main` that returns at once, run through the gateway and on the
 * scripts subgraph alone, so that the cost of GraphQL, the two run-row writes and the process
 * can be told apart (`pnpm bench:runner` measures the process alone). Then throughput with
 * SCRIPT_CONCURRENCY 1, 2 and 4. Prints figures; asserts nothing. `pnpm bench:runs`.
 */
const RUNS = Number(process.env.BENCH_RUNS || 200);
const RUN = 'mutation($p: String!, $i: JSON) { runScript(path: $p, input: $i) { id status result durationMs } }';
const QUICK = 'def main(data):\n    return data\n';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function startStack(concurrency: number): Promise<{ stack: TestStack; scripts: RunningScriptsSubgraph }> {
  const stack = await startTestStack({
    users: usersSubgraph(),
    gateway: testGateway,
    subgraphs: [
      {
        name: 'scripts',
        start: async ({ env, createDatabase }) =>
          startScriptsSubgraph(
            readScriptsConfig({
              ...env,
              DATABASE_URL: await createDatabase(),
              FILES_DIR: `${process.env.TMPDIR || '/tmp'}/etl-bench-files-${process.pid}`,
              SCRIPT_CONCURRENCY: String(concurrency),
              SCRIPT_QUEUE_SIZE: '64',
            }),
          ),
      },
    ],
  });
  return { stack, scripts: stack.subgraphs.scripts as RunningScriptsSubgraph };
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
    const { stack, scripts } = await startStack(2);
    try {
      const admin = await stack.adminToken();
      await createBenchScript(stack, admin);
      for (let i = 0; i < 5; i++) await run(stack.gatewayUrl, admin);
      const counter = new SqlStatementCounter(scripts.orm);
      await run(scripts.url, admin);
      counter.stop();
      console.log(`SQL statements per run: ${counter.count}`);
      console.log(`runScript on the scripts subgraph: ${await latency(scripts.url, admin)}`);
      console.log(`runScript through the gateway:     ${await latency(stack.gatewayUrl, admin)}`);
    } finally {
      await stack.stop();
    }
    console.log('\nSCRIPT_CONCURRENCY | clients | runs/s through the gateway');
    for (const concurrency of [1, 2, 4]) {
      const { stack } = await startStack(concurrency);
      try {
        const admin = await stack.adminToken();
        await createBenchScript(stack, admin);
        const rate = await throughput(stack.gatewayUrl, admin, concurrency * 2);
        console.log(
          `${String(concurrency).padStart(18)} | ${String(concurrency * 2).padStart(7)} | ${rate.toFixed(1)}`,
        );
      } finally {
        await stack.stop();
      }
    }
  } finally {
    await teardown();
  }
}

await main();
