import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const cli = fileURLToPath(new URL('../../dist/cli.js', import.meta.url));

export interface StartedStack {
  child: ChildProcess;
  output: () => string;
}

/** Every stack started, so that a failed check does not leave one running (see stopStartedStacks). */
const started: StartedStack[] = [];

/** Runs `etl start` as `npm start` does (compiled, as its own process) and waits for its banner. */
export async function startStack(env: NodeJS.ProcessEnv): Promise<StartedStack> {
  const child = spawn(process.execPath, [cli, 'start'], {
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  started.push({ child, output: () => output });
  child.stdout!.on('data', (chunk) => (output += chunk));
  child.stderr!.on('data', (chunk) => (output += chunk));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`stack did not come up:\n${output}`)), 240_000);
    const check = () => {
      if (output.includes('ETL platform is up')) {
        clearTimeout(timer);
        resolve();
      }
    };
    child.stdout!.on('data', check);
    child.once('exit', (code) => reject(new Error(`stack exited with ${code}:\n${output}`)));
  });
  return { child, output: () => output };
}

/** Ctrl-C, as a user stops it; resolves with the launcher's exit code. */
export async function stopStack(stack: StartedStack): Promise<number | null> {
  const exited = new Promise<number | null>((resolve) => stack.child.once('exit', (code) => resolve(code)));
  stack.child.kill('SIGINT');
  return exited;
}

/** Stops what a test started and left running (its checks failed half-way). */
export async function stopStartedStacks(): Promise<void> {
  for (const stack of started) {
    if (stack.child.exitCode === null && stack.child.signalCode === null) await stopStack(stack);
  }
}
