import { dirname, resolve } from 'node:path';
import { z } from 'zod';
import { setting } from '@etl/kit';
import type { ScriptsConfig } from '../config.js';
import { ConcurrencyGate } from '../concurrency/concurrency-gate.js';
import { ScriptRunner } from './runner/script-runner.js';

/** How scripts run: the limits every run gets and how many run at once on one instance. */
export const runSettings = {
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
  SCRIPT_INPUT_BYTES: setting
    .positiveInt(1024 * 1024)
    .describe('Largest `input`, in bytes of JSON (`PAYLOAD_TOO_LARGE` above)'),
  SCRIPT_RESULT_BYTES: setting
    .positiveInt(1024 * 1024)
    .describe('Largest result of `main`, in bytes of JSON (`FAILED`, `RESULT_TOO_LARGE` above)'),
  SCRIPT_CONCURRENCY: setting
    .positiveInt(2)
    .describe('Runs at once per instance; later ones wait their turn, first come first served'),
  SCRIPT_QUEUE_SIZE: z.coerce
    .number({ invalid_type_error: 'expected a whole number' })
    .int('expected a whole number')
    .min(0, 'expected 0 or more')
    .default(16)
    .describe('Runs that may wait per instance; one more is `RATE_LIMITED` with `retryAfterSeconds`'),
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
      "Comma-separated folders scripts may not open although the service's user could (secrets, data); the file store's folder, the folders of `*_FILE` settings and other runs' folders are always protected",
    ),
  SCRIPT_MAX_OUTPUT_FILES: setting
    .positiveInt(100)
    .describe('Files a run may leave under `out/`; more fail the run (`OUTPUT_FILES`)'),
};

/**
 * What the run guard keeps scripts out of: the local file store (whose files have their own
 * permissions), the folders of secrets mounted as `X_FILE`, and the configured extra folders.
 */
export function protectedPaths(config: ScriptsConfig, env: NodeJS.ProcessEnv = process.env): string[] {
  const secretFolders = Object.entries(env)
    .filter(([name, value]) => name.endsWith('_FILE') && value)
    .map(([, value]) => dirname(resolve(value!)));
  const store = config.FILE_STORE === 'local' ? [resolve(config.FILES_DIR)] : [];
  return [...new Set([...store, ...secretFolders, ...config.SCRIPT_PROTECTED_PATHS.map((path) => resolve(path))])];
}

/** The runner with the configured limits. */
export function createRunner(config: ScriptsConfig): ScriptRunner {
  return new ScriptRunner({
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

export function createRunGate(config: ScriptsConfig): ConcurrencyGate {
  return new ConcurrencyGate(config.SCRIPT_CONCURRENCY, config.SCRIPT_QUEUE_SIZE);
}
