import { execFile } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { expect } from 'vitest';

/** The README's standard-library client, run as the simulation software runs it. */
export const pythonClientPath = fileURLToPath(new URL('../../../../examples/etl_client.py', import.meta.url));
const execFileAsync = promisify(execFile);

export interface ClientOutcome {
  code: number;
  stdout: string;
  stderr: string;
}

/** `python3 examples/etl_client.py --url … --login …` signed in as one user: its exit code and output. */
export function pythonClient(gatewayUrl: string, login: string, password: string, cwd?: string) {
  return async (...args: string[]): Promise<ClientOutcome> => {
    try {
      const { stdout, stderr } = await execFileAsync(
        'python3',
        [pythonClientPath, '--url', gatewayUrl, '--login', login, ...args],
        { env: { ...process.env, ETL_PASSWORD: password }, cwd },
      );
      return { code: 0, stdout, stderr };
    } catch (error) {
      const failed = error as { code?: unknown; stdout?: string; stderr?: string };
      if (typeof failed.code !== 'number') throw error;
      return { code: failed.code, stdout: failed.stdout ?? '', stderr: failed.stderr ?? '' };
    }
  };
}

/** The JSON a client command printed, once it exited 0 (else its stderr is the failure's message). */
export function printed(outcome: ClientOutcome): any {
  expect(outcome.code, outcome.stderr).toBe(0);
  return JSON.parse(outcome.stdout);
}
