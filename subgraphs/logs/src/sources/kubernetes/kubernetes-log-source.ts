import {
  CoreV1Api,
  Observable,
  type ConfigurationOptions,
  type KubeConfig,
  type ObservableMiddleware,
} from '@kubernetes/client-node';
import type { LabelSelector } from '../../names/label-selector.js';
import type { LogEntry, PodLogQuery, PodLogResult, PodLogSource, PodSummary } from '../log-source.js';
import { chooseContainer, podLogErrors } from '../pod-log-errors.js';
import { parseRfc3339Nano } from '../rfc3339-nano.js';
import { TailWindow } from '../tail-window.js';
import { fromKubernetesError } from './kubernetes-errors.js';
import { toPodSummary } from './kubernetes-pods.js';

export interface KubernetesLogSourceOptions {
  kubeConfig: KubeConfig;
  /** How long one API call may take. */
  timeoutMs: number;
  /** With `grep`, how many of the log's last lines are fetched to search in. */
  maxLines: number;
}

/**
 * Pods and logs from the Kubernetes API. The pod is read first so that an unknown pod is
 * NOT_FOUND and the container is chosen and checked exactly as the files source does; the log
 * call then asks for timestamps, which give each line its time. The API does not say which
 * stream a line came from, so `stream` is null here.
 */
export class KubernetesLogSource implements PodLogSource {
  private readonly core: CoreV1Api;

  constructor(private readonly options: KubernetesLogSourceOptions) {
    this.core = options.kubeConfig.makeApiClient(CoreV1Api);
  }

  async listPods(namespace: string, selector: LabelSelector): Promise<PodSummary[]> {
    const labelSelector = selector.toString() || undefined;
    try {
      const list = await this.core.listNamespacedPod({ namespace, labelSelector }, this.requestOptions());
      return list.items.map(toPodSummary).sort((a, b) => a.name.localeCompare(b.name));
    } catch (error) {
      throw fromKubernetesError(error, () => new Error(`namespace ${namespace} is not known to the API`));
    }
  }

  async readPodLog(query: PodLogQuery): Promise<PodLogResult> {
    const notFound = () => podLogErrors.podNotFound(query.namespace, query.pod);
    const container = chooseContainer(query.pod, query.container, query.containers ?? (await this.containersOf(query)));
    // Without grep, one line more than asked tells whether older lines were left out; with grep,
    // the last maxLines lines are searched, since the API cannot filter.
    const tailLines = query.filter ? this.options.maxLines : query.tailLines + 1;
    let text: string;
    try {
      text = await this.core.readNamespacedPodLog(
        {
          name: query.pod,
          namespace: query.namespace,
          container,
          tailLines,
          sinceSeconds: query.sinceSeconds,
          previous: query.previous,
          limitBytes: query.limitBytes,
          timestamps: true,
        },
        this.requestOptions(query.sinceSeconds === undefined ? query.sinceTime : undefined),
      );
    } catch (error) {
      throw fromKubernetesError(error, notFound);
    }
    return { container, ...this.window(text, tailLines, query) };
  }

  private async containersOf(query: PodLogQuery): Promise<string[]> {
    try {
      const pod = await this.core.readNamespacedPod(
        { name: query.pod, namespace: query.namespace },
        this.requestOptions(),
      );
      return toPodSummary(pod).containers.map((c) => c.name);
    } catch (error) {
      throw fromKubernetesError(error, () => podLogErrors.podNotFound(query.namespace, query.pod));
    }
  }

  /** The API's answer through the same window as the files source, so both cut alike. */
  private window(text: string, requested: number, query: PodLogQuery): Omit<PodLogResult, 'container'> {
    const cutByBytes = Buffer.byteLength(text) >= query.limitBytes;
    const rows = text.split('\n');
    // The last row is empty after a final newline, or a line the byte limit cut short.
    const last = rows.pop();
    if (last && !cutByBytes) rows.push(last);
    const entries = rows.map(parseTimestampedLine).filter((e): e is LogEntry => e !== null);
    const window = new TailWindow(query.tailLines, query.limitBytes, query.filter);
    for (let i = entries.length - 1; i >= 0 && window.offer(entries[i]!); i--);
    if (cutByBytes || (query.filter && rows.length >= requested && !window.full)) window.markTruncated();
    return { lines: window.result(), truncated: window.truncated };
  }

  /**
   * Per-call options: a deadline, and `sinceTime`, which the generated client (1.4.0) does not
   * offer although the API takes it.
   */
  private requestOptions(sinceTime?: Date): ConfigurationOptions<ObservableMiddleware> {
    const timeoutMs = this.options.timeoutMs;
    const middleware: ObservableMiddleware = {
      pre: (request) => {
        request.setSignal(AbortSignal.timeout(timeoutMs));
        if (sinceTime) request.setQueryParam('sinceTime', sinceTime.toISOString());
        return new Observable(Promise.resolve(request));
      },
      post: (response) => new Observable(Promise.resolve(response)),
    };
    return { middleware: [middleware], middlewareMergeStrategy: 'append' };
  }
}

/** `<RFC3339Nano> <message>`, as the API writes lines with `timestamps=true`. */
function parseTimestampedLine(row: string): LogEntry | null {
  const space = row.indexOf(' ');
  const stamp = parseRfc3339Nano(space === -1 ? row : row.slice(0, space));
  if (!stamp) return null;
  return { ...stamp, stream: null, message: space === -1 ? '' : row.slice(space + 1) };
}
