import type { LabelSelector } from '../../names/label-selector.js';
import type { LogEntry, PodLogQuery, PodLogResult, PodLogSource, PodSummary } from '../log-source.js';
import { chooseContainer, podLogErrors } from '../pod-log-errors.js';
import { TailWindow } from '../tail-window.js';
import { parseCriRecord } from './cri-record.js';
import { openLogFile, type LogFileOpener } from './log-file-reader.js';
import { PartialLineJoiner } from './partial-line-joiner.js';
import { describePod, logFileNumbers, logFilePath, podFoldersOf } from './pod-folders.js';
import { ReverseLineReader } from './reverse-lines.js';
import { SubstringPrefilter } from './substring-prefilter.js';

export interface NodeLogFileSourceOptions {
  /** The pods folder, `/var/log/pods` on a node. */
  root: string;
  /** How far back one read may go in one file looking for lines that match. */
  maxScanBytes: number;
  /** This node's name, shown on every pod; null when unknown. */
  nodeName: string | null;
  openFile?: LogFileOpener;
}

/**
 * Pods and logs from the kubelet's files on this node (`/var/log/pods`, or the local stack's
 * folder in the same layout). Every name it is given has been checked against Kubernetes' rules,
 * so joining it into a path cannot leave the root.
 */
export class NodeLogFileSource implements PodLogSource {
  private readonly openFile: LogFileOpener;

  constructor(private readonly options: NodeLogFileSourceOptions) {
    this.openFile = options.openFile ?? openLogFile;
  }

  async listPods(namespace: string, selector: LabelSelector): Promise<PodSummary[]> {
    const folders = await podFoldersOf(this.options.root, namespace);
    const pods = await Promise.all([...folders.values()].map((f) => describePod(f, this.options.nodeName)));
    return pods.filter((pod) => selector.matches(pod.labels)).sort((a, b) => a.name.localeCompare(b.name));
  }

  async readPodLog(query: PodLogQuery): Promise<PodLogResult> {
    const folder = (await podFoldersOf(this.options.root, query.namespace)).get(query.pod);
    if (!folder) throw podLogErrors.podNotFound(query.namespace, query.pod);
    const containers =
      query.containers ?? (await describePod(folder, this.options.nodeName)).containers.map((c) => c.name);
    const container = chooseContainer(query.pod, query.container, containers);
    const numbers = await logFileNumbers(folder, container);
    // The current run writes the highest number; `previous` is the run before it.
    const number = query.previous ? numbers.at(-2) : numbers.at(-1);
    if (number === undefined) {
      if (query.previous) throw podLogErrors.noPreviousRun(query.pod, container);
      return { container, lines: [], truncated: false };
    }
    const window = new TailWindow(query.tailLines, query.limitBytes, query.filter);
    await this.readBackwards(logFilePath(folder, container, number), query, window);
    const lines = window.result();
    return { container, lines, truncated: window.truncated };
  }

  /** Feeds the file's lines, newest first, to the window until it is full, `since` is passed, or a limit. */
  private async readBackwards(path: string, query: PodLogQuery, window: TailWindow): Promise<void> {
    const file = await this.openFile(path);
    try {
      const reader = new ReverseLineReader(file, this.options.maxScanBytes);
      const joiner = new PartialLineJoiner(query.limitBytes);
      const since = query.sinceTime?.getTime();
      // Skipping unparsed records would also skip the time that ends a `since` read early.
      const substring = since === undefined ? query.filter?.substring : undefined;
      const prefilter = substring === undefined ? null : new SubstringPrefilter(substring);
      let more = true;
      /** Offers completed lines to the window; false once reading can stop. */
      const offer = (entries: readonly LogEntry[]): boolean => {
        for (const entry of entries) {
          // A file is written in time order: past `since` nothing older can qualify.
          if (since !== undefined && entry.time.getTime() < since) return false;
          if (!window.offer(entry)) return false;
        }
        return true;
      };
      for await (const text of reader.lines()) {
        const step = prefilter ? prefilter.next(text) : { read: [text] };
        if ('skip' in step) {
          more = offer(joiner.close(step.skip));
        } else {
          for (const raw of step.read) {
            const record = parseCriRecord(raw);
            if (record) more &&= offer(joiner.push(record));
          }
        }
        if (!more) break;
        if (joiner.overlong) {
          window.markTruncated();
          break;
        }
      }
      if (more) {
        offer(joiner.flush());
        if (reader.stoppedEarly && !window.full) window.markTruncated();
      }
    } finally {
      await file.close();
    }
  }
}
