import type { LogStreamName } from '../log-source.js';
import { parseRfc3339Nano } from '../rfc3339-nano.js';

/** One record of the container runtime's log format: `<RFC3339Nano> <stdout|stderr> <P|F> <message>`. */
export interface CriRecord {
  time: Date;
  /** The sub-millisecond nanoseconds of the timestamp (0–999999). */
  nanos: number;
  stream: LogStreamName;
  /** A `P` record is the start or middle of a line longer than the runtime's buffer. */
  partial: boolean;
  message: string;
}

const RECORD = /^(\S+) (stdout|stderr) ([PF])(?: (.*))?$/s;

/** Reads one record; null for a line that is not one (a torn write, a foreign file), which is skipped. */
export function parseCriRecord(line: string): CriRecord | null {
  const record = RECORD.exec(line);
  if (!record) return null;
  const time = parseRfc3339Nano(record[1]!);
  if (!time) return null;
  return {
    time: time.time,
    nanos: time.nanos,
    stream: record[2] as LogStreamName,
    partial: record[3] === 'P',
    message: record[4] ?? '',
  };
}
