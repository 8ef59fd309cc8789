import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { AppError } from '@etl/kit';
import { ConcurrencyGate } from '../concurrency/concurrency-gate.js';
import { ScriptErrorCode } from '../script-errors.js';

/** Shipped beside the package (not generated at run time): parses, never executes. */
const CHECKER = fileURLToPath(new URL('../../python/check_script.py', import.meta.url));

export class InvalidScriptError extends AppError {
  constructor(reason: string, line?: number) {
    const message = line ? `Invalid script (line ${line}): ${reason}` : `Invalid script: ${reason}`;
    super(ScriptErrorCode.INVALID_SCRIPT, message, { reason, ...(line ? { line } : {}) });
  }
}

export interface PythonCheckerOptions {
  /** The interpreter: `python3` on every target machine and in the service image. */
  python: string;
  timeoutMs: number;
  /** Checks running at once; the rest wait, so a burst of uploads cannot fork without bound. */
  concurrency: number;
}

interface CheckReply {
  ok: boolean;
  reason?: string;
  line?: number;
}

/**
 * Validates script content with the machine's own Python parser in a short-lived process:
 * `python3 -I -S` (isolated, no site imports), an empty environment but PATH, a memory cap set
 * by the checker, and a timeout. The content goes in on stdin and is only parsed (`ast.parse`).
 */
export class PythonSyntaxChecker {
  /** Unbounded queue: an upload waits for the parser rather than being refused. */
  private readonly gate: ConcurrencyGate;

  constructor(private readonly options: PythonCheckerOptions) {
    this.gate = new ConcurrencyGate(options.concurrency);
  }

  /** Resolves when the content parses and defines `main(data)`; INVALID_SCRIPT otherwise. */
  async check(content: string): Promise<void> {
    const release = await this.gate.acquire();
    let reply: CheckReply;
    try {
      reply = await this.run(content);
    } finally {
      release();
    }
    if (!reply.ok) throw new InvalidScriptError(reply.reason ?? 'rejected by the Python parser', reply.line);
  }

  private run(content: string): Promise<CheckReply> {
    return new Promise((resolve, reject) => {
      const child = spawn(this.options.python, ['-I', '-S', '-B', CHECKER], {
        env: { PATH: process.env.PATH ?? '/usr/bin:/bin' },
        stdio: ['pipe', 'pipe', 'pipe'],
      });
      let stdout = '';
      let stderr = '';
      let timedOut = false;
      const timer = setTimeout(() => {
        timedOut = true;
        child.kill('SIGKILL');
      }, this.options.timeoutMs);
      child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
      child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk.slice(0, 4096)));
      child.on('error', (error) => {
        clearTimeout(timer);
        reject(new Error(`cannot start ${this.options.python} to check scripts: ${error.message}`));
      });
      child.on('close', (code) => {
        clearTimeout(timer);
        if (timedOut) return resolve({ ok: false, reason: 'the Python parser took too long on this content' });
        try {
          resolve(JSON.parse(stdout) as CheckReply);
        } catch {
          // A MemoryError while parsing ends the process without a reply: the content is the cause.
          if (/MemoryError|RecursionError/.test(stderr)) {
            return resolve({ ok: false, reason: 'the script is too large or nested too deeply to parse' });
          }
          reject(new Error(`script checker exited with ${code}: ${stderr.trim().slice(0, 500)}`));
        }
      });
      // A parse error can close stdin early; the reply above still tells what happened.
      child.stdin.on('error', () => undefined);
      child.stdin.end(content, 'utf8');
    });
  }
}
