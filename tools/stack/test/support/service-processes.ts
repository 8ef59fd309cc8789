import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '@etl/testkit';
import { vi } from 'vitest';

/** A compiled service (`dist/main.js`) running as its own Node process, as deployed. */
export interface ServiceUnderTest {
  name: string;
  /** Its `/graphql` URL. */
  url: string;
  /** Everything it printed (JSON log lines). */
  output(): string;
  /** SIGTERM, then waits for the process to exit. */
  stop(): Promise<void>;
}

/** Every process started and not yet stopped: a failed start must not leave one running. */
const running = new Set<ServiceUnderTest>();

/** Stops every service process still running (for afterAll, whatever happened before). */
export async function stopServiceProcesses(): Promise<void> {
  await Promise.all([...running].map((service) => service.stop()));
}

const repoPath = (path: string) => fileURLToPath(new URL(`../../../../${path}`, import.meta.url));

/** Where each service's compiled entry point lives (built by `pnpm build`). */
export const SERVICE_ENTRIES = {
  users: repoPath('subgraphs/users/dist/main.js'),
  scripts: repoPath('subgraphs/scripts/dist/main.js'),
  logs: repoPath('subgraphs/logs/dist/main.js'),
  gateway: repoPath('gateway/dist/main.js'),
} as const;

/**
 * Starts `entry` on a free port with exactly `env` (plus PATH) and waits until `/readyz`
 * answers 200. A process that exits before it is ready fails the start with its output.
 */
export async function startServiceProcess(
  name: keyof typeof SERVICE_ENTRIES,
  env: Record<string, string>,
): Promise<ServiceUnderTest> {
  const port = await freePort();
  const child = spawn(process.execPath, ['--enable-source-maps', SERVICE_ENTRIES[name]], {
    env: { PATH: process.env.PATH ?? '', ...env, HOST: '127.0.0.1', PORT: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const service: ServiceUnderTest = {
    name,
    url: `${origin}/graphql`,
    output: () => output,
    async stop() {
      if (child.exitCode === null) child.kill('SIGTERM');
      await exited;
      running.delete(service);
    },
  };
  running.add(service);
  await vi.waitFor(
    async () => {
      if (child.exitCode !== null) throw new Error(`${name} exited with ${child.exitCode}:\n${output}`);
      const ready = await fetch(`${origin}/readyz`).catch(() => null);
      if (ready?.status !== 200) throw new Error(`${name} is not ready yet`);
    },
    { timeout: 90_000, interval: 250 },
  );
  return service;
}
