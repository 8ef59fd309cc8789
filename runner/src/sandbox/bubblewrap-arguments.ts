import { existsSync, lstatSync, readlinkSync } from 'node:fs';
import type { InterpreterLayout } from './interpreter-layout.js';

/** Where a run's folder appears inside the sandbox: its working directory and HOME. */
export const SANDBOX_RUN_FOLDER = '/run/script';
/** Where the bootstrap appears inside the sandbox (read-only). */
export const SANDBOX_BOOTSTRAP = '/run/etl/run_script.py';

export interface SandboxMounts {
  layout: InterpreterLayout;
  /** The run's folder on the host, bound read-write at SANDBOX_RUN_FOLDER. */
  runFolder: string;
  /** The bootstrap on the host, bound read-only at SANDBOX_BOOTSTRAP. */
  bootstrap: string;
  /** Lets the run reach the network (its own namespace otherwise: loopback only, nothing on it). */
  network: boolean;
  /** Size of the sandbox's own /tmp (a tmpfs: memory, counted against the run's memory). */
  tmpBytes: number;
}

/**
 * The system library folders the dynamic loader reads. On merged-/usr systems /lib and /lib64 are
 * links into /usr; they are recreated as links, and real folders are bound read-only.
 */
const LIBRARY_FOLDERS = ['/lib', '/lib64', '/lib32', '/usr/lib', '/usr/lib64', '/usr/lib32'];

/**
 * bubblewrap's arguments for one run, up to (not including) the command. Every namespace is new
 * (user, PID, IPC, UTS, mount, cgroup, and network unless allowed); the sandbox sees the
 * interpreter's files and the system libraries read-only, its run folder, a /proc of its own PID
 * namespace, a minimal /dev and its own /tmp, and nothing else of the machine: no /etc, no /home,
 * no service files, no other run. It ends when the runner does (--die-with-parent), runs in a
 * session of its own (no terminal to inject into), may not make user namespaces of its own, and
 * gets the fixed environment only.
 */
export function bubblewrapArguments(mounts: SandboxMounts, env: Record<string, string>): string[] {
  const args = [
    '--unshare-user',
    '--unshare-pid',
    '--unshare-ipc',
    '--unshare-uts',
    '--unshare-cgroup-try',
    ...(mounts.network ? [] : ['--unshare-net']),
    '--disable-userns',
    '--die-with-parent',
    '--new-session',
    '--hostname',
    'script-run',
    '--proc',
    '/proc',
    '--dev',
    '/dev',
    '--size',
    String(mounts.tmpBytes),
    '--tmpfs',
    '/tmp',
  ];
  for (const folder of LIBRARY_FOLDERS) args.push(...systemFolder(folder));
  // The loader's cache: without it every library is searched for along the default paths.
  if (existsSync('/etc/ld.so.cache')) args.push('--ro-bind', '/etc/ld.so.cache', '/etc/ld.so.cache');
  for (const prefix of mounts.layout.prefixes) {
    // A system interpreter lives in /usr, whose bin/ holds every other program: only its
    // libraries (above) and its own executable are shown then.
    if (prefix !== '/usr') args.push('--ro-bind', prefix, prefix);
  }
  args.push('--ro-bind', mounts.layout.executable, mounts.layout.executable);
  args.push('--ro-bind', mounts.bootstrap, SANDBOX_BOOTSTRAP);
  args.push('--bind', mounts.runFolder, SANDBOX_RUN_FOLDER, '--chdir', SANDBOX_RUN_FOLDER);
  args.push('--clearenv');
  for (const [name, value] of Object.entries(env)) args.push('--setenv', name, value);
  return args;
}

function systemFolder(path: string): string[] {
  let stats;
  try {
    stats = lstatSync(path);
  } catch {
    return [];
  }
  if (stats.isSymbolicLink()) return ['--symlink', readlinkSync(path), path];
  return stats.isDirectory() ? ['--ro-bind', path, path] : [];
}
