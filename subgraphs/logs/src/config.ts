import { z } from 'zod';
import {
  ConfigError,
  readConfig,
  revocationSettings,
  serverSettings,
  setting,
  tokenVerificationSettings,
} from '@etl/kit';
import { isLabelName } from './names/kubernetes-names.js';

const MIB = 1024 * 1024;

/** Every setting of the logs subgraph, each described for docs/configuration.md. */
export const logsSettings = {
  ...serverSettings,
  ...tokenVerificationSettings,
  ...revocationSettings,
  PORT: setting.port(4003).describe('Port to listen on'),
  LOGS_SOURCE: z
    .enum(['kubernetes', 'files'], { errorMap: () => ({ message: 'expected kubernetes or files' }) })
    .default('files')
    .describe("Where logs come from: `kubernetes` (the API) or `files` (a node's kubelet log folder)"),
  LOGS_ROOT: z
    .string()
    .min(1)
    .default('/var/log/pods')
    .describe('The pods folder the files source reads (`<namespace>_<pod>_<uid>/<container>/<n>.log`)'),
  LOGS_NAMESPACES: setting
    .list()
    .transform((namespaces) => (namespaces.length ? namespaces : ['etl']))
    .describe('Comma-separated namespaces shown; any other is `FORBIDDEN`'),
  LOGS_DEFAULT_LINES: setting.positiveInt(500).describe('`tailLines` when the caller gives none'),
  LOGS_MAX_LINES: setting
    .positiveInt(5000)
    .describe('Largest `tailLines` a caller may ask for, and the most lines `logs` merges'),
  LOGS_MAX_BYTES: setting
    .positiveInt(5 * MIB)
    .describe('Default and largest `limitBytes`: how many bytes of messages one answer carries'),
  LOGS_MAX_SCAN_BYTES: setting
    .positiveInt(256 * MIB)
    .describe(
      'How far back the files source reads one file looking for `tailLines` lines that match `grep` (then `truncated`)',
    ),
  LOGS_MAX_PODS: setting
    .positiveInt(20)
    .describe('Most pods one `logs` call merges; a selector matching more is `BAD_USER_INPUT`'),
  LOGS_NODE_NAME: z
    .string()
    .min(1)
    .optional()
    .describe(
      "Node the files source runs on, shown as each pod's `nodeName` (from the downward API's `spec.nodeName`)",
    ),
  // Tests point KUBERNETES_API_URL at a fake API server.
  KUBERNETES_API_URL: setting
    .url()
    .optional()
    .describe(
      'Kubernetes API server reached without credentials (`kubectl proxy`); unset, the service account in a cluster, else `KUBECONFIG`',
    ),
  KUBERNETES_TIMEOUT_MS: setting.positiveInt(15_000).describe('Time limit of one Kubernetes API call'),
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
