import type { LogsConfig } from '../config.js';
import { KubernetesLogSource } from './kubernetes/kubernetes-log-source.js';
import { loadKubeConfig } from './kubernetes/kube-config.js';
import type { PodLogSource } from './log-source.js';
import type { LogFileOpener } from './node-log-files/log-file-reader.js';
import { NodeLogFileSource } from './node-log-files/node-log-file-source.js';

/** The source LOGS_SOURCE names. */
export function createLogSource(config: LogsConfig, openFile?: LogFileOpener): PodLogSource {
  if (config.LOGS_SOURCE === 'kubernetes') {
    return new KubernetesLogSource({
      kubeConfig: loadKubeConfig(config.KUBERNETES_API_URL),
      timeoutMs: config.KUBERNETES_TIMEOUT_MS,
      maxLines: config.LOGS_MAX_LINES,
    });
  }
  return new NodeLogFileSource({
    root: config.LOGS_ROOT,
    maxScanBytes: config.LOGS_MAX_SCAN_BYTES,
    nodeName: config.LOGS_NODE_NAME ?? null,
    ...(openFile ? { openFile } : {}),
  });
}
