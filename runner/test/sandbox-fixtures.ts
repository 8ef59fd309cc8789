import { BOOTSTRAP } from '../src/execution/script-runner.js';
import { RunSandbox, type SandboxOptions } from '../src/sandbox/run-sandbox.js';

/** The sandbox as the runner uses it, with limits small enough for tests to reach. */
export const TEST_SANDBOX: SandboxOptions = {
  bubblewrap: 'bwrap',
  network: false,
  maxProcesses: 16,
  memoryBytes: 160 * 1024 * 1024,
  tmpBytes: 8 * 1024 * 1024,
  uid: 65534,
  gid: 65534,
};

/**
 * Starts the real sandbox. It needs bubblewrap (Debian/Ubuntu: `apt-get install bubblewrap`),
 * which the README lists among what the tests need; without it this fails, naming it.
 */
export function testSandbox(overrides: Partial<SandboxOptions> = {}): Promise<RunSandbox> {
  return RunSandbox.create({ ...TEST_SANDBOX, ...overrides }, 'python3', BOOTSTRAP);
}
