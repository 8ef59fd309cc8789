import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { errorCodes, postGraphQL, startTestStack, type TestStack, type TestUser } from '@etl/testkit';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startServiceProcess, stopServiceProcesses, type ServiceUnderTest } from './support/service-processes.js';

/** The delay the services are configured with: the default of REVOCATION_MAX_DELAY_SECONDS. */
const MAX_DELAY_MS = 5_000;
/**
 * Slack for the requests that observe the refusal, on a 2-core machine shared with other tests
 * (the measured figures, printed, are the result; this only bounds the wait).
 */
const OBSERVATION_SLACK_MS = 10_000;

/** Four Node processes starting on a loaded 2-core machine (each ~15 s there). */
const STARTUP_TIMEOUT_MS = 240_000;

const QUERIES = {
  users: '{ me { id } }',
  scripts: '{ tree { folders { path } } }',
  logs: '{ pods(namespace: "etl") { name } }',
} as const;
type Target = 'gateway → users' | 'gateway → scripts' | 'gateway → logs' | 'users' | 'scripts' | 'logs';

/**
 * Revocation through every service, each a real process: after logoutAll, logout, a password change, a role change,
 * disabling the account or revoking an API token,
 * the old access token is refused by each subgraph (asked directly and through the gateway)
 * within the configured delay, with no call to the users subgraph per request. With the users
 * subgraph stopped, the others keep their last list and keep serving valid tokens.
 */
describe('token revocation across subgraphs', () => {
  let stack: TestStack<ServiceUnderTest>;
  const folders: string[] = [];
  /** The subgraphs that poll the users subgraph's list, whose logs the outage test reads. */
  const processes: Partial<Record<'scripts' | 'logs', ServiceUnderTest>> = {};

  const urlOf = (target: Target): string =>
    target.startsWith('gateway')
      ? stack.gatewayUrl
      : target === 'users'
        ? stack.users.url
        : stack.subgraphs[target]!.url;
  const queryOf = (target: Target) => QUERIES[target.replace('gateway → ', '') as keyof typeof QUERIES];
  const TARGETS: Target[] = ['gateway → users', 'gateway → scripts', 'gateway → logs', 'users', 'scripts', 'logs'];

  async function codesAt(target: Target, token: string): Promise<string[]> {
    return errorCodes(await postGraphQL(urlOf(target), queryOf(target), { token }));
  }

  /** Waits until every target refuses `token`; prints and returns how long each took. */
  async function refusedEverywhere(token: string, since: number, label: string): Promise<Record<string, number>> {
    const took: Record<string, number> = {};
    await Promise.all(
      TARGETS.map(async (target) => {
        await vi.waitFor(async () => expect(await codesAt(target, token)).toEqual(['UNAUTHENTICATED']), {
          timeout: MAX_DELAY_MS + OBSERVATION_SLACK_MS,
          interval: 100,
        });
        took[target] = Date.now() - since;
      }),
    );
    console.log(`revocation delay after ${label} (ms):`, took);
    return took;
  }

  async function acceptedEverywhere(token: string): Promise<void> {
    for (const target of TARGETS) expect(await codesAt(target, token), target).toEqual([]);
  }

  beforeAll(async () => {
    // Each service is its compiled self in a process of its own (`pnpm build` first), so each
    // polls the list on its own event loop, as deployed; warnings are kept to be read.
    stack = await startTestStack<ServiceUnderTest>({
      users: {
        name: 'users',
        start: async ({ env, signingKey, admin, createDatabase }) =>
          startServiceProcess('users', {
            ...env,
            DATABASE_URL: await createDatabase(),
            DATABASE_POOL_MAX: '5',
            JWT_PRIVATE_KEY: signingKey,
            ETL_ADMIN_LOGIN: admin.login,
            ETL_ADMIN_PASSWORD: admin.password,
          }),
      },
      gateway: (env) => startServiceProcess('gateway', env),
      subgraphs: [
        {
          name: 'scripts',
          async start({ env, createDatabase }) {
            const filesDir = mkdtempSync(join(tmpdir(), 'etl-revocation-files-'));
            folders.push(filesDir);
            return (processes.scripts = await startServiceProcess('scripts', {
              ...env,
              LOG_LEVEL: 'warn',
              DATABASE_URL: await createDatabase(),
              DATABASE_POOL_MAX: '3',
              FILES_DIR: filesDir,
              FILE_URL_SECRET: 'test-file-url-secret-of-32-characters!',
            }));
          },
        },
        {
          name: 'logs',
          async start({ env }) {
            const logsRoot = mkdtempSync(join(tmpdir(), 'etl-revocation-logs-'));
            folders.push(logsRoot);
            return (processes.logs = await startServiceProcess('logs', {
              ...env,
              LOG_LEVEL: 'warn',
              LOGS_SOURCE: 'files',
              LOGS_ROOT: logsRoot,
            }));
          },
        },
      ],
    });
  }, STARTUP_TIMEOUT_MS);
  afterAll(async () => {
    await stack?.stop();
    await stopServiceProcesses();
    for (const folder of folders) rmSync(folder, { recursive: true, force: true });
  });

  it('refuses a token everywhere within the delay after logoutAll, and a new sign-in works', async () => {
    const user: TestUser = await stack.createUser(['operator']);
    await acceptedEverywhere(user.accessToken);
    const since = Date.now();
    expect((await stack.operation('users', 'LogoutAll', { token: user.accessToken })).data).toEqual({
      logoutAll: true,
    });
    await refusedEverywhere(user.accessToken, since, 'logoutAll');
    const again = await stack.operation('users', 'Login', {
      variables: { login: user.login, password: user.password },
    });
    await acceptedEverywhere(again.data!.login.accessToken);
  });

  it('refuses the old token after a role change; the refreshed one carries the new roles', async () => {
    const user = await stack.createUser(['operator']);
    const since = Date.now();
    const unassigned = await stack.operation('users', 'UnassignRole', {
      token: await stack.adminToken(),
      variables: { userId: user.id, role: 'operator' },
    });
    expect(unassigned.errors).toBeUndefined();
    await refusedEverywhere(user.accessToken, since, 'a role change');
    const refreshed = await stack.operation('users', 'Refresh', { variables: { refreshToken: user.refreshToken } });
    const fresh = refreshed.data!.refreshToken.accessToken as string;
    expect(await codesAt('gateway → scripts', fresh)).toEqual([]);
    expect(await codesAt('gateway → logs', fresh)).toEqual(['FORBIDDEN']);
  });

  it("refuses a session's token everywhere after logout, and the other sessions' after a password change", async () => {
    const user = await stack.createUser(['operator']);
    const signIn = async () =>
      (await stack.operation('users', 'Login', { variables: { login: user.login, password: user.password } })).data!
        .login as { accessToken: string; refreshToken: string };
    const [other, kept] = [await signIn(), await signIn()];
    let since = Date.now();
    const loggedOut = await stack.operation('users', 'Logout', {
      token: user.accessToken,
      variables: { refreshToken: user.refreshToken },
    });
    expect(loggedOut.data).toEqual({ logout: true });
    await refusedEverywhere(user.accessToken, since, 'logout');
    await acceptedEverywhere(other.accessToken);
    since = Date.now();
    const changed = await stack.operation('users', 'ChangePassword', {
      token: kept.accessToken,
      variables: { currentPassword: user.password, newPassword: 'a changed password' },
    });
    expect(changed.data).toEqual({ changePassword: true });
    await refusedEverywhere(other.accessToken, since, 'a password change');
    // The session that changed the password goes on.
    await acceptedEverywhere(kept.accessToken);
  });

  it("refuses a disabled account's tokens everywhere", async () => {
    const user = await stack.createUser(['operator']);
    const since = Date.now();
    const disabled = await stack.operation('users', 'DisableUser', {
      token: await stack.adminToken(),
      variables: { userId: user.id },
    });
    expect(disabled.errors).toBeUndefined();
    await refusedEverywhere(user.accessToken, since, 'disableUser');
  });

  it("refuses a revoked API token's access tokens, cached by the gateway, everywhere", async () => {
    const user = await stack.createUser(['operator']);
    const created = await stack.operation('users', 'CreateApiToken', {
      token: user.accessToken,
      variables: {
        input: {
          name: 'revoked soon',
          permissions: ['scripts:read', 'logs:read'],
          expiresAt: new Date(Date.now() + 86_400_000).toISOString(),
        },
      },
    });
    const { secret, apiToken } = created.data!.createApiToken;
    expect(await codesAt('gateway → scripts', secret)).toEqual([]);
    const since = Date.now();
    await stack.operation('users', 'RevokeApiToken', { token: user.accessToken, variables: { id: apiToken.id } });
    const gatewayTargets: Target[] = ['gateway → users', 'gateway → scripts', 'gateway → logs'];
    const took: Record<string, number> = {};
    for (const target of gatewayTargets) {
      await vi.waitFor(async () => expect(await codesAt(target, secret)).toEqual(['UNAUTHENTICATED']), {
        timeout: MAX_DELAY_MS + OBSERVATION_SLACK_MS,
        interval: 100,
      });
      took[target] = Date.now() - since;
    }
    console.log('revocation delay after revokeApiToken (ms):', took);
  });

  it('keeps serving valid tokens and refusing revoked ones while the users subgraph is down', async () => {
    const [revoked, valid] = [await stack.createUser(['operator']), await stack.createUser(['operator'])];
    const since = Date.now();
    await stack.operation('users', 'LogoutAll', { token: revoked.accessToken });
    await refusedEverywhere(revoked.accessToken, since, 'logoutAll (before the outage)');
    await stack.users.stop();
    // Two polls fail meanwhile: the last list stays in force.
    await new Promise((resolve) => setTimeout(resolve, MAX_DELAY_MS + 500));
    for (const target of ['scripts', 'logs', 'gateway → scripts', 'gateway → logs'] as Target[]) {
      expect(await codesAt(target, valid.accessToken), target).toEqual([]);
      expect(await codesAt(target, revoked.accessToken), target).toEqual(['UNAUTHENTICATED']);
    }
    for (const service of [processes.scripts!, processes.logs!]) {
      expect(service.output(), service.name).toContain(
        'revocation list unavailable: keeping the last one and serving on',
      );
    }
  });
});
