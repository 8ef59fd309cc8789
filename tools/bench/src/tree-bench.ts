import 'reflect-metadata';
import autocannon from 'autocannon';
import { SqlStatementCounter } from '@etl/kit';
import { seedScriptTree, type RunningScriptsSubgraph } from '@etl/scripts';
import { scriptsSubgraph } from '@etl/scripts/testing';
import { testGateway } from '@etl/gateway/testing';
import { postGraphQL, startTestStack } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import setupDatabase from '@etl/testkit/global-setup';

/**
 * `tree` on 1,000 folders and 10,000 scripts: latency through the gateway and on the subgraph
 * alone, statements per call, throughput. Prints figures; asserts nothing. `pnpm bench:tree`.
 */
const FOLDERS = Number(process.env.BENCH_FOLDERS || 1000);
const SCRIPTS = Number(process.env.BENCH_SCRIPTS || 10_000);
const RUNS = 30;
const TREE =
  '{ tree { folders { id name parentId path } scripts { id name displayName folderId logicalPath version released } } }';

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timeTree(url: string, token: string): Promise<string> {
  const times: number[] = [];
  let bytes = 0;
  for (let run = 0; run < RUNS; run++) {
    const started = performance.now();
    const response = await postGraphQL(url, TREE, { token });
    times.push(performance.now() - started);
    if (response.errors) throw new Error(response.text.slice(0, 500));
    bytes = response.text.length;
  }
  times.sort((a, b) => a - b);
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  return `p50 ${ms(percentile(times, 50))}   p95 ${ms(percentile(times, 95))}   max ${ms(times.at(-1)!)}   (${(bytes / 2 ** 20).toFixed(1)} MiB)`;
}

async function main(): Promise<void> {
  const teardown = await setupDatabase();
  const stack = await startTestStack({
    users: usersSubgraph(),
    gateway: testGateway,
    subgraphs: [scriptsSubgraph()],
  });
  const scripts = stack.subgraphs.scripts as RunningScriptsSubgraph;
  try {
    const admin = await stack.adminToken();
    const seeding = performance.now();
    const me = await postGraphQL(stack.gatewayUrl, '{ me { id } }', { token: admin });
    const ownerId = me.data!.me.id as string;
    await seedScriptTree(scripts.orm.em.fork(), { root: 'bench', folders: FOLDERS, scripts: SCRIPTS, ownerId });
    console.log(
      `Seeded ${FOLDERS} folders and ${SCRIPTS} scripts in ${((performance.now() - seeding) / 1000).toFixed(1)} s (node ${process.version})\n`,
    );

    // Warm up the connection pools and JIT before measuring.
    for (let i = 0; i < 3; i++) await postGraphQL(stack.gatewayUrl, TREE, { token: admin });
    const counter = new SqlStatementCounter(scripts.orm);
    await postGraphQL(scripts.url, TREE, { token: admin });
    counter.stop();
    console.log(`SQL statements per tree call: ${counter.count}`);
    console.log(`tree on the scripts subgraph:   ${await timeTree(scripts.url, admin)}`);
    console.log(`tree through the gateway:       ${await timeTree(stack.gatewayUrl, admin)}`);
    const result = await autocannon({
      url: stack.gatewayUrl,
      method: 'POST',
      connections: 4,
      duration: Number(process.env.BENCH_SECONDS || 10),
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify({ query: TREE }),
    });
    console.log(
      `tree through the gateway, 4 connections: ${result.requests.average.toFixed(1)} req/s, p50 ${result.latency.p50} ms, p99 ${result.latency.p99} ms, errors ${result.errors + result.non2xx}`,
    );
    const memory = process.memoryUsage();
    console.log(
      `memory: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    await stack.stop();
    await teardown();
  }
}

await main();
