import { execFile } from 'node:child_process';
import { chmodSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort, postGraphQL } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { checkRunsAndFiles } from './support/runs-and-files.js';
import { cli, startStack, stopStack, stopStartedStacks } from './support/stack-process.js';

const pythonClient = fileURLToPath(new URL('../../../examples/etl_client.py', import.meta.url));
const run = promisify(execFile);

/**
 * The walk-through on the running stack: a new user made an editor builds a tree,
 * uploads, replaces, releases and binds a script and sees owners resolved across subgraphs;
 * an operator lists the stack's pods and finds that request in the scripts service's log.
 */
async function checkScriptsAndLogs(gatewayUrl: string, adminToken: string, adminPassword: string): Promise<void> {
  const call = async (query: string, variables: Record<string, unknown>, token: string, requestId?: string) => {
    const response = await postGraphQL(gatewayUrl, query, {
      variables,
      token,
      ...(requestId ? { headers: { 'x-request-id': requestId } } : {}),
    });
    expect(response.errors, response.text).toBeUndefined();
    return response.data!;
  };
  const registered = await postGraphQL(
    gatewayUrl,
    'mutation { register(input: { login: "alice", password: "alice-password" }) { user { id } } }',
  );
  const aliceId = registered.data!.register.user.id as string;
  await call('mutation($u: ID!) { assignRole(userId: $u, role: "editor") { id } }', { u: aliceId }, adminToken);
  const session = await postGraphQL(
    gatewayUrl,
    'mutation { login(login: "alice", password: "alice-password") { accessToken } }',
  );
  const alice = session.data!.login.accessToken as string;

  const folder = await call('mutation { createFolder(input: { name: "geology" }) { id path } }', {}, alice);
  const create = `mutation($folder: ID, $content: String!, $replace: Boolean) {
    createScript(input: { folderId: $folder, name: "analysis.py", content: $content, replace: $replace }) { id version logicalPath owner { login } } }`;
  const content = 'def main(data):\n    return {"message": f"Hello, {data.get(\'name\', \'World\')}!"}\n';
  const created = await call(create, { folder: folder.createFolder.id, content }, alice, 'local-stack-scripts-1');
  expect(created.createScript).toMatchObject({
    version: 1,
    logicalPath: 'geology/analysis.py',
    owner: { login: 'alice' },
  });
  const replaced = await call(
    create,
    { folder: folder.createFolder.id, content: `${content}# v2\n`, replace: true },
    alice,
  );
  expect(replaced.createScript.version).toBe(2);
  const released = await call(
    'mutation($id: ID!) { releaseScript(id: $id) { released releasedVersion } }',
    { id: created.createScript.id },
    alice,
  );
  expect(released.releaseScript).toEqual({ released: true, releasedVersion: 2 });
  const mine = await call(
    '{ me { scripts { logicalPath owner { login } versions { version author { login } } } } }',
    {},
    alice,
  );
  expect(mine.me.scripts).toEqual([
    {
      logicalPath: 'geology/analysis.py',
      owner: { login: 'alice' },
      versions: [
        { version: 2, author: { login: 'alice' } },
        { version: 1, author: { login: 'alice' } },
      ],
    },
  ]);

  // The standard-library client uploads and releases a file, then reads the scripts pod's log
  // for the requests it made (the operator's task, here as the admin).
  const source = join(tmpdir(), `etl-upload-${process.pid}.py`);
  writeFileSync(source, content);
  const uploaded = await run(
    'python3',
    [
      pythonClient,
      '--url',
      gatewayUrl,
      '--login',
      'alice',
      '--request-id',
      'py-upload-1',
      'upload',
      source,
      'geology/deep/uploaded.py',
      '--release',
    ],
    {
      env: { ...process.env, ETL_PASSWORD: 'alice-password' },
    },
  );
  rmSync(source);
  expect(JSON.parse(uploaded.stdout)).toMatchObject({
    logicalPath: 'geology/deep/uploaded.py',
    version: 1,
    released: true,
    releasedVersion: 1,
  });
  const pythonLogs = await run(
    'python3',
    [pythonClient, '--url', gatewayUrl, '--login', 'admin', 'logs', 'scripts', '--grep', 'py-upload-1', '--tail', '50'],
    {
      env: { ...process.env, ETL_PASSWORD: adminPassword },
    },
  );
  const uploadLines = JSON.parse(pythonLogs.stdout).lines as Array<{ message: string }>;
  expect(uploadLines.length).toBeGreaterThanOrEqual(3); // tree, createFolder, createScript, releaseScript
  expect(uploadLines.every((line) => line.message.includes('"requestId":"py-upload-1"'))).toBe(true);

  const pods = await call(
    'query($ns: String!) { pods(namespace: $ns) { name phase labels containers { name ready } } }',
    { ns: 'etl' },
    adminToken,
  );
  expect(pods.pods.map((pod: { name: string }) => pod.name).sort()).toEqual([
    'gateway',
    'logs',
    'runner',
    'scripts',
    'users',
  ]);
  expect(pods.pods.every((pod: { phase: string }) => pod.phase === 'Running')).toBe(true);
  const podLogs = `query($grep: String) { podLogs(namespace: "etl", pod: "scripts", tailLines: 50, grep: $grep) { pod container lines { timestamp stream message } } }`;
  const lines: Array<{ message: string; stream: string }> = await vi.waitFor(
    async () => {
      const found = (await call(podLogs, { grep: 'local-stack-scripts-1' }, adminToken)).podLogs.lines;
      expect(found.length).toBeGreaterThan(0);
      return found;
    },
    { timeout: 5_000, interval: 100 },
  );
  expect(lines.every((line) => line.message.includes('"requestId":"local-stack-scripts-1"'))).toBe(true);
}

describe('the local stack (`pnpm etl start`)', () => {
  let dataDir: string;
  let env: NodeJS.ProcessEnv;
  beforeAll(async () => {
    expect(existsSync(cli), 'build first: the test command runs `pnpm build`').toBe(true);
    dataDir = mkdtempSync(join(tmpdir(), 'etl-stack-'));
    chmodSync(dataDir, 0o755);
    const [gateway, users, scripts, logs, postgres, runner] = [
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
      await freePort(),
    ];
    env = {
      ETL_DATA_DIR: dataDir,
      GATEWAY_PORT: String(gateway),
      USERS_PORT: String(users),
      SCRIPTS_PORT: String(scripts),
      LOGS_PORT: String(logs),
      RUNNER_PORT: String(runner),
      ETL_POSTGRES_PORT: String(postgres),
      ETL_ADMIN_PASSWORD: '',
      USERS_DATABASE_URL: '',
      SCRIPTS_DATABASE_URL: '',
      LOG_LEVEL: 'info',
    };
  });
  afterAll(async () => {
    await stopStartedStacks();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  it('starts on embedded PostgreSQL, signs in the generated superuser, logs requests, runs scripts on stored files, stops cleanly, and restarts on the same data', async () => {
    const first = await startStack(env);
    const password = /created with password: (\S+)/.exec(first.output())?.[1];
    expect(password).toBeTruthy();
    const gatewayUrl = `http://127.0.0.1:${env.GATEWAY_PORT}/graphql`;
    const login = await postGraphQL(
      gatewayUrl,
      'mutation($p: String!) { login(login: "admin", password: $p) { accessToken } }',
      {
        variables: { p: password },
      },
    );
    expect(login.errors).toBeUndefined();
    const me = await postGraphQL(gatewayUrl, '{ me { login roles { name } } }', {
      token: login.data!.login.accessToken,
      headers: { 'x-request-id': 'local-stack-check-1' },
    });
    expect(me.headers.get('x-request-id')).toBe('local-stack-check-1');
    expect(me.data).toEqual({ me: { login: 'admin', roles: [{ name: 'admin' }] } });

    // The README's standard-library Python client, as the simulation software would use it.
    const python = await run('python3', [pythonClient, '--url', gatewayUrl, '--login', 'admin'], {
      env: { ...process.env, ETL_PASSWORD: password },
    });
    expect(JSON.parse(python.stdout)).toMatchObject({ login: 'admin', roles: [{ name: 'admin' }], permissions: ['*'] });
    const refused = await run('python3', [pythonClient, '--url', gatewayUrl, '--login', 'admin'], {
      env: { ...process.env, ETL_PASSWORD: 'wrong password' },
    }).catch((error: { code: number; stderr: string }) => error);
    expect(refused).toMatchObject({ code: 1 });
    expect((refused as { stderr: string }).stderr).toMatch(
      /^UNAUTHENTICATED: Invalid login or password \(request [0-9a-f-]{36}\)/,
    );

    // Each service's output is kept in the kubelet's layout, in CRI format.
    const pods = join(dataDir, 'logs', 'pods');
    const usersPod = readdirSync(pods).find((name) => name.startsWith('etl_users_'))!;
    const usersLog = readFileSync(join(pods, usersPod, 'users', '0.log'), 'utf8');
    expect(usersLog).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{9}Z stdout F \{/m);
    expect(usersLog).toContain('"requestId":"local-stack-check-1"');
    expect(JSON.parse(readFileSync(join(pods, usersPod, 'pod.json'), 'utf8'))).toMatchObject({
      namespace: 'etl',
      labels: { app: 'users' },
      phase: 'Running',
      containers: [{ name: 'users', ready: true, restartCount: 0 }],
    });

    await checkScriptsAndLogs(gatewayUrl, login.data!.login.accessToken, password!);
    await checkRunsAndFiles(gatewayUrl, login.data!.login.accessToken);

    expect(await stopStack(first)).toBe(0);
    expect(first.output()).toContain('Stopped.');
    // Each service drained on SIGTERM and exited 0 (the launcher records it as a kubelet would).
    for (const pod of readdirSync(pods).filter((name) => name.startsWith('etl_'))) {
      expect(JSON.parse(readFileSync(join(pods, pod, 'pod.json'), 'utf8')).phase, pod).toBe('Succeeded');
    }

    const second = await startStack(env);
    expect(second.output()).not.toContain('created with password');
    const again = await postGraphQL(
      gatewayUrl,
      'mutation($p: String!) { login(login: "admin", password: $p) { user { login } } }',
      {
        variables: { p: password },
      },
    );
    expect(again.data).toEqual({ login: { user: { login: 'admin' } } });
    expect(await stopStack(second)).toBe(0);
  }, 600_000);
});
