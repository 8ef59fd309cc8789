import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';
import { ensureLocalKeyPair } from '@etl/kit';
import { freePort } from '@etl/testkit';
import { BENCH_ADMIN, BENCH_POD, type BenchData } from './bench-data.js';
import { answers, answersGraphQL, BenchProcess, TICKS_PER_SECOND } from './bench-process.js';
import type { FloorSubgraph } from './bench-operations.js';

const repoRoot = fileURLToPath(new URL('../../../../', import.meta.url));
const here = (file: string) => fileURLToPath(new URL(file, import.meta.url));

/** The secret every service of the benchmark shares, as GATEWAY_SECRET is shared when deployed. */
const GATEWAY_SECRET = 'bench-gateway-secret-of-at-least-32-characters';

export type GatewayName = 'ours' | 'apollo' | 'hive';

export const GATEWAY_LABELS: Record<GatewayName, string> = {
  ours: 'our gateway',
  apollo: 'stock @apollo/gateway',
  hive: 'Hive Gateway',
};

export interface Target {
  name: GatewayName | FloorSubgraph;
  url: string;
  process: BenchProcess;
}

export interface BenchStack {
  subgraphs: Record<FloorSubgraph, Target>;
  gateways: Record<GatewayName, Target>;
  /** An administrator's access token that lives at least `minSeconds` more (signed in again if not). */
  token(minSeconds: number): Promise<string>;
  /** `count` tokens of as many sessions of the administrator, each with `minSeconds` left (`--callers distinct`). */
  callerTokens(count: number, minSeconds: number): Promise<string[]>;
  /** Waits until every service is idle again (see `settle`). */
  settle(): Promise<void>;
  stop(): Promise<void>;
}

/** The committed supergraph with the benchmark's subgraph URLs, for the peers that read only it. */
function writeSupergraph(folder: string, urls: Record<FloorSubgraph, string>): string {
  let sdl = readFileSync(join(repoRoot, 'schema/supergraph.graphql'), 'utf8');
  const defaults: Record<FloorSubgraph, string> = {
    users: 'http://localhost:4001/graphql',
    scripts: 'http://localhost:4002/graphql',
    logs: 'http://localhost:4003/graphql',
  };
  for (const name of Object.keys(defaults) as FloorSubgraph[]) {
    if (!sdl.includes(defaults[name])) throw new Error(`the supergraph has no ${defaults[name]} to replace`);
    sdl = sdl.replace(defaults[name], urls[name]);
  }
  const path = join(folder, 'supergraph.graphql');
  writeFileSync(path, sdl);
  return path;
}

async function signIn(usersUrl: string): Promise<string> {
  const response = await fetch(usersUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({
      query:
        'mutation SignIn($login: String!, $password: String!) { login(login: $login, password: $password) { accessToken } }',
      variables: BENCH_ADMIN,
    }),
  });
  const body = (await response.json()) as { data?: { login: { accessToken: string } }; errors?: unknown };
  if (!body.data) throw new Error(`sign-in failed: ${JSON.stringify(body.errors)}`);
  return body.data.login.accessToken;
}

/** Seconds until an access token's `exp` (read, not verified: the bench signed in for it itself). */
export function secondsLeft(token: string, now = Date.now()): number {
  const payload = JSON.parse(Buffer.from(token.split('.')[1] ?? '', 'base64url').toString('utf8')) as { exp?: unknown };
  return typeof payload.exp === 'number' ? payload.exp - now / 1000 : 0;
}

/**
 * A token with at least `minSeconds` left, signing in again when the current one has less.
 * Renewing by the token's own `exp`, not by the time since sign-in, keeps a run of any length,
 * a memory run or a paused machine from sending an expired token.
 */
function freshToken(usersUrl: string): (minSeconds: number) => Promise<string> {
  let current: string | null = null;
  return async (minSeconds) => {
    if (!current || secondsLeft(current) < minSeconds) current = await signIn(usersUrl);
    if (secondsLeft(current) < minSeconds) {
      throw new Error(`the users subgraph signs tokens that live less than the ${minSeconds} s a run needs`);
    }
    return current;
  };
}

/** Below this share of a core, summed over every service, the stack counts as idle. */
const IDLE_CORES = 0.15;
/** The longest a settle waits: an answer the load generator gave up on takes at most its 30 s. */
const SETTLE_LIMIT_MS = 35_000;

/**
 * Waits until the services are idle: when a run ends, the load generator stops waiting, but the
 * requests it abandoned (a whole tree at ten times the data takes longer than a run) keep the
 * gateway and the subgraphs busy, and the next run would measure their leftovers.
 */
async function settle(services: BenchProcess[]): Promise<void> {
  const ticks = () => services.reduce((sum, service) => sum + service.cpuTicks(), 0);
  const started = Date.now();
  while (Date.now() - started < SETTLE_LIMIT_MS) {
    const before = ticks();
    await sleep(500);
    if ((ticks() - before) / TICKS_PER_SECOND / 0.5 < IDLE_CORES) return;
  }
}

/**
 * Every service as its own process, each started once: the three subgraphs and a runner in
 * production mode (the runner in development: the bubblewrap sandbox it requires in production
 * is not on every machine), then the three gateways in front of the same subgraphs.
 */
export async function startBenchStack(data: BenchData, profileDir?: string): Promise<BenchStack> {
  // With a profile folder, every service writes a CPU profile named after it when it stops.
  const nodeArgs = (name: string) =>
    profileDir
      ? ['--cpu-prof', `--cpu-prof-dir=${profileDir}`, `--cpu-prof-name=${name}-${Date.now()}.cpuprofile`]
      : [];
  const folder = mkdtempSync(join(tmpdir(), 'etl-bench-stack-'));
  const keys = ensureLocalKeyPair(join(folder, 'keys'));
  const started: BenchProcess[] = [];
  const stop = async () => {
    for (const service of started.reverse()) await service.stop();
    rmSync(folder, { recursive: true, force: true });
  };
  try {
    const ports = {
      users: await freePort(),
      scripts: await freePort(),
      logs: await freePort(),
      runner: await freePort(),
    };
    const url = (port: number, path = '/graphql') => `http://127.0.0.1:${port}${path}`;
    const common = {
      NODE_ENV: 'production',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'warn',
      GATEWAY_SECRET,
      JWT_PUBLIC_KEYS: keys.jwks,
      REVOCATION_LIST_URL: url(ports.users, '/auth/revocations'),
    };
    const launch = async (name: string, entry: string, port: number, env: NodeJS.ProcessEnv) => {
      const service = new BenchProcess(name, join(repoRoot, entry), { ...env, PORT: String(port) }, nodeArgs(name));
      started.push(service);
      await service.start(answers(url(port, '/readyz')));
      return service;
    };
    const subgraph = async (name: FloorSubgraph, env: NodeJS.ProcessEnv): Promise<Target> => ({
      name,
      url: url(ports[name]),
      process: await launch(name, `subgraphs/${name}/dist/main.js`, ports[name], { ...common, ...env }),
    });
    const users = await subgraph('users', {
      DATABASE_URL: data.usersDatabaseUrl,
      JWT_PRIVATE_KEY: keys.privateKeyPem,
      JWT_KEY_ID: keys.kid,
      LOGIN_MAX_FAILURES_PER_ADDRESS: '1000000',
    });
    // The others read the users subgraph's revocation list as they start: it comes first. Then
    // the rest two or three at a time, which on a loaded machine saves a minute of the budget.
    const scriptsEnv = { DATABASE_URL: data.scriptsDatabaseUrl, FILES_DIR: data.filesDir };
    const startScripts = async () => {
      const scripts = await subgraph('scripts', {
        ...scriptsEnv,
        FILE_URL_SECRET: 'bench-file-url-secret-of-at-least-32-characters',
        SCRIPT_PROTECTED_PATHS: folder,
        // Every connection of the load generator may have a run waiting.
        SCRIPT_QUEUE_SIZE: '100',
      });
      await launch('runner', 'runner/dist/main.js', ports.runner, {
        ...scriptsEnv,
        NODE_ENV: 'development',
        HOST: '127.0.0.1',
        LOG_LEVEL: 'warn',
        SCRIPT_PROTECTED_PATHS: folder,
      });
      return scripts;
    };
    const [scripts, logs] = await Promise.all([
      startScripts(),
      subgraph('logs', { LOGS_SOURCE: 'files', LOGS_ROOT: data.podsRoot, LOGS_NAMESPACES: BENCH_POD.namespace }),
    ]);
    const subgraphs = { users, scripts, logs };
    const supergraphPath = writeSupergraph(folder, { users: users.url, scripts: scripts.url, logs: logs.url });
    const gatewayPorts = { ours: await freePort(), apollo: await freePort(), hive: await freePort() };
    const startOurs = async (): Promise<Target> => ({
      name: 'ours',
      url: url(gatewayPorts.ours),
      process: await launch('ours', 'gateway/dist/main.js', gatewayPorts.ours, {
        NODE_ENV: 'production',
        HOST: '127.0.0.1',
        GATEWAY_SECRET,
        USERS_URL: users.url,
        SCRIPTS_URL: scripts.url,
        LOGS_URL: logs.url,
      }),
    });
    const peerEnv = { SUPERGRAPH_PATH: supergraphPath, GATEWAY_SECRET, HOST: '127.0.0.1' };
    const peer = async (name: 'apollo' | 'hive', entry: string): Promise<Target> => {
      const service = new BenchProcess(
        name,
        here(entry),
        { ...peerEnv, PORT: String(gatewayPorts[name]) },
        nodeArgs(name),
      );
      started.push(service);
      await service.start(answersGraphQL(url(gatewayPorts[name])));
      return { name, url: url(gatewayPorts[name]), process: service };
    };
    const [ours, apollo, hive] = await Promise.all([
      startOurs(),
      peer('apollo', './stock-apollo-gateway.js'),
      peer('hive', './hive-gateway.js'),
    ]);
    const gateways = { ours, apollo, hive };
    const sessions: Array<(minSeconds: number) => Promise<string>> = [];
    const callerTokens = (count: number, minSeconds: number) => {
      while (sessions.length < count) sessions.push(freshToken(users.url));
      return Promise.all(sessions.slice(0, count).map((session) => session(minSeconds)));
    };
    return { subgraphs, gateways, token: freshToken(users.url), callerTokens, settle: () => settle(started), stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
