import { compareEntries, type LogEntry, type LogStreamName } from '../log-source.js';
import type { CriRecord } from './cri-record.js';

/** Shared empty answer: most records complete no line, and this path runs once per record. */
const NOTHING: readonly LogEntry[] = [];

interface OpenLine {
  parts: string[];
  first: CriRecord;
  bytes: number;
}

/**
 * Joins the runtime's partial (`P`) records into whole lines while reading a log backwards.
 * Going back, an `F` record ends a line and the `P` records before it (of the same stream:
 * stdout and stderr may interleave) are its earlier parts; the line is complete when an older
 * record of that stream is a full one, or the file starts. A line takes the time of its first
 * part. Completed lines are handed out newest first: one is held back while a line of the other
 * stream that may still turn out newer is being assembled.
 */
export class PartialLineJoiner {
  private readonly open = new Map<LogStreamName, OpenLine>();
  /** Completed lines not yet handed out, newest first. */
  private held: LogEntry[] = [];

  constructor(
    /** A line longer than this is given up on (and reported cut) instead of held in memory. */
    private readonly maxLineBytes: number,
  ) {}

  /** Takes the next older record; returns the lines now known complete and in order, newest first. */
  push(record: CriRecord): readonly LogEntry[] {
    const line = this.open.get(record.stream);
    if (line && record.partial) {
      line.parts.push(record.message);
      line.first = record;
      line.bytes += Buffer.byteLength(record.message);
    } else {
      if (line) this.hold(this.complete(record.stream));
      this.open.set(record.stream, {
        parts: [record.message],
        first: record,
        bytes: Buffer.byteLength(record.message),
      });
    }
    return this.release();
  }

  /**
   * An older full record of `stream` was passed over unread: the line being assembled for that
   * stream has no earlier part, so it is complete, as `push` of that record would have found.
   */
  close(stream: LogStreamName): readonly LogEntry[] {
    if (this.open.has(stream)) this.hold(this.complete(stream));
    return this.release();
  }

  /** Whether a line is still being assembled. */
  get assembling(): boolean {
    return this.open.size > 0;
  }

  /** Whether a line being assembled has outgrown the limit, so reading further is pointless. */
  get overlong(): boolean {
    for (const line of this.open.values()) if (line.bytes > this.maxLineBytes) return true;
    return false;
  }

  /** Reading stops (the file's start, or a limit): every line being assembled counts as complete. */
  flush(): LogEntry[] {
    for (const stream of [...this.open.keys()]) this.hold(this.complete(stream));
    const all = this.held;
    this.held = [];
    return all;
  }

  private hold(entry: LogEntry): void {
    this.held.push(entry);
    if (this.held.length > 1) this.held.sort((a, b) => compareEntries(b, a));
  }

  /** Lines at least as new as the start of every line being assembled can no longer be overtaken. */
  private release(): readonly LogEntry[] {
    if (this.held.length === 0) return NOTHING;
    let newestOpen: CriRecord | null = null;
    for (const line of this.open.values()) {
      if (!newestOpen || compareEntries(line.first, newestOpen) > 0) newestOpen = line.first;
    }
    let count = 0;
    while (count < this.held.length && (!newestOpen || compareEntries(this.held[count]!, newestOpen) >= 0)) count++;
    return count === 0 ? NOTHING : this.held.splice(0, count);
  }

  private complete(stream: LogStreamName): LogEntry {
    const line = this.open.get(stream)!;
    this.open.delete(stream);
    return { time: line.first.time, nanos: line.first.nanos, stream, message: line.parts.reverse().join('') };
  }
}
