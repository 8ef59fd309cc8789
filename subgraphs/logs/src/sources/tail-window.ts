import type { LineFilter, LogEntry } from './log-source.js';

/**
 * The lines of a log read from its end: receives lines newest first and keeps what Kubernetes'
 * pod-log API would return, so that both sources answer alike. `tailLines` counts lines that pass
 * the filter; `limitBytes` then keeps the oldest part of that window (the API's `limitBytes`
 * counts from the start of what it sends), cutting the one line that does not fit alone. Memory
 * stays within `limitBytes` plus one line, however far back the reader goes.
 */
export class TailWindow {
  /** Newest first; the kept lines are `lines[start..]`. */
  private readonly lines: LogEntry[] = [];
  private start = 0;
  private bytes = 0;
  private accepted = 0;
  private cut = false;

  constructor(
    private readonly tailLines: number,
    private readonly limitBytes: number,
    private readonly filter: LineFilter | null,
  ) {}

  /** Offers the next older line; false once the window is full and an older matching line exists. */
  offer(entry: LogEntry): boolean {
    if (this.filter && !this.filter.test(entry.message)) return true;
    if (this.accepted === this.tailLines) {
      this.cut = true;
      return false;
    }
    this.accepted++;
    this.lines.push(entry);
    this.bytes += lineBytes(entry);
    while (this.bytes > this.limitBytes && this.lines.length - this.start > 1) {
      this.bytes -= lineBytes(this.lines[this.start]!);
      this.start++;
      this.cut = true;
    }
    return true;
  }

  /** Whether the window is known to be complete: `tailLines` matching lines taken. */
  get full(): boolean {
    return this.accepted === this.tailLines;
  }

  /** Marks lines as left out for a reason the window cannot see (a scan limit, a cut response). */
  markTruncated(): void {
    this.cut = true;
  }

  get truncated(): boolean {
    return this.cut;
  }

  /** The kept lines, oldest first; a single line over the byte limit is cut to fit. */
  result(): LogEntry[] {
    const kept = this.lines.slice(this.start).reverse();
    const only = kept.length === 1 ? kept[0]! : null;
    if (only && lineBytes(only) > this.limitBytes) {
      this.cut = true;
      kept[0] = { ...only, message: cutToBytes(only.message, this.limitBytes - 1) };
    }
    return kept;
  }
}

/** A line's size as the API counts it: its message and the newline after it. */
export function lineBytes(entry: LogEntry): number {
  return Buffer.byteLength(entry.message) + 1;
}

/** The longest prefix of `text` of at most `max` UTF-8 bytes, never splitting a character. */
export function cutToBytes(text: string, max: number): string {
  const bytes = Buffer.from(text);
  if (bytes.length <= max) return text;
  let end = Math.max(0, max);
  while (end > 0 && (bytes[end]! & 0xc0) === 0x80) end--;
  return bytes.subarray(0, end).toString();
}
