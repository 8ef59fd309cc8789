import { spawn, type ChildProcess } from 'node:child_process';
import { execFile } from 'node:child_process';
import { once } from 'node:events';
import { chmod, chown, mkdir, rm, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { postgresUser, runnableBinaries } from './postgres-binaries.js';

export interface PostgresServerOptions {
  /** The cluster's folder: made and initialised (initdb) when it holds no cluster yet. */
  dataDir: string;
  port: number;
  /** The password of the `postgres` superuser; checked with scram-sha-256 on every connection. */
  password: string;
  /** More `-c name=value` settings. */
  settings?: Record<string, string>;
  /** PostgreSQL's own log lines. */
  onLog?: (line: string) => void;
}

/**
 * Who may connect how: over loopback TCP only (there is no Unix socket), every role with its
 * password checked by scram-sha-256; no `trust`, no cleartext `password`, no `md5`.
 */
export const HOST_BASED_AUTHENTICATION = [
  '# Written by the launcher at every start (tools/embedded-postgres): edits are overwritten.',
  'host all all 127.0.0.1/32 scram-sha-256',
  'host all all ::1/128 scram-sha-256',
  '',
].join('\n');

/** How long PostgreSQL may take to accept connections before the start counts as failed. */
const START_TIMEOUT_MS = 60_000;

/**
 * One PostgreSQL server of the project's own, from the embedded binaries: listening on loopback
 * TCP only (no Unix socket), password-checked with scram-sha-256, run as the `postgres` system
 * user when started by root. `stop` shuts it down fast (SIGINT) and waits for it.
 */
export class PostgresServer {
  private constructor(
    private readonly child: ChildProcess,
    private readonly options: PostgresServerOptions,
  ) {}

  static async start(options: PostgresServerOptions): Promise<PostgresServer> {
    const user = postgresUser();
    const binaries = runnableBinaries(user);
    if (!existsSync(join(options.dataDir, 'PG_VERSION'))) await initialise(binaries, options, user);
    // Rewritten at every start, so that a cluster made with another method (trust, md5) is held
    // to scram-sha-256 too; writing an existing file keeps its owner (the `postgres` user).
    await writeFile(join(options.dataDir, 'pg_hba.conf'), HOST_BASED_AUTHENTICATION);
    const settings = {
      listen_addresses: '127.0.0.1',
      unix_socket_directories: '',
      password_encryption: 'scram-sha-256',
      ...options.settings,
    };
    const args = ['-D', options.dataDir, '-p', String(options.port)];
    for (const [name, value] of Object.entries(settings)) args.push('-c', `${name}=${value}`);
    const child = spawn(join(binaries, 'bin', 'postgres'), args, {
      ...user,
      env: { ...process.env, LC_MESSAGES: 'C' },
      stdio: ['ignore', 'ignore', 'pipe'],
    });
    await ready(child, options.onLog);
    return new PostgresServer(child, options);
  }

  /** A connection URL for `database` as the superuser. */
  urlFor(database: string): string {
    const password = encodeURIComponent(this.options.password);
    return `postgres://postgres:${password}@127.0.0.1:${this.options.port}/${database}`;
  }

  async stop(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGINT');
    await exited;
  }
}

async function initialise(binaries: string, options: PostgresServerOptions, user?: { uid: number; gid: number }) {
  await mkdir(options.dataDir, { recursive: true, mode: 0o700 });
  const passwordFile = join(options.dataDir, '..', `.pg-password-${process.pid}`);
  await writeFile(passwordFile, `${options.password}\n`, { mode: 0o600 });
  try {
    if (user) {
      await chown(options.dataDir, user.uid, user.gid);
      await chown(passwordFile, user.uid, user.gid);
    }
    await chmod(options.dataDir, 0o700);
    const args = [
      `--pgdata=${options.dataDir}`,
      '--username=postgres',
      `--pwfile=${passwordFile}`,
      '--auth=scram-sha-256',
      '--encoding=UTF8',
      '--locale=C',
    ];
    await promisify(execFile)(join(binaries, 'bin', 'initdb'), args, {
      ...user,
      env: { ...process.env, LC_MESSAGES: 'C' },
    });
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`initdb failed: ${(stderr || (error as Error).message).trim()}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

/** Resolves once PostgreSQL accepts connections; rejects with its last lines when it ends first. */
function ready(child: ChildProcess, onLog?: (line: string) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const tail: string[] = [];
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      reject(new Error(`PostgreSQL did not start within ${START_TIMEOUT_MS / 1000} s: ${tail.join(' ')}`));
    }, START_TIMEOUT_MS);
    child.stderr!.setEncoding('utf8').on('data', (text: string) => {
      for (const line of text.split('\n').filter(Boolean)) {
        onLog?.(line);
        tail.push(line);
        if (tail.length > 10) tail.shift();
        if (line.includes('database system is ready to accept connections')) {
          clearTimeout(timer);
          resolve();
        }
      }
    });
    child.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`PostgreSQL ended (${code ?? signal}) before it was ready: ${tail.join(' ')}`));
    });
  });
}
