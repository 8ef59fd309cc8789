import { Field, ObjectType } from 'type-graphql';
import type { LogEntry, PodLogResult } from '../sources/log-source.js';
import { LogStream, toLogStream } from './log-stream.enum.js';

@ObjectType({ description: 'One line of a container log.' })
export class LogLine {
  @Field(() => Date, { description: 'When the container runtime received the line.' })
  timestamp!: Date;

  @Field(() => LogStream, {
    nullable: true,
    description:
      'The output the line was written to; null when the log source cannot tell (the Kubernetes log API does not say).',
  })
  stream!: LogStream | null;

  @Field(() => String, { description: 'The line, without its newline; a line split by the runtime is joined whole.' })
  message!: string;

  static from(entry: LogEntry): LogLine {
    return Object.assign(new LogLine(), {
      timestamp: entry.time,
      stream: toLogStream(entry.stream),
      message: entry.message,
    });
  }
}

@ObjectType({ description: "The end of one container's log." })
export class PodLogs {
  @Field(() => String, { description: "The pod's namespace." })
  namespace!: string;

  @Field(() => String, { description: "The pod's name." })
  pod!: string;

  @Field(() => String, { description: "The container whose log this is (the pod's only one when none was named)." })
  container!: string;

  @Field(() => Boolean, {
    description:
      'Whether lines were left out: older matching lines beyond `tailLines`, bytes beyond `limitBytes`, or a search that stopped at the scan limit.',
  })
  truncated!: boolean;

  @Field(() => [LogLine], { description: 'The lines, oldest first.' })
  lines!: LogLine[];

  static from(namespace: string, pod: string, result: PodLogResult): PodLogs {
    return Object.assign(new PodLogs(), {
      namespace,
      pod,
      container: result.container,
      truncated: result.truncated,
      lines: result.lines.map(LogLine.from),
    });
  }
}

@ObjectType({ description: 'A log line of one of several pods, as `logs` merges them.' })
export class PodLogLine extends LogLine {
  @Field(() => String, { description: "The pod's namespace." })
  namespace!: string;

  @Field(() => String, { description: 'The pod the line comes from.' })
  pod!: string;

  @Field(() => String, { description: 'The container the line comes from.' })
  container!: string;
}
