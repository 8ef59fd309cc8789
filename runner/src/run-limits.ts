import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { ConfigError, setting, type Logger } from '@etl/kit';
import type { RunnerConfig } from './runner-config.js';
import { BOOTSTRAP, ScriptRunner } from './execution/script-runner.js';
import { RunSandbox } from './sandbox/run-sandbox.js';

/** How scripts run: the limits every run gets, its sandbox, and what it may leave behind. */
export const runLimitSettings = {
  SCRIPT_TIMEOUT_SECONDS: setting
    .positiveInt(30)
    .describe('Wall-clock limit of a run (`TIMED_OUT`; the whole process group is killed)'),
  SCRIPT_MEMORY_MB: setting
    .positiveInt(256)
    .describe("Address-space cap of a run's interpreter, in MiB (`RLIMIT_AS`; `KILLED`, `MEMORY_LIMIT`)"),
  SCRIPT_CPU_SECONDS: setting
    .positiveInt(30)
    .optional()
    .describe('CPU-time cap of a run, in seconds (`RLIMIT_CPU`; `KILLED`, `CPU_LIMIT`); unset, the wall-clock limit'),
  SCRIPT_OUTPUT_BYTES: setting
    .positiveInt(1024 * 1024)
    .describe(
      'Bytes of stdout and of stderr kept per run; a run that writes more is stopped (`KILLED`, `OUTPUT_LIMIT`)',
    ),
  SCRIPT_RESULT_BYTES: setting
    .positiveInt(1024 * 1024)
    .describe('Largest result of `main`, in bytes of JSON (`FAILED`, `RESULT_TOO_LARGE` above)'),
  SCRIPT_WORK_DIR: z
    .string()
    .min(1)
    .optional()
    .describe("Where run folders are made (each removed after its run); unset, the system's temp folder"),
  SCRIPT_SITE_PACKAGES: setting
    .boolean(false)
    .describe("`true` lets scripts import the interpreter's site-packages; costs about 10 ms a run"),
  SCRIPT_PROTECTED_PATHS: setting
    .list()
    .describe(
      "Comma-separated folders scripts may not open although the runner's user could (secrets, data); the file store's folder, the folders of `*_FILE` settings and other runs' folders are always protected",
    ),
  SCRIPT_MAX_OUTPUT_FILES: setting
    .positiveInt(100)
    .describe('Files a run may leave under `out/`; more fail the run (`OUTPUT_FILES`)'),
  SCRIPT_PROGRESS_INTERVAL_MS: setting
    .positiveInt(1000)
    .describe(
      "How often a running run's output tail (the last 16 KiB of stdout and stderr) is stored, for clients following it by polling `scriptRun`",
    ),
  SCRIPT_SANDBOX: z
    .enum(['auto', 'bubblewrap', 'off'], { errorMap: () => ({ message: 'expected auto, bubblewrap or off' }) })
    .default('auto')
    .describe(
      "How runs are isolated: `bubblewrap`, each run in the operating system's sandbox (required in production); `auto`, bubblewrap where it works, else the audit-hook-guarded process with a loud warning (development only); `off`, the guarded process (development only)",
    ),
  SCRIPT_SANDBOX_BWRAP: z.string().min(1).default('bwrap').describe('The bubblewrap executable'),
  SCRIPT_SANDBOX_NETWORK: setting
    .boolean(false)
    .describe('`true` lets sandboxed runs reach the network; otherwise each run has an empty network of its own'),
  SCRIPT_MAX_PROCESSES: setting
    .positiveInt(64)
    .describe('Processes (and threads) a sandboxed run may have at once, all of them together'),
  SCRIPT_TMP_MB: setting
    .positiveInt(64)
    .describe("Size of a sandboxed run's own /tmp, in MiB (memory, counted in the run's memory)"),
  SCRIPT_SANDBOX_UID: setting
    .positiveInt(65534)
    .describe('The unprivileged user id sandboxed runs get when the service runs as root'),
  SCRIPT_SANDBOX_GID: setting
    .positiveInt(65534)
    .describe('The unprivileged group id sandboxed runs get when the service runs as root'),
};

/**
 * What the run guard keeps scripts out of: the local file store (whose files have their own
 * permissions), the folders of secrets mounted as `X_FILE`, and the configured extra folders.
 */
export function protectedPaths(config: RunnerConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const secretFolders = Object.entries(env)
    .filter(([name, value]) => name.endsWith('_FILE') && value)
    .map(([, value]) => dirname(resolve(value!)));
  const store = config.FILE_STORE === 'local' ? [resolve(config.FILES_DIR)] : [];
  return [...new Set([...store, ...secretFolders, ...config.SCRIPT_PROTECTED_PATHS.map((path) => resolve(path))])];
}

/**
 * The sandbox runs start in, as configured: bubblewrap checked by a trial run at start. In
 * production a run never starts without it; in development `auto` falls back to the guarded
 * process and says so loudly.
 */
export async function createSandbox(config: RunnerConfig, logger: Logger): Promise<RunSandbox | null> {
  if (config.SCRIPT_SANDBOX === 'off' && config.NODE_ENV === 'production') {
    throw new ConfigError(['SCRIPT_SANDBOX: runs cannot go unsandboxed in production (off is for development)']);
  }
  if (config.SCRIPT_SANDBOX === 'off') {
    logger.warn('SCRIPT_SANDBOX=off: scripts run as plain processes of this runner, guarded only by an audit hook');
    return null;
  }
  const options = {
    bubblewrap: config.SCRIPT_SANDBOX_BWRAP,
    network: config.SCRIPT_SANDBOX_NETWORK,
    maxProcesses: config.SCRIPT_MAX_PROCESSES,
    memoryBytes: config.SCRIPT_MEMORY_MB * 1024 * 1024,
    tmpBytes: config.SCRIPT_TMP_MB * 1024 * 1024,
    uid: config.SCRIPT_SANDBOX_UID,
    gid: config.SCRIPT_SANDBOX_GID,
  };
  try {
    const sandbox = await RunSandbox.create(options, config.PYTHON_PATH, BOOTSTRAP);
    logger.info({ cgroups: sandbox.usesCgroups, network: options.network }, 'script runs start in bubblewrap');
    return sandbox;
  } catch (error) {
    const reason = (error as Error).message;
    if (config.SCRIPT_SANDBOX === 'bubblewrap' || config.NODE_ENV === 'production') {
      throw new ConfigError([`SCRIPT_SANDBOX: ${reason}`]);
    }
    logger.warn(
      { reason },
      'NO SANDBOX: bubblewrap cannot run here, so scripts run as plain processes of this runner, ' +
        'guarded only by an audit hook. Install bubblewrap; production refuses to start like this.',
    );
    return null;
  }
}

/** The runner with the configured limits. */
export function createRunner(config: RunnerConfig, sandbox: RunSandbox | null = null): ScriptRunner {
  return new ScriptRunner({
    sandbox,
    progressIntervalMs: config.SCRIPT_PROGRESS_INTERVAL_MS,
    python: config.PYTHON_PATH,
    timeoutMs: config.SCRIPT_TIMEOUT_SECONDS * 1000,
    memoryBytes: config.SCRIPT_MEMORY_MB * 1024 * 1024,
    cpuSeconds: config.SCRIPT_CPU_SECONDS ?? config.SCRIPT_TIMEOUT_SECONDS,
    outputBytes: config.SCRIPT_OUTPUT_BYTES,
    resultBytes: config.SCRIPT_RESULT_BYTES,
    fileBytes: config.MAX_FILE_SIZE,
    workDir: config.SCRIPT_WORK_DIR,
    sitePackages: config.SCRIPT_SITE_PACKAGES,
    protectedPaths: protectedPaths(config),
  });
}
