import 'reflect-metadata';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon, { type Result } from 'autocannon';
import { SqlStatementCounter } from '@etl/kit';
import { testGateway } from '@etl/gateway/testing';
import { postGraphQL, startTestStack, type TestStack } from '@etl/testkit';
import type { RunningUsersSubgraph } from '@etl/users';
import { usersSubgraph } from '@etl/users/testing';
import setupDatabase from '@etl/testkit/global-setup';

/**
 * Throughput and latency of the gateway and the users subgraph on this machine, over real HTTP
 * against real PostgreSQL. Prints figures; asserts nothing. `pnpm bench` (after `pnpm build`).
 */
const DURATION_SECONDS = Number(process.env.BENCH_SECONDS || 10);

function line(name: string, result: Result): string {
  const { latency, requests, non2xx, errors } = result;
  return `${name.padEnd(44)} ${requests.average.toFixed(0).padStart(6)} req/s   p50 ${String(latency.p50).padStart(4)} ms   p99 ${String(latency.p99).padStart(4)} ms   errors ${errors + non2xx}`;
}

async function load(url: string, body: object, token: string | null, connections: number): Promise<Result> {
  return autocannon({
    url,
    method: 'POST',
    connections,
    duration: DURATION_SECONDS,
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify(body),
  });
}

async function seedUsers(stack: TestStack, count: number): Promise<string[]> {
  const ids: string[] = [];
  for (let i = 0; i < count; i += 10) {
    const batch = await Promise.all(
      Array.from({ length: 10 }, (_, j) => stack.createUser([], `bench-${String(i + j).padStart(4, '0')}`)),
    );
    ids.push(...batch.map((u) => u.id));
  }
  return ids;
}

/** Counted while nothing else runs: autocannon leaves requests in flight when a run ends. */
async function countStatements(
  stack: TestStack<RunningUsersSubgraph>,
  entities: { query: string; variables: object },
): Promise<number> {
  await sleep(1_000);
  const counter = new SqlStatementCounter(stack.users.orm);
  await postGraphQL(stack.users.url, entities.query, { variables: entities.variables as Record<string, unknown> });
  counter.stop();
  return counter.count;
}

async function main(): Promise<void> {
  const teardown = await setupDatabase();
  const stack = await startTestStack({
    users: usersSubgraph({ LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000' }),
    gateway: testGateway,
  });
  try {
    const admin = await stack.adminToken();
    const ids = await seedUsers(stack, 100);
    console.log(`node ${process.version}, ${DURATION_SECONDS} s per run, gateway and users subgraph in one process\n`);
    console.log(
      line(
        'me through the gateway (10 connections)',
        await load(stack.gatewayUrl, { query: '{ me { id login } }' }, admin, 10),
      ),
    );
    console.log(
      line(
        'users(first:100){roles permissions} (10 conn.)',
        await load(
          stack.gatewayUrl,
          { query: '{ users(first: 100) { edges { node { id login roles { name } permissions } } } }' },
          admin,
          10,
        ),
      ),
    );
    const representations = ids.map((id) => ({ __typename: 'User', id }));
    const entities = {
      query: 'query($r: [_Any!]!) { _entities(representations: $r) { ... on User { id login } } }',
      variables: { r: representations },
    };
    const statements = await countStatements(stack, entities);
    console.log(
      line('_entities, 100 Users, on the subgraph (10 conn.)', await load(stack.users.url, entities, null, 10)),
    );
    console.log(
      line(
        'login (argon2id, 2 connections)',
        await load(
          stack.gatewayUrl,
          { query: 'mutation { login(login: "bench-0001", password: "pw-bench-0001-secret") { accessToken } }' },
          null,
          2,
        ),
      ),
    );
    const memory = process.memoryUsage();
    console.log(`\nSQL statements for one _entities call of 100 Users: ${statements}`);
    console.log(
      `memory after the runs: rss ${(memory.rss / 2 ** 20).toFixed(0)} MiB, heap used ${(memory.heapUsed / 2 ** 20).toFixed(0)} MiB`,
    );
  } finally {
    await stack.stop();
    await teardown();
  }
}

await main();
