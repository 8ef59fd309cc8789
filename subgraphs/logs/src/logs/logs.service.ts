import { ForbiddenError, NotFoundError, UserInputError } from '@etl/kit';
import { assertContainerName, assertNamespaceName, assertPodName } from '../names/kubernetes-names.js';
import { LabelSelector } from '../names/label-selector.js';
import type { PodLogResult, PodLogSource, PodSummary } from '../sources/log-source.js';
import { resolveReadOptions, type LogLimits, type LogReadArgs } from './log-read-options.js';
import { mergePodLogs, type ContainerLog, type MergedLine } from './merge-pod-logs.js';

export interface LogsPolicy extends LogLimits {
  /** The namespaces shown; any other is FORBIDDEN. */
  namespaces: readonly string[];
  /** The most pods one `logs` call merges. */
  maxPods: number;
}

export interface PodLogArgs extends LogReadArgs {
  namespace: string;
  pod: string;
  container?: string | null;
  previous?: boolean | null;
}

export interface MergedLogArgs extends LogReadArgs {
  namespace: string;
  labelSelector: string;
  container?: string | null;
}

/** Reads of several containers run this many at a time: enough to overlap, few enough to spare the API. */
const PARALLEL_READS = 4;

/**
 * The rules of the logs service: every name checked before it reaches a source, only the
 * configured namespaces, every read bounded. The source does the reading.
 */
export class LogsService {
  constructor(
    private readonly source: PodLogSource,
    private readonly policy: LogsPolicy,
  ) {}

  async pods(namespace: string, labelSelector: string | null | undefined): Promise<PodSummary[]> {
    assertNamespaceName(namespace);
    const selector = LabelSelector.parse(labelSelector ?? '');
    this.assertShown(namespace);
    return this.source.listPods(namespace, selector);
  }

  async podLog(args: PodLogArgs): Promise<PodLogResult> {
    assertNamespaceName(args.namespace);
    assertPodName(args.pod);
    const container = args.container == null ? undefined : assertContainerName(args.container);
    const options = resolveReadOptions(args, this.policy);
    this.assertShown(args.namespace);
    return this.source.readPodLog({
      namespace: args.namespace,
      pod: args.pod,
      container,
      previous: args.previous ?? false,
      ...options,
    });
  }

  /**
   * The logs of every pod the selector matches, merged by time: each container read like
   * `podLog` (its `tailLines` lines), sharing the byte limit, then the newest LOGS_MAX_LINES kept.
   * Without `container`, every container of each pod; with it, the pods that have it.
   */
  async mergedLogs(args: MergedLogArgs): Promise<MergedLine[]> {
    assertNamespaceName(args.namespace);
    const selector = LabelSelector.parse(args.labelSelector);
    const container = args.container == null ? undefined : assertContainerName(args.container);
    const options = resolveReadOptions(args, this.policy);
    this.assertShown(args.namespace);
    const pods = await this.source.listPods(args.namespace, selector);
    if (pods.length > this.policy.maxPods) {
      throw new UserInputError(
        `labelSelector matches ${pods.length} pods; at most ${this.policy.maxPods} are merged: narrow the selector`,
        'labelSelector',
      );
    }
    const reads = pods.flatMap((pod) =>
      pod.containers
        .filter((c) => container === undefined || c.name === container)
        .map((c) => ({ pod: pod.name, container: c.name, containers: pod.containers.map((each) => each.name) })),
    );
    const limitBytes = Math.max(1, Math.floor(options.limitBytes / Math.max(1, reads.length)));
    const logs = await inBatches(reads, PARALLEL_READS, async (read): Promise<ContainerLog | null> => {
      try {
        const result = await this.source.readPodLog({
          namespace: args.namespace,
          ...read,
          previous: false,
          ...options,
          limitBytes,
        });
        return { namespace: args.namespace, pod: read.pod, container: result.container, lines: result.lines };
      } catch (error) {
        // A pod that went away between the listing and the read has no log to merge.
        if (error instanceof NotFoundError) return null;
        throw error;
      }
    });
    return mergePodLogs(
      logs.filter((log): log is ContainerLog => log !== null),
      this.policy.maxLines,
    );
  }

  private assertShown(namespace: string): void {
    if (!this.policy.namespaces.includes(namespace)) {
      throw new ForbiddenError(
        `Namespace ${JSON.stringify(namespace)} is not shown by the logs service (it shows: ${this.policy.namespaces.join(', ')})`,
      );
    }
  }
}

/** Runs `work` over `items`, at most `size` at once, keeping the order of `items` in the results. */
async function inBatches<T, R>(items: T[], size: number, work: (item: T) => Promise<R>): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += size) {
    results.push(...(await Promise.all(items.slice(i, i + size).map(work))));
  }
  return results;
}
