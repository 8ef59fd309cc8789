import type { V1Pod } from '@kubernetes/client-node';
import type { PodSummary } from '../log-source.js';

/** A pod from the API, as the schema shows it; containers in the spec's order, with their status where known. */
export function toPodSummary(pod: V1Pod): PodSummary {
  const statuses = new Map((pod.status?.containerStatuses ?? []).map((s) => [s.name, s]));
  return {
    name: pod.metadata?.name ?? '',
    namespace: pod.metadata?.namespace ?? '',
    phase: pod.status?.phase ?? 'Unknown',
    nodeName: pod.spec?.nodeName ?? null,
    startedAt: toDate(pod.status?.startTime),
    labels: pod.metadata?.labels ?? {},
    containers: (pod.spec?.containers ?? []).map((c) => ({
      name: c.name,
      ready: statuses.get(c.name)?.ready ?? false,
      restartCount: statuses.get(c.name)?.restartCount ?? 0,
    })),
  };
}

function toDate(value: Date | string | undefined): Date | null {
  if (value === undefined) return null;
  const date = value instanceof Date ? value : new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
