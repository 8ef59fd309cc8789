import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { LogsPolicy } from '../../src/logs/logs.service.js';
import type { PodLogQuery } from '../../src/sources/log-source.js';

/** One record in the container runtime's format; `time` is written as given (RFC 3339, nanoseconds). */
export function criRecord(time: string, stream: 'stdout' | 'stderr', tag: 'P' | 'F', message: string): string {
  return `${time} ${stream} ${tag} ${message}\n`;
}

/** The service's defaults (LOGS_* settings) for namespace `etl`, for tests that build a LogsService. */
export const TEST_LOGS_POLICY: LogsPolicy = {
  namespaces: ['etl'],
  maxPods: 20,
  defaultLines: 500,
  maxLines: 5000,
  maxBytes: 5 * 1024 * 1024,
};

/** A source query for a pod of namespace `etl`: its last 100 lines, up to 1 MiB, as tests ask by default. */
export function podLogQuery(pod: string, extra: Partial<PodLogQuery> = {}): PodLogQuery {
  return {
    namespace: 'etl',
    pod,
    container: undefined,
    tailLines: 100,
    sinceTime: undefined,
    sinceSeconds: undefined,
    previous: false,
    limitBytes: 1024 * 1024,
    filter: null,
    ...extra,
  };
}

/** `2026-01-01T00:00:SS.<nanos>Z`: a second and nanoseconds, for readable fixtures. */
export function at(second: number, nanos = 0): string {
  return `2026-01-01T00:00:${String(second).padStart(2, '0')}.${String(nanos).padStart(9, '0')}Z`;
}

export interface FixturePod {
  namespace?: string;
  name: string;
  labels?: Record<string, string>;
  /** Container → log file number → content (CRI records). */
  logs: Record<string, Record<number, string>>;
  /** Write a pod.json as the local stack does (default), or leave it out as a real node does. */
  podJson?: boolean;
}

/** A throwaway pods folder in kubelet's layout, written by a test. */
export class PodLogFolders {
  readonly root = mkdtempSync(join(tmpdir(), 'etl-pod-logs-'));

  addPod(pod: FixturePod): string {
    const namespace = pod.namespace ?? 'etl';
    const uid = randomUUID();
    const dir = join(this.root, `${namespace}_${pod.name}_${uid}`);
    for (const [container, files] of Object.entries(pod.logs)) {
      mkdirSync(join(dir, container), { recursive: true });
      for (const [number, content] of Object.entries(files))
        writeFileSync(join(dir, container, `${number}.log`), content);
    }
    if (pod.podJson ?? true) {
      const status = {
        name: pod.name,
        namespace,
        uid,
        labels: pod.labels ?? {},
        startedAt: '2026-01-01T00:00:00.000Z',
        phase: 'Running',
        containers: Object.entries(pod.logs).map(([name, files]) => ({
          name,
          ready: true,
          restartCount: Math.max(...Object.keys(files).map(Number)),
        })),
      };
      writeFileSync(join(dir, 'pod.json'), JSON.stringify(status));
    }
    return dir;
  }

  remove(): void {
    rmSync(this.root, { recursive: true, force: true });
  }
}
