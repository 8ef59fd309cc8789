import type { LabelSelector } from '../names/label-selector.js';

/** Which output of the container a line came from; null where the source cannot tell (the Kubernetes API). */
export type LogStreamName = 'stdout' | 'stderr';

export interface ContainerSummary {
  name: string;
  ready: boolean;
  restartCount: number;
}

/** A pod as a source describes it. */
export interface PodSummary {
  name: string;
  namespace: string;
  /** Kubernetes' pod phase: Pending, Running, Succeeded, Failed or Unknown. */
  phase: string;
  nodeName: string | null;
  startedAt: Date | null;
  labels: Record<string, string>;
  containers: ContainerSummary[];
}

/** One log line. `nanos` keeps the sub-millisecond part of the runtime's timestamp for ordering. */
export interface LogEntry {
  time: Date;
  nanos: number;
  stream: LogStreamName | null;
  message: string;
}

/** Decides whether a line is kept (`grep`); applied after reading, before counting `tailLines`. */
export interface LineFilter {
  test(message: string): boolean;
  /** Set when the filter is a plain substring: text without it anywhere cannot match. */
  readonly substring?: string;
}

/** A read of one container's log, with every name already checked and every limit resolved. */
export interface PodLogQuery {
  namespace: string;
  pod: string;
  /** Unset: the pod's only container (a pod with several needs one named). */
  container: string | undefined;
  tailLines: number;
  /** Lines at or after this instant (`sinceTime`, or now minus `sinceSeconds`). */
  sinceTime: Date | undefined;
  /** As given by the caller, for the Kubernetes API, which takes it as such. */
  sinceSeconds: number | undefined;
  previous: boolean;
  limitBytes: number;
  filter: LineFilter | null;
  /**
   * The pod's containers, when the caller has just listed the pod (`logs` merging many): the
   * source then need not look the pod up again for each read.
   */
  containers?: readonly string[];
}

export interface PodLogResult {
  container: string;
  /** Oldest first. */
  lines: LogEntry[];
  /** Lines were left out: older matching lines beyond `tailLines`, or bytes beyond `limitBytes`. */
  truncated: boolean;
}

/**
 * Where pods and their logs come from: the Kubernetes API, or the kubelet's files on a node.
 * Both give the same answers for the same cluster, and both raise the contract's errors: an
 * unknown pod is NOT_FOUND, an unknown or missing container BAD_USER_INPUT naming the containers.
 */
export interface PodLogSource {
  listPods(namespace: string, selector: LabelSelector): Promise<PodSummary[]>;
  readPodLog(query: PodLogQuery): Promise<PodLogResult>;
}

/** Orders lines by time, to the nanosecond; equal times keep their order (the sort is stable). */
export function compareEntries(a: LogEntry, b: LogEntry): number {
  return a.time.getTime() - b.time.getTime() || a.nanos - b.nanos;
}
