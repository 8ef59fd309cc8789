import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';

const START_TIMEOUT_MS = 120_000;
/** Linux's USER_HZ: /proc reports CPU time in these ticks. */
export const TICKS_PER_SECOND = 100;

export interface ResourceUsage {
  /** CPU time over wall time: 1.0 is one core busy for the whole run. */
  cpuCores: number;
  peakRssMiB: number;
}

/**
 * One service of the benchmark as its own Node process, told its port up front; started once,
 * polled at `readyUrl` until it answers, stopped with SIGTERM. Its CPU and memory are read from
 * /proc (Linux), so the figures include everything the process does, garbage collection too.
 */
export class BenchProcess {
  private child: ChildProcess | null = null;
  private output = '';

  constructor(
    readonly name: string,
    private readonly entry: string,
    private readonly env: NodeJS.ProcessEnv,
    private readonly nodeArgs: string[] = [],
  ) {}

  get pid(): number {
    if (!this.child?.pid) throw new Error(`${this.name} is not running`);
    return this.child.pid;
  }

  async start(readyCheck: () => Promise<boolean>): Promise<void> {
    const child = spawn(process.execPath, [...this.nodeArgs, this.entry], {
      env: { PATH: process.env.PATH, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    const keep = (chunk: Buffer) => {
      this.output = (this.output + chunk.toString()).slice(-20_000);
    };
    child.stdout!.on('data', keep);
    child.stderr!.on('data', keep);
    const started = Date.now();
    while (Date.now() - started < START_TIMEOUT_MS) {
      if (child.exitCode !== null) throw new Error(`${this.name} exited with ${child.exitCode}:\n${this.output}`);
      if (await readyCheck().catch(() => false)) return;
      await sleep(200);
    }
    throw new Error(`${this.name} did not become ready in ${START_TIMEOUT_MS / 1000} s:\n${this.output}`);
  }

  /** CPU ticks (user + system) so far. */
  cpuTicks(): number {
    const stat = readFileSync(`/proc/${this.pid}/stat`, 'utf8');
    // Fields after the command name, which is in parentheses and may hold spaces.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return Number(fields[11]) + Number(fields[12]);
  }

  rssMiB(): number {
    const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
    const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return kib / 1024;
  }

  /** Samples the process while `work` runs: CPU share and the highest resident set seen. */
  async measure<T>(work: () => Promise<T>): Promise<{ result: T; usage: ResourceUsage }> {
    const ticksBefore = this.cpuTicks();
    const startedAt = performance.now();
    let peak = this.rssMiB();
    const sampler = setInterval(() => {
      peak = Math.max(peak, this.rssMiB());
    }, 100);
    try {
      const result = await work();
      const seconds = (performance.now() - startedAt) / 1000;
      const cpuCores = (this.cpuTicks() - ticksBefore) / TICKS_PER_SECOND / seconds;
      peak = Math.max(peak, this.rssMiB());
      return { result, usage: { cpuCores, peakRssMiB: peak } };
    } finally {
      clearInterval(sampler);
    }
  }

  recentOutput(): string {
    return this.output;
  }

  async stop(): Promise<void> {
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = once(child, 'exit');
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 15_000);
    await exited;
    clearTimeout(timer);
  }
}

/** True once `url` answers 200 (a `/readyz`). */
export function answers(url: string): () => Promise<boolean> {
  return async () => (await fetch(url)).status === 200;
}

/** True once a GraphQL endpoint answers `{ __typename }` (gateways without a readiness URL). */
export function answersGraphQL(url: string): () => Promise<boolean> {
  return async () => {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    return response.status === 200;
  };
}
