import { spawn, type ChildProcess } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';
import { prettyFactory } from 'pino-pretty';
import { CriLogFile } from './cri-log-file.js';
import type { LocalPod } from './local-pod.js';

export interface ServiceDefinition {
  name: string;
  /** The service's compiled entry point. */
  entry: string;
  port: number;
  env: NodeJS.ProcessEnv;
}

const pretty = prettyFactory({
  colorize: process.stdout.isTTY,
  ignore: 'pid,hostname,service',
  translateTime: 'HH:MM:ss.l',
});
const MAX_RESTARTS = 5;

/**
 * One service of the local stack as its own Node process: output to the console (readable) and
 * to its pod's log file (as the runtime writes it); restarted with back-off when it dies, as a
 * kubelet would; stopped with SIGTERM so it drains like in a cluster.
 */
export class ServiceProcess {
  private child: ChildProcess | null = null;
  private stopping = false;
  private restarts = 0;

  constructor(
    private readonly definition: ServiceDefinition,
    private readonly pod: LocalPod,
  ) {}

  get name(): string {
    return this.definition.name;
  }

  start(): void {
    const log = new CriLogFile(this.pod.logPath());
    const child = spawn(process.execPath, ['--enable-source-maps', this.definition.entry], {
      env: { ...this.definition.env, PORT: String(this.definition.port) },
      stdio: ['ignore', 'pipe', 'pipe'],
      // Its own process group: Ctrl-C reaches only the launcher, which stops services in order
      // (the gateway first, so no request meets a subgraph that is already gone).
      detached: true,
    });
    process.once('exit', () => {
      if (child.exitCode === null) child.kill('SIGKILL');
    });
    this.child = child;
    this.pod.update({ phase: 'Running', ready: false });
    for (const stream of ['stdout', 'stderr'] as const) {
      child[stream]!.setEncoding('utf8');
      let partial = '';
      child[stream]!.on('data', (chunk: string) => {
        log.write(stream, chunk);
        const lines = (partial + chunk).split('\n');
        partial = lines.pop() ?? '';
        for (const line of lines) this.echo(line);
      });
    }
    child.on('exit', (code, signal) => void this.onExit(code, signal, log));
  }

  private echo(line: string): void {
    const shown = line.startsWith('{') ? pretty(line).trimEnd() : line;
    process.stdout.write(`${this.name.padEnd(8)}| ${shown}\n`);
  }

  private async onExit(code: number | null, signal: NodeJS.Signals | null, log: CriLogFile): Promise<void> {
    await log.close();
    this.pod.update({ ready: false });
    if (this.stopping) {
      this.pod.update({ phase: code === 0 ? 'Succeeded' : 'Failed' });
      return;
    }
    this.restarts += 1;
    if (this.restarts > MAX_RESTARTS) {
      this.pod.update({ phase: 'Failed' });
      this.echo(`exited (${signal ?? code}) ${MAX_RESTARTS} times: not restarting`);
      return;
    }
    const delay = Math.min(30_000, 1_000 * 2 ** (this.restarts - 1));
    this.echo(`exited (${signal ?? code}); restarting in ${delay / 1000} s`);
    await sleep(delay);
    if (this.stopping) return;
    this.pod.update({ restarted: true });
    this.start();
  }

  /** Resolves once `/readyz` answers 200; rejects when the process dies first or time runs out. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (Date.now() < deadline) {
      if (this.child?.exitCode !== null && this.restarts > MAX_RESTARTS) break;
      try {
        const response = await fetch(`http://127.0.0.1:${this.definition.port}/readyz`);
        if (response.ok) {
          this.pod.update({ ready: true });
          return;
        }
      } catch {
        // not listening yet
      }
      await sleep(200);
    }
    throw new Error(`${this.name} did not become ready on port ${this.definition.port}; see its log above`);
  }

  /** From now on an exit is expected, not a crash to restart after. */
  expectExit(): void {
    this.stopping = true;
  }

  async stop(timeoutMs = 20_000): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    await exited;
    clearTimeout(timer);
  }
}
