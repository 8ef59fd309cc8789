export { readLogsConfig, logsSettings, type LogsConfig } from './config.js';
export { startLogsSubgraph, type LogsSubgraphOptions } from './logs-subgraph.js';
export { buildLogsSchema } from './logs-schema.js';
export { LabelSelector } from './names/label-selector.js';
export type { PodLogSource, PodLogQuery, PodLogResult, PodSummary, LogEntry } from './sources/log-source.js';
export { KubernetesLogSource } from './sources/kubernetes/kubernetes-log-source.js';
export { loadKubeConfig } from './sources/kubernetes/kube-config.js';
export { NodeLogFileSource } from './sources/node-log-files/node-log-file-source.js';
export {
  countingOpener,
  openLogFile,
  type LogFileOpener,
  type RandomAccessFile,
} from './sources/node-log-files/log-file-reader.js';
export { parseGrep } from './logs/log-filter.js';
