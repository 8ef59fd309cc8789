import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { testGateway } from '@etl/gateway/testing';
import { startTestStack, type TestStack, type TestSubgraphDefinition, type TestUser } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import type { RunningRunner } from '@etl/runner';
import { startTestRunner } from '@etl/runner/testing';
import { readScriptsConfig, startScriptsSubgraph, type RunningScriptsSubgraph } from '../../src/index.js';

/** The scripts subgraph of a test stack, with the runner that carries out its runs. */
export interface ScriptsWithRunner extends RunningScriptsSubgraph {
  /** A runner in the test's process on the same database and file folder; null with `runner: false`. */
  runner: RunningRunner | null;
  /** The settings both were started with, for tests that start more runners. */
  env: Record<string, string>;
}

/**
 * The scripts subgraph on its own throwaway database and file folder, for a test stack, and one
 * runner beside it (given the same settings: each reads its own) unless `runner` is false.
 */
export const scriptsSubgraph = (
  env: Record<string, string> = {},
  options: { runner?: boolean } = {},
): TestSubgraphDefinition<ScriptsWithRunner> => ({
  name: 'scripts',
  async start({ env: shared, createDatabase }) {
    const filesDir = await mkdtemp(join(tmpdir(), 'etl-files-'));
    const settings = {
      ...shared,
      DATABASE_URL: await createDatabase(),
      DATABASE_POOL_MAX: '5',
      FILES_DIR: filesDir,
      FILE_URL_SECRET: 'test-file-url-secret-of-32-characters!',
      ...env,
    };
    const subgraph = await startScriptsSubgraph(readScriptsConfig(settings));
    const runner =
      options.runner === false
        ? null
        : await startTestRunner(settings).catch(async (error) => {
            await subgraph.service.stop();
            throw error;
          });
    // The runner stops first: its runs end (or go back to the queue) while the database is there.
    subgraph.service.onStop(async () => {
      await runner?.stop();
      await rm(filesDir, { recursive: true, force: true });
    });
    return Object.assign(subgraph, { runner, env: settings });
  },
});

export interface ScriptsTestStack extends TestStack {
  scripts: ScriptsWithRunner;
}

/** Users, scripts and the gateway, each on port 0 over real HTTP and real PostgreSQL. */
export async function startScriptsStack(
  scriptsEnv: Record<string, string> = {},
  options: { runner?: boolean } = {},
): Promise<ScriptsTestStack> {
  const stack = await startTestStack({
    users: usersSubgraph(),
    gateway: testGateway,
    subgraphs: [scriptsSubgraph(scriptsEnv, options) as TestSubgraphDefinition],
  });
  return Object.assign(stack, { scripts: stack.subgraphs.scripts as ScriptsWithRunner });
}

/**
 * Gives a user approved access to datamodules the way users get it (request, approval by an
 * admin), then signs in again so the new token carries the grant.
 */
export async function grantDatamoduleAccess(
  stack: TestStack,
  user: TestUser,
  datamoduleId: string,
  accessTypes: string[],
  approve = true,
): Promise<TestUser> {
  const requested = await stack.operation('users', 'RequestDatamoduleAccess', {
    token: user.accessToken,
    variables: { datamoduleId, accessTypes },
  });
  const id = requested.data?.requestDatamoduleAccess?.id as string | undefined;
  if (!id) throw new Error(`requestDatamoduleAccess failed: ${requested.text}`);
  if (approve) {
    const approved = await stack.operation('users', 'ApproveDatamoduleAccess', {
      token: await stack.adminToken(),
      variables: { id },
    });
    if (!approved.data?.approveDatamoduleAccess) throw new Error(`approve failed: ${approved.text}`);
  }
  const login = await stack.operation('users', 'Login', { variables: { login: user.login, password: user.password } });
  return { ...user, accessToken: login.data!.login.accessToken, refreshToken: login.data!.login.refreshToken };
}

export const HELLO_SCRIPT = [
  'def main(data):',
  '    name = data.get("name", "World")',
  '    return {"message": f"Hello, {name}!", "processed_value": data.get("value", 0) * 2}',
  '',
].join('\n');

export const script = (body: string) => `${body}\n\ndef main(data):\n    return data\n`;

/**
 * Content that would leave a marker file in `dir` at every place Python could run something
 * while merely loading it (top level, class body, decorator, default argument, `__main__`):
 * checking it must leave none.
 */
export function contentThatMustNeverRun(dir: string): { content: string; markers: Record<string, string> } {
  const names = ['system', 'subprocess', 'open', 'class-body', 'decorator', 'default', 'dunder-main'];
  const markers = Object.fromEntries(names.map((name) => [name, `${dir}/ran-${name}`]));
  const content = [
    'import os',
    'import subprocess',
    `os.system("touch ${markers.system}")`,
    `subprocess.run(["touch", "${markers.subprocess}"])`,
    `open("${markers.open}", "w").write("x")`,
    '',
    'class Setup:',
    `    os.system("touch ${markers['class-body']}")`,
    '',
    `@(lambda f: (open("${markers.decorator}", "w"), f)[1])`,
    `def main(data=open("${markers.default}", "w")):`,
    '    return data',
    '',
    'if __name__ == "__main__":',
    `    os.system("touch ${markers['dunder-main']}")`,
    '',
  ].join('\n');
  return { content, markers };
}
