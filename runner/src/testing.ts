import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import { readRunnerConfig } from './runner-config.js';
import { startRunner, type RunningRunner } from './runner-service.js';

/** A runner in this process, for tests that run scripts through a test stack. */
export function startTestRunner(env: Record<string, string>): Promise<RunningRunner> {
  return startRunner(readRunnerConfig(env));
}

/** The built runner (`runner/dist/main.js`, made by the tests' global setup), as its own process. */
const MAIN = fileURLToPath(new URL('../dist/main.js', import.meta.url));

export interface RunnerProcess {
  child: ChildProcess;
  /** Its health endpoint's address, once it listens. */
  url: string;
  /** Everything it wrote, for a failing test's message. */
  output(): string;
  /** SIGTERM, then waits for its exit (the graceful stop). */
  stop(): Promise<void>;
  /** SIGKILL: dies at once, as a node lost or an OOM kill would have it. */
  kill(): Promise<void>;
}

/** Starts a runner process with exactly `env` (plus PATH); resolves once it reported its address. */
export async function spawnRunnerProcess(env: Record<string, string>): Promise<RunnerProcess> {
  const child = spawn(process.execPath, [MAIN], {
    // At info level: its address is read from its start line.
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', ...env, LOG_LEVEL: 'info' },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  const exited = once(child, 'exit');
  const url = await new Promise<string>((resolve, reject) => {
    const onData = (chunk: Buffer) => {
      output += chunk.toString();
      const started = /"url":"([^"]+)"[^\n]*"msg":"runner started"/.exec(output);
      if (started) resolve(started[1]!);
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', onData);
    child.once('exit', (code) => reject(new Error(`runner exited with ${code} before it started:\n${output}`)));
  });
  const wait = async () => {
    if (child.exitCode === null && child.signalCode === null) await exited;
  };
  return {
    child,
    url,
    output: () => output,
    async stop() {
      child.kill('SIGTERM');
      await wait();
    },
    async kill() {
      child.kill('SIGKILL');
      await wait();
    },
  };
}
