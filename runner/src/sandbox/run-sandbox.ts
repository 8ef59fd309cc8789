import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { chmod, chown, lstat, mkdtemp, readdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { promisify } from 'node:util';
import { bubblewrapArguments, SANDBOX_BOOTSTRAP } from './bubblewrap-arguments.js';
import { probeInterpreter, type InterpreterLayout } from './interpreter-layout.js';
import { findCgroupParents, RunCgroup } from './run-cgroup.js';

/** How runs are isolated, as configured. */
export interface SandboxOptions {
  /** The bubblewrap executable. */
  bubblewrap: string;
  /** Lets runs reach the network. */
  network: boolean;
  /** Processes a run may have at once, all of them together. */
  maxProcesses: number;
  /** Memory of the whole run, all processes and its /tmp together. */
  memoryBytes: number;
  /** Size of the run's own /tmp. */
  tmpBytes: number;
  /** The unprivileged user and group runs get when the runner itself runs as root. */
  uid: number;
  gid: number;
}

/** What the interpreter process needs to start one sandboxed run. */
export interface SandboxedCommand {
  file: string;
  args: string[];
  uid?: number;
  gid?: number;
  /** After the run's first process ended: kills what is left, removes the control group. */
  finish(): Promise<{ memoryExceeded: boolean }>;
}

/**
 * Runs each script in bubblewrap: new namespaces, the interpreter's files read-only, the run
 * folder, nothing else of the machine (see bubblewrapArguments). As root the runner hands the
 * run to an unprivileged user first; where it may make control groups (cgroup v1), each run gets
 * one for memory and processes; elsewhere the bootstrap's rlimits hold, and RLIMIT_NPROC counts
 * the run's own processes, since each run has a user namespace of its own.
 */
export class RunSandbox {
  private constructor(
    private readonly options: SandboxOptions,
    private readonly bootstrap: string,
    private readonly layout: InterpreterLayout,
    private readonly cgroupParents: string[] | null,
  ) {}

  /** Checks that bubblewrap starts the interpreter here; rejects with the reason when it cannot. */
  static async create(options: SandboxOptions, python: string, bootstrap: string): Promise<RunSandbox> {
    const layout = await probeInterpreter(python);
    const root = process.getuid?.() === 0;
    const parents = root ? findCgroupParents() : null;
    const cgroupParents = parents && (await writable(parents)) ? parents : null;
    // bubblewrap binds the bootstrap as the sandbox's user, who may not reach the service's own
    // folder (a private home or checkout): as root, it binds a copy every user may read.
    const shared = root ? await readableCopy(bootstrap) : bootstrap;
    const sandbox = new RunSandbox(options, shared, layout, cgroupParents);
    await sandbox.selfTest();
    return sandbox;
  }

  /** True when each run gets a control group (memory and process limits for the whole run). */
  get usesCgroups(): boolean {
    return this.cgroupParents !== null;
  }

  /**
   * Hands the run folder to the sandbox's user, makes the run's control group, and answers the
   * command that starts `python <flags> <bootstrap> <bootstrapArgs> <max processes>` in the sandbox.
   */
  async prepare(
    runFolder: string,
    flags: string[],
    bootstrapArgs: string[],
    env: Record<string, string>,
  ): Promise<SandboxedCommand> {
    const owner = this.owner();
    if (owner) await chownTree(runFolder, owner.uid, owner.gid);
    const limits = { memoryBytes: this.options.memoryBytes, maxProcesses: this.options.maxProcesses };
    const cgroup = this.cgroupParents ? await RunCgroup.create(this.cgroupParents, limits, owner) : null;
    const bubblewrap = [
      this.options.bubblewrap,
      ...this.arguments(runFolder, env),
      this.layout.executable,
      ...flags,
      SANDBOX_BOOTSTRAP,
      ...bootstrapArgs,
      String(this.options.maxProcesses),
    ];
    // The first process enters the control groups, then becomes bubblewrap: every process of the
    // run starts inside them. The paths are arguments, never part of the shell's program.
    const [file, ...args] = cgroup
      ? [
          '/bin/sh',
          '-c',
          ENTER_CGROUPS,
          'enter-cgroups',
          String(cgroup.procsFiles.length),
          ...cgroup.procsFiles,
          ...bubblewrap,
        ]
      : bubblewrap;
    return {
      file: file!,
      args,
      ...owner,
      // Called once the run ended and again in the runner's cleanup: the first call does the work.
      finish: once(async () => {
        if (!cgroup) return { memoryExceeded: false };
        const memoryExceeded = await cgroup.memoryExceeded();
        await cgroup.remove();
        return { memoryExceeded };
      }),
    };
  }

  private arguments(runFolder: string, env: Record<string, string>): string[] {
    const { network, tmpBytes } = this.options;
    return bubblewrapArguments({ layout: this.layout, runFolder, bootstrap: this.bootstrap, network, tmpBytes }, env);
  }

  private owner(): { uid: number; gid: number } | undefined {
    return process.getuid?.() === 0 ? { uid: this.options.uid, gid: this.options.gid } : undefined;
  }

  /** One run of `python -c pass` in the sandbox, so that a machine that cannot is found at start. */
  private async selfTest(): Promise<void> {
    const folder = await mkdtemp(join(tmpdir(), 'etl-sandbox-check-'));
    try {
      const owner = this.owner();
      if (owner) await chown(folder, owner.uid, owner.gid);
      const args = [...this.arguments(folder, {}), this.layout.executable, '-I', '-S', '-c', 'pass'];
      await promisify(execFile)(this.options.bubblewrap, args, { timeout: 10_000, ...owner }).catch((error) => {
        const { code, stderr } = error as { code?: string; stderr?: string };
        if (code === 'ENOENT') throw new Error(`bubblewrap is not installed (${this.options.bubblewrap} not found)`);
        throw new Error(`bubblewrap cannot start a run here: ${(stderr || String(error)).trim()}`);
      });
    } finally {
      await rm(folder, { recursive: true, force: true });
    }
  }
}

const ENTER_CGROUPS =
  'n=$1; shift; while [ "$n" -gt 0 ]; do echo $$ > "$1" || exit 125; shift; n=$((n-1)); done; exec "$@"';

/**
 * A copy of `file` every user may read, in a folder of the system's temp directory named by the
 * content's hash: made once, and used again only while root owns it and it holds that content
 * (another user of /tmp could have made the folder first).
 */
async function readableCopy(file: string): Promise<string> {
  const content = await readFile(file);
  const digest = createHash('sha256').update(content).digest('hex').slice(0, 16);
  const folder = join(tmpdir(), `etl-run-bootstrap-${digest}`);
  const copy = join(folder, basename(file));
  if (await isRootsCopy(folder, copy, content)) return copy;
  const staging = await mkdtemp(join(tmpdir(), 'etl-run-bootstrap-'));
  await writeFile(join(staging, basename(file)), content, { mode: 0o644 });
  await chmod(staging, 0o755);
  try {
    await rename(staging, folder);
    return copy;
  } catch {
    // Made meanwhile by another start, or by someone else: the staging copy serves this one.
    return join(staging, basename(file));
  }
}

async function isRootsCopy(folder: string, copy: string, content: Buffer): Promise<boolean> {
  try {
    const [folderStats, copyStats] = await Promise.all([lstat(folder), lstat(copy)]);
    const rootOwned = folderStats.uid === 0 && copyStats.uid === 0 && folderStats.isDirectory() && copyStats.isFile();
    return rootOwned && (folderStats.mode & 0o022) === 0 && (await readFile(copy)).equals(content);
  } catch {
    return false;
  }
}

async function writable(parents: string[]): Promise<boolean> {
  const probe = await RunCgroup.create(parents, { memoryBytes: 64 * 1024 * 1024, maxProcesses: 4 }).catch(() => null);
  await probe?.remove();
  return probe !== null;
}

/** chown -R without following links: the folder holds only what the runner placed there. */
async function chownTree(path: string, uid: number, gid: number): Promise<void> {
  const stats = await lstat(path);
  if (stats.isSymbolicLink()) return;
  await chown(path, uid, gid);
  if (!stats.isDirectory()) return;
  for (const entry of await readdir(path)) await chownTree(join(path, entry), uid, gid);
}

function once<T>(work: () => Promise<T>): () => Promise<T> {
  let result: Promise<T> | undefined;
  return () => (result ??= work());
}
