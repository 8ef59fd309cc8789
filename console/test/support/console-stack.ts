import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testGateway } from '@etl/gateway/testing';
import { startTestRunner } from '@etl/runner/testing';
import { readScriptsConfig, startScriptsSubgraph, type RunningScriptsSubgraph } from '@etl/scripts';
import { startTestStack, type TestStack, type TestSubgraphDefinition } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';

/**
 * The scripts subgraph on its own database and file folder, and the runner that carries out its
 * runs (runs are queued jobs: without a runner none would ever start), given the same settings.
 */
const scriptsSubgraph: TestSubgraphDefinition = {
  name: 'scripts',
  async start({ env, createDatabase }) {
    const filesDir = await mkdtemp(join(tmpdir(), 'etl-console-files-'));
    const settings = {
      ...env,
      DATABASE_URL: await createDatabase(),
      DATABASE_POOL_MAX: '5',
      FILES_DIR: filesDir,
      FILE_URL_SECRET: 'console-test-file-url-secret-of-32-chars',
    };
    const subgraph = await startScriptsSubgraph(readScriptsConfig(settings));
    const runner = await startTestRunner(settings).catch(async (error) => {
      await subgraph.service.stop();
      throw error;
    });
    // The runner stops first: its runs end (or go back to the queue) while the database is there.
    subgraph.service.onStop(async () => {
      await runner.stop();
      await rm(filesDir, { recursive: true, force: true });
    });
    return subgraph;
  },
};

export interface ConsoleTestStack extends TestStack {
  /** Where a browser opens the console: the gateway's origin. */
  origin: string;
  scripts: RunningScriptsSubgraph;
}

/** Users, scripts and the gateway serving the built console, each on port 0. */
export async function startConsoleStack(): Promise<ConsoleTestStack> {
  const stack = await startTestStack({ users: usersSubgraph(), gateway: testGateway, subgraphs: [scriptsSubgraph] });
  return Object.assign(stack, {
    origin: new URL(stack.gatewayUrl).origin,
    scripts: stack.subgraphs.scripts as RunningScriptsSubgraph,
  });
}
