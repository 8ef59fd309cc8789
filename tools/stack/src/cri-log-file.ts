import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';

/** Kubelet splits lines longer than 16 KiB into partial (`P`) records; this splits at 16 Ki characters. */
const MAX_RECORD_CHARS = 16 * 1024;

/** RFC 3339 with nanoseconds, as the container runtime writes it. */
export function criTimestamp(date = new Date()): string {
  return date.toISOString().replace(/\.(\d{3})Z$/, '.$1000000Z');
}

/**
 * Writes a process's output in the container runtime's log format
 * (`<time> <stdout|stderr> <P|F> <message>`), so the logs subgraph's file source reads the
 * local stack exactly as it reads a Kubernetes node's `/var/log/pods`.
 */
export class CriLogFile {
  private readonly out: WriteStream;
  private readonly pending: Record<'stdout' | 'stderr', string> = { stdout: '', stderr: '' };

  constructor(path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.out = createWriteStream(path, { flags: 'a' });
  }

  write(stream: 'stdout' | 'stderr', chunk: string): void {
    let text = this.pending[stream] + chunk;
    let newline: number;
    while ((newline = text.indexOf('\n')) !== -1) {
      this.record(stream, 'F', text.slice(0, newline));
      text = text.slice(newline + 1);
    }
    while (text.length > MAX_RECORD_CHARS) {
      this.record(stream, 'P', text.slice(0, MAX_RECORD_CHARS));
      text = text.slice(MAX_RECORD_CHARS);
    }
    this.pending[stream] = text;
  }

  private record(stream: 'stdout' | 'stderr', tag: 'P' | 'F', message: string): void {
    this.out.write(`${criTimestamp()} ${stream} ${tag} ${message}\n`);
  }

  close(): Promise<void> {
    for (const stream of ['stdout', 'stderr'] as const) {
      if (this.pending[stream]) this.record(stream, 'F', this.pending[stream]);
      this.pending[stream] = '';
    }
    return new Promise((resolve) => this.out.end(resolve));
  }
}
