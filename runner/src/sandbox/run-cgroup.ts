import { randomUUID } from 'node:crypto';
import { chown, mkdir, readFile, rmdir, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

/** The limits a run's control group holds for all of the run's processes together. */
export interface RunCgroupLimits {
  memoryBytes: number;
  maxProcesses: number;
}

/**
 * Where this machine lets the runner make control groups: the cgroup v1 `memory` and `pids`
 * hierarchies, each at the runner's own group, when it may write there (root on a host or a
 * privileged container). cgroup v2 needs a delegated subtree, which the runner does not set up:
 * there it uses rlimits and the per-run process count instead (see RunSandbox).
 */
export function findCgroupParents(procSelfCgroup = '/proc/self/cgroup', root = '/sys/fs/cgroup'): string[] | null {
  let lines: string[];
  try {
    lines = readFileSync(procSelfCgroup, 'utf8').trim().split('\n');
  } catch {
    return null;
  }
  const own = (controller: string) => {
    const line = lines.find((entry) => entry.split(':')[1]?.split(',').includes(controller));
    return line ? join(root, controller, line.split(':').slice(2).join(':')) : null;
  };
  const memory = own('memory');
  const pids = own('pids');
  return memory && pids ? [memory, pids] : null;
}

/**
 * One run's control groups (memory and pids): made before the run, entered by its first process
 * before bubblewrap starts, so every process of the run is in them; killed and removed after.
 */
export class RunCgroup {
  private constructor(
    private readonly memoryDir: string,
    private readonly pidsDir: string,
  ) {}

  static async create(parents: string[], limits: RunCgroupLimits, owner?: { uid: number; gid: number }) {
    const name = `etl-run-${randomUUID()}`;
    const [memoryDir, pidsDir] = parents.map((parent) => join(parent, name)) as [string, string];
    await mkdir(memoryDir);
    const cgroup = new RunCgroup(memoryDir, pidsDir);
    try {
      await mkdir(pidsDir);
      await writeFile(join(memoryDir, 'memory.limit_in_bytes'), String(limits.memoryBytes));
      // Swap would let a run hold more than its limit; where the kernel accounts it, it is capped too.
      await writeFile(join(memoryDir, 'memory.memsw.limit_in_bytes'), String(limits.memoryBytes)).catch(() => {});
      await writeFile(join(pidsDir, 'pids.max'), String(limits.maxProcesses));
      // The run's first process moves itself in after the runner dropped to the sandbox's user.
      if (owner) {
        for (const dir of [memoryDir, pidsDir]) await chown(join(dir, 'cgroup.procs'), owner.uid, owner.gid);
      }
    } catch (error) {
      await cgroup.remove();
      throw error;
    }
    return cgroup;
  }

  /** The files the run's first process writes its pid to. */
  get procsFiles(): string[] {
    return [join(this.memoryDir, 'cgroup.procs'), join(this.pidsDir, 'cgroup.procs')];
  }

  /** True when the kernel refused memory to the run (it then kills a process of the run). */
  async memoryExceeded(): Promise<boolean> {
    const failures = await readFile(join(this.memoryDir, 'memory.failcnt'), 'utf8').catch(() => '0');
    return Number(failures.trim()) > 0;
  }

  /** Kills every process of the run and waits until none is left (at most `waitMs`). */
  async killAll(waitMs = 2000): Promise<boolean> {
    const until = Date.now() + waitMs;
    for (;;) {
      const pids = await this.pids();
      if (pids.length === 0) return true;
      for (const pid of pids) {
        try {
          process.kill(pid, 'SIGKILL');
        } catch {
          // Gone already.
        }
      }
      if (Date.now() > until) return false;
      await sleep(10);
    }
  }

  async remove(): Promise<void> {
    await this.killAll();
    for (const dir of [this.memoryDir, this.pidsDir]) await rmdir(dir).catch(() => {});
  }

  private async pids(): Promise<number[]> {
    const lists = await Promise.all(this.procsFiles.map((file) => readFile(file, 'utf8').catch(() => '')));
    return [...new Set(lists.join('\n').split('\n').filter(Boolean).map(Number))];
  }
}
