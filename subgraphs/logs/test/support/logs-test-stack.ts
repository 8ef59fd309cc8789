import { testGateway } from '@etl/gateway/testing';
import { startTestStack, type TestStack } from '@etl/testkit';
import { usersSubgraph } from '@etl/users/testing';
import { readLogsConfig } from '../../src/config.js';
import { startLogsSubgraph } from '../../src/logs-subgraph.js';
import { at, criRecord, PodLogFolders } from './pod-log-folders.js';

export interface LogsTestStack extends TestStack {
  folders: PodLogFolders;
}

/**
 * The platform with the logs subgraph reading a pods folder this helper writes: namespace `etl`
 * holds `api-0` (containers `api` with a previous run, and `sidecar`) and `worker-0`, labelled
 * `app=api` / `app=worker`; namespace `kube-system` has a pod the service must not show.
 */
export async function startLogsTestStack(env: Record<string, string> = {}): Promise<LogsTestStack> {
  const folders = new PodLogFolders();
  folders.addPod({
    name: 'api-0',
    labels: { app: 'api', tier: 'web' },
    logs: {
      api: {
        0: criRecord(at(1), 'stdout', 'F', 'previous run: crashed'),
        1:
          criRecord(at(10), 'stdout', 'F', 'api starting') +
          criRecord(at(12), 'stderr', 'F', 'WARN slow query') +
          criRecord(at(14), 'stdout', 'P', 'request ') +
          criRecord(at(14, 5), 'stdout', 'F', 'served') +
          criRecord(at(20), 'stdout', 'F', 'api ready'),
      },
      sidecar: { 0: criRecord(at(11), 'stdout', 'F', 'sidecar up') },
    },
  });
  folders.addPod({
    name: 'worker-0',
    labels: { app: 'worker', tier: 'batch' },
    logs: {
      worker: { 0: criRecord(at(13), 'stderr', 'F', 'worker tick') + criRecord(at(21), 'stdout', 'F', 'worker done') },
    },
  });
  folders.addPod({
    name: 'coredns-0',
    namespace: 'kube-system',
    labels: { app: 'dns' },
    logs: { coredns: { 0: criRecord(at(1), 'stdout', 'F', 'secret cluster chatter') } },
  });
  try {
    const stack = await startTestStack({
      users: usersSubgraph(),
      gateway: testGateway,
      subgraphs: [
        {
          name: 'logs',
          start: ({ env: shared }) =>
            startLogsSubgraph(readLogsConfig({ ...shared, LOGS_SOURCE: 'files', LOGS_ROOT: folders.root, ...env })),
        },
      ],
    });
    return {
      ...stack,
      folders,
      async stop() {
        await stack.stop();
        folders.remove();
      },
    };
  } catch (error) {
    folders.remove();
    throw error;
  }
}
