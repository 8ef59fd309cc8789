import type { LogStreamName } from '../log-source.js';

/** Where a raw record's header ends: `<time> <stream> <P|F> `, or null for a line that is not a record. */
function header(raw: string): { stream: LogStreamName; partial: boolean } | null {
  const afterTime = raw.indexOf(' ');
  const afterStream = afterTime === -1 ? -1 : raw.indexOf(' ', afterTime + 1);
  if (afterStream === -1) return null;
  const stream = raw.slice(afterTime + 1, afterStream);
  const tag = raw[afterStream + 1];
  if ((stream !== 'stdout' && stream !== 'stderr') || (tag !== 'P' && tag !== 'F')) return null;
  return { stream, partial: tag === 'P' };
}

/**
 * Passes over records that cannot hold a plain-substring `grep` before they are parsed: most of
 * a long log is such records, and parsing (time, stream, message) is where reading spends its
 * time. A full record without the substring is skipped, unless the partial records before it
 * (read next, going backwards) make its line: then it is handed back to be read with them.
 */
export class SubstringPrefilter {
  /** The last full record skipped per stream, until an older record shows whether it stands alone. */
  private readonly skipped = new Map<LogStreamName, string>();

  constructor(private readonly substring: string) {}

  /**
   * What to read for the next older raw record: `skip` (nothing; its stream's line is complete),
   * or the records to parse, oldest last (a skipped full record comes back before its parts).
   */
  next(raw: string): { skip: LogStreamName } | { read: string[] } {
    const record = header(raw);
    if (!record) return { read: [raw] };
    const skipped = this.skipped.get(record.stream);
    this.skipped.delete(record.stream);
    if (record.partial) return { read: skipped === undefined ? [raw] : [skipped, raw] };
    if (raw.includes(this.substring)) return { read: [raw] };
    this.skipped.set(record.stream, raw);
    return { skip: record.stream };
  }
}
