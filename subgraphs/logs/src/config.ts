import { z } from 'zod';
import { ConfigError, readConfig, serverSettings, setting, tokenVerificationSettings } from '@etl/kit';
import { isLabelName } from './names/kubernetes-names.js';

const MIB = 1024 * 1024;

/** Every setting of the logs subgraph; the README's configuration table lists the same. */
export const logsSettings = {
  ...serverSettings,
  ...tokenVerificationSettings,
  PORT: setting.port(4003),
  /** Where logs come from: the Kubernetes API, or the kubelet's log files on this node. */
  LOGS_SOURCE: z
    .enum(['kubernetes', 'files'], { errorMap: () => ({ message: 'expected kubernetes or files' }) })
    .default('files'),
  /** The pods folder the files source reads (`<namespace>_<pod>_<uid>/<container>/<n>.log`). */
  LOGS_ROOT: z.string().min(1).default('/var/log/pods'),
  /** The only namespaces shown; any other is FORBIDDEN. */
  LOGS_NAMESPACES: setting.list().transform((namespaces) => (namespaces.length ? namespaces : ['etl'])),
  /** Lines returned when the caller gives no `tailLines`. */
  LOGS_DEFAULT_LINES: setting.positiveInt(500),
  /** The largest `tailLines` a caller may ask for, and the most lines `logs` merges. */
  LOGS_MAX_LINES: setting.positiveInt(5000),
  /** The default and largest `limitBytes`: how many bytes of messages one answer carries. */
  LOGS_MAX_BYTES: setting.positiveInt(5 * MIB),
  /** How far back the files source reads one file looking for `tailLines` lines that match `grep`. */
  LOGS_MAX_SCAN_BYTES: setting.positiveInt(256 * MIB),
  /** How many pods one `logs` call may merge; a selector matching more is BAD_USER_INPUT. */
  LOGS_MAX_PODS: setting.positiveInt(20),
  /** The node the files source runs on, shown as each pod's `nodeName` (the downward API's spec.nodeName). */
  LOGS_NODE_NAME: z.string().min(1).optional(),
  /**
   * The Kubernetes API server, for the kubernetes source when neither in-cluster credentials nor
   * KUBECONFIG should be used (tests point it at a fake server). Unset: in-cluster, else KUBECONFIG.
   */
  KUBERNETES_API_URL: setting.url().optional(),
  /** How long one Kubernetes API call may take. */
  KUBERNETES_TIMEOUT_MS: setting.positiveInt(15_000),
};

export type LogsConfig = z.infer<z.ZodObject<typeof logsSettings>>;

export function readLogsConfig(env: NodeJS.ProcessEnv = process.env): LogsConfig {
  const config = readConfig(logsSettings, env);
  const problems: string[] = [];
  for (const namespace of config.LOGS_NAMESPACES) {
    if (!isLabelName(namespace)) problems.push(`LOGS_NAMESPACES: ${JSON.stringify(namespace)} is not a namespace name`);
  }
  if (config.LOGS_DEFAULT_LINES > config.LOGS_MAX_LINES) {
    problems.push(
      `LOGS_DEFAULT_LINES: ${config.LOGS_DEFAULT_LINES} is above LOGS_MAX_LINES (${config.LOGS_MAX_LINES})`,
    );
  }
  if (problems.length) throw new ConfigError(problems);
  return config;
}
