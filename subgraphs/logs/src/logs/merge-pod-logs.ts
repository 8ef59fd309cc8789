import { compareEntries, type LogEntry } from '../sources/log-source.js';

export interface ContainerLog {
  namespace: string;
  pod: string;
  container: string;
  lines: LogEntry[];
}

export interface MergedLine extends LogEntry {
  namespace: string;
  pod: string;
  container: string;
}

/**
 * Several containers' lines in one timeline, as stern shows them: by time, lines of the same
 * instant in the order the logs were given (pods by name), and at most `maxLines`, the newest.
 */
export function mergePodLogs(logs: ContainerLog[], maxLines: number): MergedLine[] {
  const merged: MergedLine[] = logs.flatMap(({ namespace, pod, container, lines }) =>
    lines.map((line) => ({ ...line, namespace, pod, container })),
  );
  merged.sort(compareEntries);
  return merged.length > maxLines ? merged.slice(merged.length - maxLines) : merged;
}
