import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { promisify } from 'node:util';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';

// From src/ (vitest) and from dist/ (the benchmarks) alike: the script is not compiled, it stays in src/.
const serverScript = fileURLToPath(new URL('../src/embedded-postgres-process.mjs', import.meta.url));
const repoRoot = fileURLToPath(new URL('../../../', import.meta.url));
const START_TIMEOUT_MS = 120_000;

/**
 * Vitest global setup. It brings the compiled packages up to date, for the tests that run what
 * production runs (`dist/`: the stack's CLI, the gateway's main). With no `TEST_DATABASE_URL`, it
 * starts one embedded PostgreSQL for the whole run; every test file then makes its own databases
 * on it. The server lives in a child process (see embedded-postgres-process.mjs for why), which
 * stops it when this process ends.
 */
export default async function setup(): Promise<() => Promise<void>> {
  await buildCompiledPackages();
  if (process.env.TEST_DATABASE_URL) return async () => {};
  const child = spawn(process.execPath, [serverScript], { stdio: ['pipe', 'pipe', 'inherit'] });
  const url = await readyUrl(child);
  process.env.ETL_TEST_DATABASE_URL = url;
  return async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.stdin!.end();
    await exited;
  };
}

/** The server's URL from its first line; a failed start fails the run with the server's reason. */
async function readyUrl(child: ChildProcess): Promise<string> {
  const lines = createInterface({ input: child.stdout! });
  const timer = setTimeout(() => child.kill('SIGTERM'), START_TIMEOUT_MS);
  try {
    for await (const line of lines) {
      if (line.startsWith('READY ')) return line.slice('READY '.length);
      if (line.startsWith('FAILED ')) {
        throw new Error(`The embedded PostgreSQL for the tests did not start: ${line.slice('FAILED '.length)}`);
      }
    }
    throw new Error(
      `The embedded PostgreSQL for the tests did not start (its process ended: ${child.exitCode ?? child.signalCode})`,
    );
  } finally {
    clearTimeout(timer);
    lines.close();
  }
}

/** `tsc -b` over the workspace: incremental, so a no-op of about a second when nothing changed. */
async function buildCompiledPackages(): Promise<void> {
  const tsc = createRequire(`${repoRoot}package.json`).resolve('typescript/bin/tsc');
  try {
    await promisify(execFile)(process.execPath, [tsc, '-b'], { cwd: repoRoot, maxBuffer: 16 * 1024 * 1024 });
  } catch (error) {
    const { stdout = '', message } = error as { stdout?: string; message: string };
    throw new Error(`The build before the tests failed (tsc -b):\n${stdout || message}`);
  }
}
