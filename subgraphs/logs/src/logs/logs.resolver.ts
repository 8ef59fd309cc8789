import { Arg, Authorized, Int, Query, Resolver } from 'type-graphql';
import type { LogsService } from './logs.service.js';
import { Pod } from './pod.type.js';
import { LogLine, PodLogLine, PodLogs } from './pod-logs.type.js';

const TAIL_LINES =
  'How many lines from the end to return (counting only lines that match `grep`); default and maximum are set by the service (500 and 5000 unless configured).';
const SINCE_SECONDS = 'Only lines from the last this many seconds (at least 1). Not together with `sinceTime`.';
const SINCE_TIME = 'Only lines at or after this instant. Not together with `sinceSeconds`.';
const GREP =
  'Only lines containing this text (case-sensitive), or matching `/regex/` (RE2 syntax; `/regex/i` ignores case); at most 256 characters.';

/** Thin: arguments in, service call, result out. Every query needs `logs:read`. */
@Resolver()
export class LogsResolver {
  constructor(private readonly service: LogsService) {}

  @Authorized('logs:read')
  @Query(() => [Pod], { description: 'The pods of a namespace, by name. Needs `logs:read`.' })
  async pods(
    @Arg('namespace', () => String, { description: 'A namespace the logs service shows.' }) namespace: string,
    @Arg('labelSelector', () => String, {
      nullable: true,
      description: 'Only pods whose labels match, in Kubernetes syntax: `app=api,tier in (web,worker),!canary`.',
    })
    labelSelector: string | null,
  ): Promise<Pod[]> {
    return (await this.service.pods(namespace, labelSelector)).map(Pod.from);
  }

  @Authorized('logs:read')
  @Query(() => PodLogs, {
    description: "The end of one container's log, with Kubernetes' pod-log options and `grep`. Needs `logs:read`.",
  })
  async podLogs(
    @Arg('namespace', () => String, { description: "The pod's namespace." }) namespace: string,
    @Arg('pod', () => String, { description: "The pod's name." }) pod: string,
    @Arg('container', () => String, {
      nullable: true,
      description: 'The container; may be left out when the pod has only one.',
    })
    container: string | null,
    @Arg('tailLines', () => Int, { nullable: true, description: TAIL_LINES }) tailLines: number | null,
    @Arg('sinceSeconds', () => Int, { nullable: true, description: SINCE_SECONDS }) sinceSeconds: number | null,
    @Arg('sinceTime', () => Date, { nullable: true, description: SINCE_TIME }) sinceTime: Date | null,
    @Arg('previous', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: "The log of the container's previous run (before its last restart) instead of the current one.",
    })
    previous: boolean | null,
    @Arg('limitBytes', () => Int, {
      nullable: true,
      description:
        'At most this many bytes of lines, kept from the start of the selected lines as in Kubernetes (default and maximum: 5 MiB unless configured).',
    })
    limitBytes: number | null,
    @Arg('grep', () => String, { nullable: true, description: GREP }) grep: string | null,
  ): Promise<PodLogs> {
    const result = await this.service.podLog({
      namespace,
      pod,
      container,
      tailLines,
      sinceSeconds,
      sinceTime,
      previous,
      limitBytes,
      grep,
    });
    return PodLogs.from(namespace, pod, result);
  }

  @Authorized('logs:read')
  @Query(() => [PodLogLine], {
    description:
      'The logs of every pod matching a label selector, merged by time (like stern): `tailLines` per container, at most 20 pods and 5000 lines (the newest) unless configured. Needs `logs:read`.',
  })
  async logs(
    @Arg('namespace', () => String, { description: 'A namespace the logs service shows.' }) namespace: string,
    @Arg('labelSelector', () => String, {
      description: 'The pods to merge, in Kubernetes syntax: `app=api`, `app in (api,worker)`.',
    })
    labelSelector: string,
    @Arg('container', () => String, {
      nullable: true,
      description: 'Only this container of each pod (pods without it are left out); default: every container.',
    })
    container: string | null,
    @Arg('tailLines', () => Int, { nullable: true, description: `${TAIL_LINES} Per container.` })
    tailLines: number | null,
    @Arg('sinceSeconds', () => Int, { nullable: true, description: SINCE_SECONDS }) sinceSeconds: number | null,
    @Arg('sinceTime', () => Date, { nullable: true, description: SINCE_TIME }) sinceTime: Date | null,
    @Arg('grep', () => String, { nullable: true, description: GREP }) grep: string | null,
  ): Promise<PodLogLine[]> {
    const lines = await this.service.mergedLogs({
      namespace,
      labelSelector,
      container,
      tailLines,
      sinceSeconds,
      sinceTime,
      grep,
    });
    return lines.map((line) =>
      Object.assign(new PodLogLine(), {
        ...LogLine.from(line),
        namespace: line.namespace,
        pod: line.pod,
        container: line.container,
      }),
    );
  }
}
