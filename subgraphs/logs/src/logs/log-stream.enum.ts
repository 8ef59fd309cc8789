import { registerEnumType } from 'type-graphql';
import type { LogStreamName } from '../sources/log-source.js';

export enum LogStream {
  STDOUT = 'STDOUT',
  STDERR = 'STDERR',
}

registerEnumType(LogStream, {
  name: 'LogStream',
  description: 'The output of a container a log line was written to.',
  valuesConfig: {
    STDOUT: { description: 'Standard output.' },
    STDERR: { description: 'Standard error.' },
  },
});

export function toLogStream(stream: LogStreamName | null): LogStream | null {
  if (stream === null) return null;
  return stream === 'stdout' ? LogStream.STDOUT : LogStream.STDERR;
}
